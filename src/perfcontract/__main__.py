"""``python -m perfcontract``: the command line."""

from perfcontract.cli import main

raise SystemExit(main())
