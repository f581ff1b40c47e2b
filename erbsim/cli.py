"""Command line: `erbsim` alone opens the app; `erbsim <command>` runs a command.

Each command family lives in erbsim/commands/ and registers itself through
`register(commands, bench_commands)`, adding sub-parsers whose `func(args)`
returns the exit code. Heavy imports (Qt, whisper) happen inside handlers so
that `erbsim banks ...` stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys

from erbsim import __version__
from erbsim.core.paths import HOME_ENV

COMMAND_MODULES = ("banks", "sessions", "speech", "lens", "review", "app")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="erbsim",
        description="Rehearse an Executive Review Board defense. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"erbsim {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"folder for the database and recordings (default: ${HOME_ENV} or the platform's data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench = commands.add_parser("bench", help="benchmarks that print JSON")
    bench_commands = bench.add_subparsers(dest="bench_command", metavar="BENCHMARK", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"erbsim.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"erbsim.commands.{name}":
                raise
            continue
        module.register(commands, bench_commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ[HOME_ENV] = os.path.abspath(args.data_dir)
    if args.command is None:
        from erbsim.ui.app import run_app

        return run_app(sys.argv[:1])
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `erbsim ... | head`
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
