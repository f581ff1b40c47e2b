"""The natural board voices (piper-tts with the bundled joe voice): every seat is understood and
sounds like someone else, and the board still speaks (espeak-ng) when piper is missing or fails."""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf

from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.devtools.bench_speech import _scorers
from erbsim.devtools.bench_voices import median_f0_hz
from erbsim.speech import piper_engine, voices
from erbsim.speech.synthesis import SpeechSynthesizer
from erbsim.speech.voices import (
    PIPER_VARIANTS,
    VoiceSettings,
    available_voices,
    fallback_voice,
    natural_voices_available,
    seat_voices,
    settings_from_id,
    voice_for_seat,
)

# Questions the board really asks (the classic probes and bank questions).
QUESTIONS = (
    "Who asked you to do this?",
    "Who else uses it, outside your own business unit?",
    "What changed as a result, and how do you know?",
    "Build, buy, or partner. Which did you choose, and what would the other two have cost you?",
    "Which organisation outside your business unit adopted it, and what did they stop doing?",
)


@pytest.fixture
def fresh_piper(monkeypatch):
    """Swap the process's piper engine for a new one with the given loader (None: the real one)."""
    def make(loader=None) -> piper_engine.PiperEngine:
        engine = piper_engine.PiperEngine(loader)
        monkeypatch.setattr(piper_engine, "_ENGINE", engine)
        return engine
    return make


def test_the_natural_voices_are_the_seats_defaults():
    assert natural_voices_available()
    defaults = [voice_for_seat(seat) for seat in SEAT_IDS]
    assert all(v.engine == "piper" and v.voice.startswith("piper:") for v in defaults)
    assert len({v.voice for v in defaults}) == 5
    options = available_voices()
    engines = [o.engine for o in options]
    assert engines.index("espeak") == engines.count("piper")  # natural voices listed first
    assert {v.voice for v in defaults} <= {o.id for o in options}
    assert "gmw/en-us+f2" in {o.id for o in options}


@pytest.mark.slow
def test_every_seat_renders_and_is_understood(synthesizer, whisper):
    # piper's noise is random, so a word is misheard now and then: each seat is held to a bound
    # a garbled voice cannot meet, the board as a whole to the target (8 %).
    _plain, normalizer, wer, _ = _scorers()
    said, heard_all = [], []
    for seat in SEAT_IDS:
        voice = voice_for_seat(seat)
        paths = [synthesizer.render(q, voice).result(60) for q in QUESTIONS]
        assert synthesizer.fallback_reason is None
        heard = [whisper.transcribe(p).text for p in paths]
        error = wer(list(QUESTIONS), heard, normalizer)
        assert error <= 0.2, f"{seat_by_id(seat).name} ({voice.voice}) was heard as {heard}"
        said += QUESTIONS
        heard_all += heard
    assert wer(said, heard_all, normalizer) <= 0.08, heard_all


@pytest.mark.slow
def test_the_five_seats_sound_different(synthesizer):
    # Three sentences each: piper's noise is random (it cannot be seeded), so one sentence's
    # pitch and length wander by a few per cent from run to run.
    texts = ("Which organisation outside your business unit uses this today, and what did they change?",
             "Who asked you to do this, and what did you add that nobody asked for?",
             "What would you stop doing if the budget were cut in half tomorrow?")
    sound = {}
    for seat in SEAT_IDS:
        pitches, seconds = [], 0.0
        for text in texts:
            path = synthesizer.render(text, voice_for_seat(seat)).result(60)
            samples, rate = sf.read(str(path), dtype="float32")
            pitches.append(median_f0_hz(samples, rate))
            seconds += len(samples) / rate
        sound[seat] = (float(np.median(pitches)), seconds)
    # The chair and the GM (the women on the board) speak higher than any of the men.
    women, men = ("cpo", "gm"), ("peer_exec", "tech_fellow", "talent_lead")
    assert min(sound[s][0] for s in women) > 1.1 * max(sound[s][0] for s in men), sound
    # Any two seats differ in pitch or in pace.
    for a, b in itertools.combinations(SEAT_IDS, 2):
        (f0_a, len_a), (f0_b, len_b) = sound[a], sound[b]
        assert abs(f0_a - f0_b) / min(f0_a, f0_b) > 0.05 or abs(len_a - len_b) / min(len_a, len_b) > 0.08, \
            (a, b, sound)


def test_warm_up_loads_the_model_once_in_the_background(fresh_piper, tmp_path):
    loads = []

    def loader(path):
        loads.append(path)
        return piper_engine.load_voice(path)

    engine = fresh_piper(loader)
    assert not engine.loaded()
    with SpeechSynthesizer(tmp_path) as tts:
        assert tts.warm_up().result(60) is True
        assert engine.loaded()
        tts.render("Who asked you to do this?", voice_for_seat("gm")).result(60)
        tts.render("Who else uses it?", voice_for_seat("cpo")).result(60)
    assert len(loads) == 1 and loads[0].name == "en_US-joe-medium.onnx"


