"""How values go into the database: times as ISO 8601 UTC strings, text that
SQLite can store, and enumerations checked before they are written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, overload


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@overload
def iso(moment: datetime | str) -> str: ...
@overload
def iso(moment: None) -> None: ...
@overload
def iso(moment: datetime | str | None) -> str | None: ...
def iso(moment: datetime | str | None) -> str | None:
    """ISO 8601 UTC with milliseconds and a Z; naive datetimes are taken as UTC."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_now_iso() -> str:
    return iso(utc_now())


def row_id(last_pk: Any) -> int:
    """The id of the row just inserted, from sqlite-utils' `Table.last_pk`
    (typed Any | None there); every table here has an INTEGER PRIMARY KEY."""
    if not isinstance(last_pk, int):
        raise TypeError(f"expected the new row's integer id, got {last_pk!r}")
    return last_pk


def clean_text(value: str) -> str:
    """Drop what SQLite cannot store as UTF-8 text (lone surrogates) and NULs."""
    return value.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")


def check(name: str, value: Any, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
