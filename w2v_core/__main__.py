"""``python -m w2v_core``: see cli.py."""
from .fast.cli import main

raise SystemExit(main())
