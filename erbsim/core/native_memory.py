"""Keeping a long session's native memory flat (glibc only; elsewhere a no-op).

A 45-minute defense grew by about 6 MB a minute in native memory while the
number of Python objects stayed flat (docs/reliability.md, "Long sessions").
erbsim runs many threads (GUI, store, streaming transcription, CTranslate2's,
Qt's audio threads); glibc gives each its own malloc arena and does not hand
memory freed in them back to the system. Two arenas, set before any thread
starts, and a trim now and then keep the heap from creeping.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # malloc.h
ARENAS = 2


@functools.cache  # loaded once: trim() runs every 45 s of a session
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")  # glibc's name; asking find_library runs ldconfig at every start
    except OSError:
        from ctypes.util import find_library

        try:
            libc = ctypes.CDLL(find_library("c"))
        except OSError:
            return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Call before any thread starts; True when glibc took the setting."""
    libc = _libc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, int(arenas)))


def trim() -> bool:
    """Give freed native memory back to the system (malloc_trim); True when some was."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
