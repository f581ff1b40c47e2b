"""The command line, one module per command family (see parser.py).

`erbsim = "erbsim.cli:main"` is the console script; `python -m erbsim` and
`python -m erbsim.cli` run the same main().
"""

from __future__ import annotations

from erbsim.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
