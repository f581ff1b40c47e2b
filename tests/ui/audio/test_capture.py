"""Microphone capture through the real sound server (tests/audio_server.py)."""

from __future__ import annotations

import subprocess
import sys

import audio_server
import numpy as np
import pytest
import soundfile as sf
from shared_data import clip

from erbsim.speech.transcription import plain_words

pytestmark = [pytest.mark.audio, pytest.mark.slow]


@pytest.fixture
def recorder(qtbot):
    from erbsim.ui.audio.capture import Recorder

    rec = Recorder()
    yield rec
    if rec.is_recording:
        rec.stop()


def test_record_real_speech_and_transcribe(qtbot, recorder, play_into, tmp_path, whisper):
    blocks, levels = [], []
    recorder.add_listener(blocks.append)
    recorder.level.connect(lambda rms, peak: levels.append(peak))
    path = tmp_path / "answer.opus"
    recorder.start(path)
    # Qt connects to the sound server in the background, and what is played into the
    # microphone before that is lost (a recorder 1.3 s late missed "And so my fellow
    # Americans"): the speech starts once the recorder hears the microphone.
    qtbot.waitUntil(lambda: recorder.seconds > 0, timeout=10000)
    speech_starts = recorder.seconds
    player = play_into(clip("jfk_inaugural"))  # 11.0 s
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=30000)
    qtbot.waitUntil(lambda: recorder.seconds >= speech_starts + 11.5, timeout=5000)
    with qtbot.waitSignal(recorder.stopped, timeout=5000):
        recorder.stop()
    info = sf.info(str(path))
    assert info.samplerate == 16000 and info.channels == 1 and info.duration >= 11
    assert max(levels) > 0.1
    assert sum(len(b) for b in blocks) == pytest.approx(recorder.seconds * 16000, abs=1)
    text = whisper.transcribe(path).text
    assert {"ask", "country", "americans"} <= set(plain_words(text)), f"heard {text!r} in {info.duration:.2f} s"


def test_file_is_readable_while_recording(qtbot, recorder, play_into, tmp_path):
    path = tmp_path / "live.opus"
    recorder.start(path)
    play_into(clip("long_sonnet001"))
    qtbot.waitUntil(lambda: recorder.seconds >= 3.5, timeout=10000)
    # What a crash would leave: the bytes on disk now. Read them in another process.
    snapshot = tmp_path / "crash.opus"
    snapshot.write_bytes(path.read_bytes())
    seconds_now = recorder.seconds
    recorder.stop()
    done = subprocess.run([sys.executable, "-c", "import soundfile as sf, sys; a, r = sf.read(sys.argv[1]); "
                           "print(len(a) / r)", str(snapshot)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) >= seconds_now - 1.5


def test_preflight_reports_silence_and_sound(qtbot, play_into):
    from erbsim.ui.audio.capture import preflight

    silent = preflight("vmic", seconds=0.5)
    assert not silent.ok and "silence" in silent.message
    player = play_into(clip("long_sonnet001"))
    qtbot.waitUntil(lambda: _source_running("vmic"), timeout=5000)
    heard = preflight("vmic", seconds=1.5)
    player.kill()
    assert heard.ok and heard.peak > 0.05


def _source_running(name: str) -> bool:
    out = subprocess.run(["pactl", "list", "short", "sink-inputs"], capture_output=True, text=True).stdout
    return bool(out.strip())


def test_no_microphone_is_a_clear_error(recorder, tmp_path):
    from erbsim.speech.recording import NoMicrophone

    with pytest.raises(NoMicrophone, match="not available"):
        recorder.start(tmp_path / "x.opus", device="no-such-mic")
    assert not (tmp_path / "x.opus").exists()


def test_mic_removed_mid_recording_keeps_audio(qtbot, recorder, play_into, tmp_path):
    from erbsim.ui.audio.devices import list_input_devices

    module = audio_server.load_extra_mic("usbmic")
    try:
        qtbot.waitUntil(lambda: any(d.id == "usbmic" for d in list_input_devices()), timeout=5000)
        path = tmp_path / "unplugged.opus"
        recorder.start(path, device="usbmic")
        play_into(clip("long_sonnet001"), sink="usbmic_in")
        qtbot.waitUntil(lambda: recorder.seconds >= 3.0, timeout=10000)
        with qtbot.waitSignals([recorder.error, recorder.stopped], timeout=5000):
            audio_server.unload_module(module)
        message = recorder.last_error or ""
    finally:
        audio_server.unload_extra_mic(module)
    assert "disconnected" in message and "saved" in message
    assert not recorder.is_recording
    audio, rate = sf.read(str(path))
    assert len(audio) / rate >= 2.5
    assert np.abs(audio).max() > 0.05  # the speech before the removal is there
