"""``python -m w2v_core``: see cli.py."""
from .cli import main

raise SystemExit(main())
