"""Files that fail the way a full or broken disk does (tests of the recording)."""

from __future__ import annotations

import io
import os


class FailsAt(io.FileIO):
    """A real file that fails like a full (or broken) disk once `limit` bytes are written:
    the write that crosses it is short, the next one raises."""

    def __init__(self, path, limit: int, code: int):
        super().__init__(path, "w+b")
        self.limit, self.code = limit, code

    def write(self, data) -> int:
        room = self.limit - self.tell()
        if room <= 0:
            raise OSError(self.code, os.strerror(self.code))
        return super().write(bytes(data)[:room])
