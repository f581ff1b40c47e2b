"""How a command fails: one line on stderr, `erbsim: <what went wrong>`, exit code 1.

A command raises `CommandError` with a message a person can act on; `main()`
prints it. Nothing a user can cause should end in a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class CommandError(Exception):
    """A failure to report as `erbsim: <message>` with exit code 1."""


def report(error: CommandError) -> int:
    print(f"erbsim: {error}", file=sys.stderr)
    return 1


@contextmanager
def writing(path: str | os.PathLike) -> Iterator[None]:
    """Report a failure to write `path` (no permission, disk full, ...) as a CommandError."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from error
