"""`erbsim banks list|validate|stats`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from erbsim.core import banks


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("banks", help="list, validate and count question banks")
    actions = parser.add_subparsers(dest="banks_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the banks that load, with their question counts")
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    listing.set_defaults(func=list_banks)

    validate = actions.add_parser("validate", help="print every problem (file:line: field: message); exit 1 if any")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="bank files or folders (default: the shipped banks and your own)")
    validate.set_defaults(func=validate_banks)

    counts = actions.add_parser("stats", help="questions per category, dimension, track and seat")
    counts.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    counts.add_argument("--json", action="store_true")
    counts.set_defaults(func=bank_stats)


def user_bank_dir(data_dir: Path) -> Path:
    return data_dir / "question_banks"


def _load(args) -> banks.BankSet:
    """The banks named on the command line, else the shipped ones and the user's own."""
    return banks.load_banks(args.paths or banks.default_bank_paths(user_bank_dir(args.data_dir)))


def list_banks(args) -> int:
    loaded = _load(args)
    for name, path in loaded.banks.items():
        count = sum(1 for q in loaded.questions if q.bank == name)
        print(f"{name:<20} {count:>4} questions  {path}")
    if loaded.problems:
        print(f"{len(loaded.problems)} problem(s) in {len(loaded.problem_files)} file(s); "
              "run `erbsim banks validate` for details", file=sys.stderr)
    return 0


def validate_banks(args) -> int:
    loaded = _load(args)
    for problem in loaded.problems:
        print(problem)
    if loaded.problems:
        print(f"{len(loaded.problems)} problem(s) in {len(loaded.problem_files)} file(s); "
              f"{len(loaded.questions)} questions still load", file=sys.stderr)
        return 1
    print(f"ok: {len(loaded.questions)} questions in {len(loaded.banks)} bank(s)", file=sys.stderr)
    return 0


def bank_stats(args) -> int:
    loaded = _load(args)
    counts = banks.stats(loaded.questions)
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        for group, values in counts.items():
            print(f"{group}: " + ", ".join(f"{key} {value}" for key, value in values.items()))
    return 0
