"""Entry point for ``python -m adapters``: the ``banbot`` command line."""

from adapters.cli import main

raise SystemExit(main())