def test_piper_missing_falls_back_to_the_seats_espeak_voice(fresh_piper, tmp_path, caplog):
    def no_piper(path):
        raise ImportError("No module named 'piper'")

    fresh_piper(no_piper)
    voice = voice_for_seat("tech_fellow")
    with caplog.at_level(logging.WARNING), SpeechSynthesizer(tmp_path) as tts:
        path = tts.render("What did you choose not to build?", voice).result(60)
        assert path == tts.cached_path("What did you choose not to build?", fallback_voice(voice))
        assert fallback_voice(voice).voice == "gmw/en-us+m1"  # Wen Gao's espeak-ng voice
        assert sf.info(str(path)).duration > 0.5
        assert "piper-tts is not installed" in tts.fallback_reason
        assert tts.fallback_reason.startswith("The natural board voices") and tts.fallback_reason.endswith("voices.")
        assert tts.available(10)  # espeak-ng still speaks
        assert tts.warm_up().result(10) is False
    assert "No module named 'piper'" in caplog.text


def test_a_board_with_natural_voices_still_speaks_where_piper_is_not_installed(monkeypatch, tmp_path):
    monkeypatch.setattr(voices, "_natural_voices_installed", lambda: False)
    assert not natural_voices_available()
    assert all(v.engine == "espeak" for v in seat_voices().values())
    assert all(o.engine == "espeak" for o in available_voices())
    stored = VoiceSettings("piper:joe-us-medium+bright")  # as a saved board keeps it
    with SpeechSynthesizer(tmp_path) as tts:
        assert tts.warm_up().result(10) is False
        path = tts.render("Who paid for it?", stored).result(60)
        assert path == tts.cached_path("Who paid for it?", fallback_voice(stored))
        assert fallback_voice(stored).voice == "gmw/en-gb-x-rp+f3"  # Rita Sun's espeak-ng voice
        assert "not installed" in tts.fallback_reason


def test_piper_failing_to_render_falls_back(fresh_piper, tmp_path):
    class Broken:
        def synthesize(self, text, syn_config=None):
            raise RuntimeError("onnxruntime: bad allocation")

    engine = fresh_piper(lambda path: Broken())
    voice = voice_for_seat("cpo")
    with SpeechSynthesizer(tmp_path) as tts:
        path = tts.render("Who else uses it?", voice).result(60)
        assert path == tts.cached_path("Who else uses it?", fallback_voice(voice))
        assert "bad allocation" in tts.fallback_reason
        assert not tts.cached_path("Who else uses it?", voice).exists()  # nothing half-written in piper's name
    assert engine.failure() is None  # a failed render does not turn the natural voices off


def test_cache_key_separates_engines_and_retuned_variants(synthesizer, monkeypatch):
    text = "Would my organisation adopt this?"
    piper_voice = voice_for_seat("peer_exec")
    espeak_voice = voices.ESPEAK_SEAT_VOICES["peer_exec"]
    assert synthesizer.cached_path(text, piper_voice) != synthesizer.cached_path(text, espeak_voice)
    # Same id, same settings, but the variant renders differently now: a new file.
    before = synthesizer.cached_path(text, piper_voice)
    variant = PIPER_VARIANTS["brisk"]
    monkeypatch.setitem(PIPER_VARIANTS, "brisk", replace(variant, semitones=variant.semitones + 1))
    assert synthesizer.cached_path(text, piper_voice) != before
    # The user's rate moves a piper voice's pace.
    monkeypatch.setitem(PIPER_VARIANTS, "brisk", variant)
    longer = "Which organisation outside your business unit uses this today, and what did they change?"
    normal = synthesizer.render(longer, piper_voice).result(60)
    slower = synthesizer.render(longer, replace(piper_voice, rate=120)).result(60)  # 170/120: 1.4 x as long
    assert sf.info(str(slower)).duration > 1.2 * sf.info(str(normal)).duration


def test_settings_from_id_keeps_the_users_pace_only_within_an_engine():
    espeak = VoiceSettings("gmw/en-us+m1", rate=150, pitch=30, gender="male")
    same = settings_from_id("gmw/en-gb-x-rp+f3", espeak)
    assert (same.voice, same.rate, same.pitch, same.gender, same.engine) == ("gmw/en-gb-x-rp+f3", 150, 30,
                                                                             "female", "espeak")
    natural = settings_from_id("piper:joe-us-medium+bright", espeak)
    assert (natural.engine, natural.rate, natural.pitch, natural.gender) == ("piper", 170, 50, "female")
    # A voice id swapped in with dataclasses.replace brings its engine along.
    assert replace(natural, voice="gmw/en-us+f2").engine == "espeak"


def test_pitch_shift_moves_pitch_and_keeps_length_compensable():
    rate = 22050
    t = np.arange(rate) / rate
    tone = (0.5 * np.sin(2 * np.pi * 150 * t)).astype(np.float32)
    ratio = 2 ** (4 / 12)  # four semitones up
    shifted = piper_engine.shift_pitch(tone, ratio)
    assert abs(len(shifted) - len(tone) / ratio) <= 2
    spectrum = np.abs(np.fft.rfft(shifted * np.hanning(len(shifted))))
    peak_hz = np.argmax(spectrum) * rate / len(shifted)
    assert abs(peak_hz - 150 * ratio) < 3
