"""Fixtures for the speech tests: real clips, the real model (loaded once), Qt audio helpers."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from shared_data import SPEECH_DEV as DEV
from shared_data import require


def clip(name: str) -> Path:
    return require(DEV / "audio" / f"{name}.wav")


@pytest.fixture(scope="session")
def dev_manifest() -> dict[str, dict]:
    with open(require(DEV / "manifest.csv"), newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


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
