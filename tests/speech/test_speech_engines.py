"""Synthesis, transcription and streaming on real audio (no Qt)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from erbsim.speech.streaming import StreamingTranscriber
from erbsim.speech.synthesis import SpeechSynthesizer, SpeechUnavailable
from erbsim.speech.transcription import SpeechRecognitionTranscriber, load_audio, plain_words
from erbsim.speech.voices import VoiceSettings, seat_voices, voice_for_seat

from .conftest import clip

pytestmark = pytest.mark.slow


def test_five_seats_have_distinct_voices():
    from erbsim.core.seats import SEAT_IDS

    voices = [voice_for_seat(seat) for seat in SEAT_IDS]
    assert len(set(voices)) == 5
    assert len({v.voice for v in voices}) == 5
    assert set(seat_voices()) == set(SEAT_IDS)


def test_render_is_cached_by_text_and_voice(synthesizer):
    assert synthesizer.available(15), synthesizer.unavailable_reason
    first = synthesizer.render("Why did you build it then?", voice_for_seat("cpo")).result(30)
    mtime = first.stat().st_mtime_ns
    again = synthesizer.render("Why did you build it then?", voice_for_seat("cpo")).result(30)
    other = synthesizer.render("Why did you build it then?", voice_for_seat("gm")).result(30)
    assert again == first and first.stat().st_mtime_ns == mtime
    assert other != first
    info = sf.info(str(first))
    assert info.duration > 0.5


def test_rendered_question_is_understood(synthesizer, whisper):
    path = synthesizer.render("What did you choose not to build?", voice_for_seat("tech_fellow")).result(30)
    text = whisper.transcribe(path).text
    words = plain_words(text)
    assert "build" in words and "choose" in words, f"heard {text!r} in {sf.info(str(path)).duration:.2f} s of audio"


def test_each_render_has_its_own_rate_whoever_spoke_before(tmp_path):
    # pyttsx3's espeak driver used to cancel the settings still queued when a render
    # began, so a question now and then came out at the rate of the one rendered
    # before it, more often on a slow or busy machine (see erbsim/speech/espeak_driver.py).
    seconds: dict[int, list[float]] = {100: [], 300: []}
    for i in range(4):
        for rate in seconds:  # slow and fast in turn: each render follows the other rate
            with SpeechSynthesizer(tmp_path / f"cache-{i}-{rate}") as tts:  # nothing cached
                path = tts.render("What did you choose not to build?", VoiceSettings("gmw/en-us", rate)).result(30)
                seconds[rate].append(round(sf.info(str(path)).duration, 2))
    assert min(seconds[100]) > 2 * max(seconds[300]), f"seconds of audio by words per minute: {seconds}"


def test_no_engine_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ERBSIM_TTS_ENGINE", "espeak")  # no natural voices either
    with SpeechSynthesizer(tmp_path, driver="no_such_driver") as tts:
        assert not tts.available(10)
        assert "text" in tts.unavailable_reason.lower()
        with pytest.raises(SpeechUnavailable):
            tts.render("Hello?", voice_for_seat("cpo")).result(10)


def test_whole_file_keeps_words_timings_and_fillers(whisper):
    result = whisper.transcribe(clip("jfk_inaugural"))
    words = plain_words(result.text)
    assert {"ask", "country", "americans"} <= set(words)
    assert result.words and all(w.start <= w.end for w in result.words)
    assert result.words[-1].end <= result.duration + 0.5
    unscripted = plain_words(whisper.transcribe(clip("mfa_acoustic_corpus")).text)
    assert "um" in unscripted and "uh" in unscripted


def test_a_transcription_does_not_depend_on_the_one_before(whisper):
    # One model serves every answer of a session: answer 5 must come out the same
    # whatever answer 4 said (no earlier text as prompt, no carried decoder state).
    answer = clip("ls_1988-24833-0000")
    whisper.transcribe(answer)
    after_itself = whisper.transcribe(answer)
    whisper.transcribe(clip("mfa_thoughts"))
    after_another = whisper.transcribe(answer)
    assert after_another.text
    assert after_another == after_itself


def test_streaming_matches_whole_file(whisper):
    names = ["ls_2412-153948-0000", "ls_2412-153948-0001", "jfk_inaugural", "mfa_acoustic_corpus"]
    audio = [load_audio(clip(n)) for n in names]
    gap = np.zeros(16000, dtype=np.float32)
    joined = np.concatenate([x for a in audio for x in (a, gap)])
    stream = StreamingTranscriber(whisper)
    for i in range(0, len(joined), 1600):  # 100 ms blocks, as from the microphone
        stream.feed((joined[i:i + 1600] * 32767).astype(np.int16))
    result = stream.finish(timeout=60)
    assert stream.chunks >= 2
    streamed = set(plain_words(result.text))
    whole = set(w for a in audio for w in plain_words(whisper.transcribe(a).text))
    key = {"reader", "antecedents", "pecuniary", "country", "americans", "acoustic", "corpus", "um"}
    assert key & whole <= streamed
    starts = [w.start for w in result.words]
    assert starts == sorted(starts) and starts[-1] > 40  # timings are for the whole answer


def test_sphinx_engine_on_one_clip():
    transcriber = SpeechRecognitionTranscriber("sphinx")
    result = transcriber.transcribe(clip("ps_goforward"))
    assert "forward" in plain_words(result.text)
    assert result.word_timings == "approximate"
    assert result.engine == "speech_recognition/sphinx"


def _erbsim(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "erbsim", *args], capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_cli_say_and_transcribe(tmp_path):
    out = tmp_path / "q.wav"
    done = _erbsim("say", "Would my organisation adopt this?", "--seat", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sf.info(str(out)).duration > 0.5
    assert "voice piper:" in done.stdout  # seat 2's natural voice, not the espeak-ng stand-in
    done = _erbsim("transcribe", "--json", str(clip("jfk_inaugural")))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert "country" in data["text"].lower()
    assert data["engine"] == "faster-whisper"
    words, duration = data["words"], sf.info(str(clip("jfk_inaugural"))).duration
    assert len(words) >= 5 and all(w["start"] < w["end"] for w in words)
    assert all(before["end"] <= after["start"] for before, after in itertools.pairwise(words))
    assert words[-1]["end"] <= duration + 0.1 and words[-1]["end"] - words[0]["start"] > duration / 2
