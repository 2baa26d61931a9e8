"""``python -m w2v_core``: see cli.py."""
from .cli.main import main

raise SystemExit(main())
