"""Entry point for ``python -m finder``."""

from .cli import main

raise SystemExit(main())
