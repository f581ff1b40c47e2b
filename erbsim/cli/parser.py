"""The `erbsim` parser and main(): `erbsim` alone opens the app; `erbsim <command>` runs a command.

Each command family is a module of this package with
`register(commands, bench_commands)`, adding sub-parsers whose `func(args)`
returns the exit code. Heavy imports (Qt, whisper, the developer tools)
happen inside handlers so that `erbsim banks ...` stays quick.

The data folder is resolved once here (--data-dir, else $ERBSIM_HOME, else
the platform's) and handed to commands as `args.data_dir`; nothing is
written into the environment.
"""

from __future__ import annotations

import argparse
import os
import sys

from erbsim import __version__
from erbsim.cli import banks, developer, export, lens, packet, probe, review, sessions, speech, storage
from erbsim.cli.errors import CommandError, report
from erbsim.core.native_memory import limit_malloc_arenas
from erbsim.core.paths import HOME_ENV, private_umask, resolve_data_dir
from erbsim.core.startup import mark

COMMAND_FAMILIES = (banks, sessions, packet, export, speech, lens, probe, review, storage, developer)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="erbsim",
        description="Rehearse an Executive Review Board defense. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"erbsim {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the database and recordings "
                             f"(default: ${HOME_ENV} or the platform's data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench = commands.add_parser("bench", help="benchmarks that print JSON")
    bench_commands = bench.add_subparsers(dest="bench_command", metavar="BENCHMARK", required=True)
    for family in COMMAND_FAMILIES:
        family.register(commands, bench_commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    mark("python_and_cli_imports")  # the interpreter started, the command line's modules imported
    limit_malloc_arenas()  # before any thread starts (docs/reliability.md, "Long sessions")
    previous = private_umask()  # what erbsim writes in the data folder is the user's alone (0600, folders 0700)
    try:
        return _run(argv)
    finally:
        os.umask(previous)  # main() called in a process that goes on (tests) leaves its umask as it was


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from erbsim.ui.app import run_app

        # Only a folder named on the command line is passed: without one the app
        # itself weighs $ERBSIM_HOME against the folder chosen in its settings.
        return run_app(sys.argv[:1], data_dir=resolve_data_dir(args.data_dir) if args.data_dir else None)
    args.data_dir = resolve_data_dir(args.data_dir or None)
    try:
        return int(args.func(args) or 0)
    except CommandError as error:
        return report(error)
    except BrokenPipeError:  # `erbsim ... | head`
        return 0
