"""Times as the person reads them: a stored UTC time in local time.

Its own module so that the home window's list of recent sessions can show dates
without importing the export code (and the lens it brings) at start."""

from __future__ import annotations

from datetime import datetime


def local_time(iso_utc: str | None) -> str:
    if not iso_utc:
        return "–"
    moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
