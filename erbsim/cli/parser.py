"""The `erbsim` parser and main(): `erbsim` alone opens the app; `erbsim <command>` runs a command.

Each command family is a module of this package with
`register(commands, bench_commands)`, adding sub-parsers whose `func(args)`
returns the exit code. Heavy imports (Qt, whisper, the developer tools)
happen inside handlers so that `erbsim banks ...` stays quick, and the
command modules themselves are imported only when the command line names a
command: `erbsim` alone opens the app without them (docs: start-up).

The data folder is resolved once here (--data-dir, else $ERBSIM_HOME, else
the platform's) and handed to commands as `args.data_dir`; nothing is
written into the environment.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from erbsim import __version__
from erbsim.cli.errors import CommandError, report
from erbsim.core.native_memory import limit_malloc_arenas
from erbsim.core.paths import HOME_ENV, private_umask, resolve_data_dir
from erbsim.core.startup import mark

COMMAND_FAMILIES = ("banks", "sessions", "packet", "export", "speech", "lens", "probe", "review", "storage",
                   "developer")  # modules of this package


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line. With commands=False, only the options that come before a command
    (all that opening the app takes), without importing the command modules."""
    parser = argparse.ArgumentParser(
        prog="erbsim",
        description="Rehearse an Executive Review Board defense. Without a command, opens the app.",
        add_help=commands, exit_on_error=commands,
    )
    parser.add_argument("--version", action="version", version=f"erbsim {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the database and recordings "
                             f"(default: ${HOME_ENV} or the platform's data folder)")
    parser.add_argument("--no-welcome", action="store_true",
                        help="open the app without the first-run welcome (for scripts and tests)")
    if not commands:
        return parser
    command_parsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    bench = command_parsers.add_parser("bench", help="benchmarks that print JSON")
    bench_commands = bench.add_subparsers(dest="bench_command", metavar="BENCHMARK", required=True)
    for family in COMMAND_FAMILIES:
        importlib.import_module(f"erbsim.cli.{family}").register(command_parsers, bench_commands)
    return parser


def _app_arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """The options when `argv` names no command, so the app opens: read without the command
    modules. None when it names a command, asks for help or holds anything else."""
    words = sys.argv[1:] if argv is None else argv
    if any(word in ("-h", "--help") for word in words):
        return None
    try:
        args, rest = build_parser(commands=False).parse_known_args(words)
    except argparse.ArgumentError:
        return None  # the whole parser says what is wrong
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    mark("python_and_cli_imports")  # the interpreter started, the command line's modules imported
    limit_malloc_arenas()  # before any thread starts (docs/reliability.md, "Long sessions")
    previous = private_umask()  # what erbsim writes in the data folder is the user's alone (0600, folders 0700)
    try:
        return _run(argv)
    finally:
        os.umask(previous)  # main() called in a process that goes on (tests) leaves its umask as it was


def _run(argv: list[str] | None) -> int:
    args = _app_arguments(argv) or build_parser().parse_args(argv)
    if args.command is None:
        from erbsim.ui.app import run_app

        # Only a folder named on the command line is passed: without one the app
        # itself weighs $ERBSIM_HOME against the folder chosen in its settings.
        return run_app(sys.argv[:1], data_dir=resolve_data_dir(args.data_dir) if args.data_dir else None,
                       welcome=not args.no_welcome)
    args.data_dir = resolve_data_dir(args.data_dir or None)
    try:
        return int(args.func(args) or 0)
    except CommandError as error:
        return report(error)
    except BrokenPipeError:  # `erbsim ... | head`
        return 0
