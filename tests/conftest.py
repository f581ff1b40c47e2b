"""Test set-up shared by every layer.

Order matters: the sound server must be running, with its environment set,
before anything creates a QApplication or asks QtMultimedia for devices (Qt
does not reconnect later), so it is started in pytest_configure.
"""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")


def pytest_configure(config):
    # Never touch the user's real data folder or settings.
    home = tempfile.mkdtemp(prefix="erbsim-test-home-")
    os.environ["ERBSIM_HOME"] = home
    os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    try:
        import audio_server
    except ImportError:
        return
    audio_server.ensure_sound_server()


@pytest.fixture(scope="session")
def whisper():
    """The real tiny.en model, loaded once for the whole run (as the app loads it once)."""
    from erbsim.speech.transcription import WhisperTranscriber

    transcriber = WhisperTranscriber()
    transcriber.load()
    return transcriber
