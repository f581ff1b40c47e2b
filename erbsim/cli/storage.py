"""`erbsim backup` and `erbsim restore`: copies of the database and putting one back.

Backups are made with the SQLite backup API and checked (erbsim/core/store/
health.py); the app makes one a day in <data>/backups and keeps the last 7.
`restore` refuses while a defense is being recorded by a running erbsim, and
keeps the database it replaces beside it (erbsim.db.broken-<time> when it
was unusable, erbsim.db.replaced-<time> otherwise).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from erbsim.cli.errors import CommandError
from erbsim.cli.store_access import store_errors
from erbsim.core.instance import app_holder
from erbsim.core.paths import database_path
from erbsim.core.store import DatabaseUnusable, Store, check_database, list_backups, restore_backup


def register(commands, bench_commands) -> None:
    backup = commands.add_parser("backup", help="a checked copy of the database (default: in <data>/backups)")
    backup.add_argument("--out", metavar="FILE", help="where to write the copy")
    backup.set_defaults(func=make_backup)

    restore = commands.add_parser("restore", help="put a backup in place of the database (the old file is kept)")
    restore.add_argument("file", nargs="?", metavar="FILE", help="the backup to restore (default: the newest)")
    restore.add_argument("--list", action="store_true", help="list the backups, newest first")
    restore.set_defaults(func=restore_database)


def make_backup(args: argparse.Namespace) -> int:
    with store_errors(args.data_dir):
        if not database_path(args.data_dir).exists():
            raise CommandError(f"there is no database in {args.data_dir} to back up")
        out = Path(args.out) if args.out else (
            args.data_dir / "backups" / f"erbsim-{datetime.now().strftime('%Y-%m-%d-%H%M%S')}.db")
        with Store(data_root=args.data_dir) as store:
            try:
                store.backup(out)
            except OSError as error:
                raise CommandError(f"cannot write {out}: {error.strerror or error}") from error
    print(f"Backed up the database to {out}.")
    return 0


def restore_database(args: argparse.Namespace) -> int:
    backups = list_backups(args.data_dir)
    if args.list:
        if not backups:
            print(f"No backups in {args.data_dir / 'backups'}.")
        for backup in backups:
            print(f"{backup.label}\t{backup.path}")
        return 0
    if args.file:
        chosen = Path(args.file).expanduser().absolute()
    elif backups:
        chosen = backups[0].path
    else:
        raise CommandError(f"there are no backups in {args.data_dir / 'backups'}; name a file to restore")
    database = database_path(args.data_dir)
    with store_errors(args.data_dir):
        _refuse_while_recording(args.data_dir)
        try:
            check_database(chosen)
        except DatabaseUnusable as error:
            raise CommandError(f"cannot restore from it: {error}") from error
        aside = restore_backup(database, chosen, datetime.now())
    kept = f" The previous database is kept as {aside.name}." if aside is not None else ""
    print(f"Restored the database from {chosen}.{kept}")
    return 0


def _refuse_while_recording(data_dir: Path) -> None:
    """A running erbsim owns the database: never replace it under it (the app holds the
    folder's lock while open; a session recorded by a live process counts too)."""
    if app_holder(data_dir) is not None:
        raise CommandError(f"erbsim is open on {data_dir}; close it, then restore")
    try:
        check_database(database_path(data_dir))
    except DatabaseUnusable:
        return  # no app can be using a database it cannot open
    if not database_path(data_dir).exists():
        return
    with Store(data_root=data_dir) as store:
        live = store.recording_sessions()
    if live:
        raise CommandError(f"erbsim is recording a defense in {data_dir} (session {live[0]}); "
                           "end it and close the app, then restore")
