"""Fixtures for the speech tests: real clips, the real model (loaded once), Qt audio helpers."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[3] / "shared" / "speech" / "dev"
if not DEV.is_dir():  # CI: shared/ sits beside the clone
    DEV = Path("/work/shared/speech/dev")


def clip(name: str) -> Path:
    path = DEV / "audio" / f"{name}.wav"
    if not path.exists():
        pytest.skip(f"speech clip {path} not available")
    return path


@pytest.fixture(scope="session")
def dev_manifest() -> dict[str, dict]:
    with open(DEV / "manifest.csv", newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def whisper():
    from erbsim.speech.transcription import WhisperTranscriber

    transcriber = WhisperTranscriber()
    transcriber.load()
    return transcriber


@pytest.fixture(scope="session")
def synthesizer(tmp_path_factory):
    from erbsim.speech.synthesis import SpeechSynthesizer

    tts = SpeechSynthesizer(tmp_path_factory.mktemp("speech-cache"))
    yield tts
    tts.close()


class PlayInto:
    """`paplay` a file into a virtual sink, in real time, as a person speaking."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def __call__(self, path: Path, sink: str = "vmic_in") -> subprocess.Popen:
        proc = subprocess.Popen(["paplay", "-d", sink, str(path)])
        self.procs.append(proc)
        return proc

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(5)


@pytest.fixture
def play_into():
    player = PlayInto()
    yield player
    player.close()
