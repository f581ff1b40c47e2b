"""The one way commands open the store, and the one way its failures are reported.

A command that needs the database is written as `action(store, args)` and
decorated with `@with_store(create=...)`: the store is opened in
`args.data_dir` (resolved once by main()), closed afterwards, and a missing
session, an unusable database or an unreadable data folder becomes one line
on stderr and exit code 1 (see erbsim/cli/errors.py), never a traceback.
A command that writes says so (`writes=True`): while the app records a session
on the same data folder it refuses in one line (`refuse_while_recording`).
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from erbsim.cli.errors import CommandError
from erbsim.core.instance import RECORDING_REFUSAL
from erbsim.core.paths import database_path
from erbsim.core.store import DatabaseUnusable, SchemaError, SessionNotFound, StorageError, Store

Action = Callable[["Store | None", argparse.Namespace], int]
Command = Callable[[argparse.Namespace], int]


def open_store(data_dir: Path, *, create: bool = True) -> Store | None:
    """The store in `data_dir`. With create=False, None when no database exists
    yet: commands that only read leave an empty data folder as it is."""
    if not create and not database_path(data_dir).exists():
        return None
    return Store(data_root=data_dir)


@contextmanager
def store_errors(data_dir: Path) -> Iterator[None]:
    """Turn what can go wrong with the store into a CommandError of one line."""
    try:
        yield
    except SessionNotFound as error:
        raise CommandError(f"{error} (see `erbsim sessions list`)") from error
    except DatabaseUnusable as error:
        if error.kind == "newer":
            raise CommandError(str(error)) from error
        raise CommandError(f"{error}; it was left as it is: `erbsim restore --list` shows the backups and "
                           "`erbsim restore` puts the newest back") from error
    except (StorageError, SchemaError) as error:
        raise CommandError(str(error)) from error
    except sqlite3.DatabaseError as error:  # not a database, locked, disk I/O
        raise CommandError(f"cannot use the database in {data_dir}: {error}") from error
    except BrokenPipeError:  # `erbsim ... | head`: main() ends quietly
        raise
    except OSError as error:
        raise CommandError(f"cannot use the data folder {data_dir}: {error.strerror or error}") from error


def refuse_while_recording(store: Store) -> None:
    """A CommandError while another process (the app) is recording a session in this store."""
    if store.recording_sessions():
        raise CommandError(RECORDING_REFUSAL)


def with_store(*, create: bool, writes: bool = False) -> Callable[[Action], Command]:
    """Make `action(store, args)` a command `func(args)` that opens and closes the store.

    `create=False` passes None for the store when there is no database yet.
    `writes=True`: refused while the app records a session (refuse_while_recording)."""
    def decorate(action: Action) -> Command:
        @wraps(action)
        def command(args: argparse.Namespace) -> int:
            with store_errors(args.data_dir):
                store = open_store(args.data_dir, create=create)
                try:
                    if writes and store is not None:
                        refuse_while_recording(store)
                    return action(store, args)
                finally:
                    if store is not None:
                        store.close()
        return command
    return decorate
