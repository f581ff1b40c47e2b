"""A recording that cannot be written any more (a full disk, a failing drive) raises
once, and what was flushed before still decodes: on a real tiny filesystem (a tmpfs
mounted for the test, root only) and through a file that fails at a chosen byte."""

from __future__ import annotations

import errno
import os
import subprocess

import numpy as np
import pytest
import soundfile as sf
from failing_files import FailsAt

from erbsim.speech.recording import SAMPLE_RATE, RecordingWriteError, open_writer

BLOCK = SAMPLE_RATE // 10  # 100 ms, as the microphone delivers them


def speech_like(seconds: float, seed: int = 7) -> np.ndarray:
    """Noise shaped in loudness like speech: Opus cannot squeeze it much (about 4 kB/s)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    envelope = 0.5 + 0.5 * np.sin(np.arange(n) / SAMPLE_RATE * 2 * np.pi * 3)
    return (rng.normal(0, 6000, n) * envelope).clip(-32768, 32767).astype(np.int16)


def record_until_it_fails(writer, samples: np.ndarray) -> tuple[float, float, OSError | None]:
    """Write blocks with a flush each second, as the Recorder does; returns the seconds
    handed over, the seconds flushed, and the error."""
    handed = flushed = 0.0
    try:
        for start in range(0, len(samples), BLOCK):
            writer.write(samples[start:start + BLOCK])
            handed += BLOCK / SAMPLE_RATE
            if round(handed * 10) % 10 == 0:
                writer.flush()
                flushed = handed
    except RecordingWriteError as error:
        return handed, flushed, error
    finally:
        writer.close()
    return handed, flushed, None


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 KiB filesystem (tmpfs), mounted for the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the injected failing file below covers the same path")
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_stops_the_recording_and_keeps_what_was_flushed(tiny_disk):
    path = tiny_disk / "answer-001.opus"
    handed, flushed, error = record_until_it_fails(open_writer(path), speech_like(60))
    assert error is not None and error.errno == errno.ENOSPC
    assert 5 < handed < 30  # 64 KiB of Opus at about 4 kB/s
    data, rate = sf.read(str(path))
    assert handed - 1.5 <= len(data) / rate <= handed  # at most an Ogg page (about a second) is lost
    assert np.abs(data).max() > 0.05


@pytest.mark.parametrize("limit", [6_000, 20_001, 33_333])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_a_write_error_at_a_chosen_byte_keeps_a_decodable_file(tmp_path, limit, code):
    path = tmp_path / "answer-001.opus"
    writer = open_writer(path, lambda p: FailsAt(p, limit, code))
    handed, flushed, error = record_until_it_fails(writer, speech_like(30))
    assert error is not None and error.errno == code
    assert path.stat().st_size <= limit
    data, rate = sf.read(str(path))
    assert handed - 1.5 <= len(data) / rate <= handed  # at most an Ogg page (about a second) is lost


def test_writing_after_the_failure_raises_again_and_close_does_not(tmp_path):
    path = tmp_path / "answer-001.wav"
    writer = open_writer(path, lambda p: FailsAt(p, 40_000, errno.ENOSPC))
    with pytest.raises(RecordingWriteError):
        for _ in range(20):
            writer.write(speech_like(0.5))
            writer.flush()
    with pytest.raises(RecordingWriteError):
        writer.write(speech_like(0.1))
    writer.close()
    assert path.stat().st_size <= 40_000
