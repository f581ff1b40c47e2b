"""`erbsim bench voices`: can a listener understand each board seat, and how soon is it heard?

For each of the five seats, the same questions drawn from the shipped banks are
spoken in that seat's default voice (the natural piper voices when installed;
`--engine espeak` for the espeak-ng seats, to compare) and transcribed by
Whisper tiny.en standing in for the candidate:

- word error rate, Whisper-normalised (and plain), over all the seat's questions;
- real-time factor of rendering (render seconds / audio seconds);
- first sound: from asking for the question to its first audible sample, i.e.
  render time plus the silence at the start of the file: prepared (rendered
  ahead, as the app does while the candidate answers: the cache answers; this
  is the target) and cold (nothing cached, model loaded: reported, not a target);
- the very first question of the process, before the model was warmed up;
- each seat's median pitch (F0) and pace, to show that the seats differ.

The word error rate that is held to the targets is over bank questions
without slots (the board's own words). Slotted questions ({example},
{adopter} ...) filled from docs/examples/packet-example.md (when it is there,
in a checkout) are measured apart (`filled`): they carry the candidate's own
names (Ele.me, Hema, Fliggy, Zhang Min) that tiny.en has never heard, so their
errors say more about the listener than about the voice.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile as sf

from erbsim.core.banks import Question, default_bank_paths, load_banks
from erbsim.core.packet.slots import fill
from erbsim.core.seats import SEAT_IDS
from erbsim.speech.synthesis import SpeechSynthesizer
from erbsim.speech.transcription import WhisperTranscriber, plain_words
from erbsim.speech.voices import ESPEAK_SEAT_VOICES, VoiceSettings, natural_voices_available, seat_voices

from .bench_speech import _scorers

TARGETS = {"mean_wer": 0.05, "seat_wer": 0.08, "first_sound_s": 0.3}
EXAMPLE_PACKET = Path(__file__).resolve().parents[2] / "docs" / "examples" / "packet-example.md"


def example_packet(path: Path = EXAMPLE_PACKET):
    if not path.is_file():
        return None
    from erbsim.core.packet.io import load_packet_file

    return load_packet_file(path)


def _spread(items: list, count: int) -> list:
    """`count` items evenly spread over the list (all when count <= 0 or there are fewer)."""
    if 0 < count < len(items):
        step = len(items) / count
        return [items[int(i * step)] for i in range(count)]
    return items


def bench_questions(count: int = 48, filled: int = 12, packet_path: Path = EXAMPLE_PACKET, *,
                    held_out: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(question id, text) of English bank questions spread over the banks: `count` without slots,
    and `filled` slotted ones filled from the example packet's first example that fills them
    (none when the packet is not there). count/filled <= 0: all of them.

    held_out: instead, the questions the default spread (48 and 12) leaves out, up to
    count/filled of them. The seats' voices were tuned listening to the default spread, so
    these measure them on sentences the tuning never heard."""
    packet = example_packet(packet_path)
    examples = list(packet.examples) if packet else []
    plain: list[tuple[str, str]] = []
    slotted: list[tuple[str, str]] = []
    questions: list[Question] = sorted(load_banks(default_bank_paths()).questions, key=lambda q: q.id)
    for question in questions:
        if question.lang != "en":
            continue
        if not question.is_slotted:
            plain.append((question.id, " ".join(question.text.split())))
            continue
        text = next((t for t in (fill(question.text, e) for e in examples) if t), None)
        if text:
            slotted.append((question.id, " ".join(text.split())))
    if held_out:  # plus the banks' own follow-ups without slots, which the tuning never spoke either
        tuned = set(_spread(plain, 48)) | set(_spread(slotted, 12))
        follow_ups = [(f"{q.id}/follow-up-{n}", " ".join(text.split())) for q in questions if q.lang == "en"
                      for n, text in enumerate(q.follow_ups, 1) if "{" not in text]
        plain = [q for q in plain if q not in tuned] + follow_ups
        slotted = [q for q in slotted if q not in tuned]
    return _spread(plain, count), _spread(slotted, filled)


def first_sound_offset_s(samples: np.ndarray, rate: int) -> float:
    """Seconds of silence before the first 10 ms louder than a tenth of the file's peak."""
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    frame = max(1, rate // 100)
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    if not len(frames):
        return 0.0
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    loud = np.nonzero(rms >= 0.1 * float(np.max(rms)))[0]
    return round(int(loud[0]) * frame / rate, 3) if len(loud) else 0.0


def median_f0_hz(samples: np.ndarray, rate: int) -> float:
    """Median pitch of the voiced 40 ms frames (autocorrelation, 60-400 Hz)."""
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    frame, hop = int(0.04 * rate), int(0.02 * rate)
    lo, hi = int(rate / 400), int(rate / 60)
    threshold = 0.1 * float(np.max(np.abs(samples))) if len(samples) else 0.0
    pitches = []
    for start in range(0, len(samples) - frame, hop):
        x = samples[start:start + frame]
        if np.sqrt(np.mean(x * x)) < threshold / 3:
            continue
        x = x - x.mean()
        corr = np.correlate(x, x, "full")[frame - 1:]
        if corr[0] <= 0:
            continue
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] / corr[0] > 0.5:
            pitches.append(rate / lag)
    return round(float(np.median(pitches)), 1) if pitches else 0.0


def _percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 3) if values else 0.0


def run(count: int = 48, *, filled: int = 12, engine: str = "", seats: tuple[str, ...] = SEAT_IDS,
        model: str | None = None, held_out: bool = False, log: Callable[[str], None] = lambda _: None) -> dict:
    plain, normalizer, wer, _filler = _scorers()
    natural = natural_voices_available()
    engine = engine or ("piper" if natural else "espeak")
    voices: dict[str, VoiceSettings] = dict(ESPEAK_SEAT_VOICES) if engine == "espeak" else seat_voices()
    questions, filled_questions = bench_questions(count, filled, held_out=held_out)
    log(f"{len(questions)} questions (+{len(filled_questions)} filled from the packet) x {len(seats)} seats, "
        f"engine {engine}")

    listener = WhisperTranscriber(model, keep_fillers=False)
    listener.load()
    result: dict = {"engine": engine, "natural_voices_available": natural, "held_out": held_out,
                    "questions": len(questions),
                    "filled_questions": len(filled_questions), "listener": listener.model_name, "seats": {}}
    with tempfile.TemporaryDirectory(prefix="erbsim-bench-voices-") as cache, \
            SpeechSynthesizer(Path(cache)) as synth:
        if not synth.available(15):
            raise SystemExit(f"no text-to-speech engine works here: {synth.unavailable_reason}")
        # The first question of a process that never warmed up: the model loads on the way.
        first_seat = seats[0]
        t = time.perf_counter()
        synth.render(questions[0][1] + " ", voices[first_seat]).result(120)  # its own cache entry
        result["first_question_unwarmed_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        result["warm_up_loaded"] = synth.warm_up().result(120)
        result["warm_up_s"] = round(time.perf_counter() - t, 3)
        for seat in seats:
            voice = voices[seat]
            refs, hyps, cold, prepared, rtfs, audio_s, f0s, rates, worst = [], [], [], [], [], 0.0, [], [], []
            filled_refs, filled_hyps = [], []
            for n, (qid, text) in enumerate(questions + filled_questions):
                t = time.perf_counter()
                path = synth.render(text, voice).result(120)
                render_s = time.perf_counter() - t
                samples, rate = sf.read(str(path), dtype="float32")
                offset = first_sound_offset_s(samples, rate)
                duration = len(samples) / rate
                t = time.perf_counter()
                again = synth.render(text, voice).result(120)
                sf.info(str(again))  # the player opens the file
                prepared.append(time.perf_counter() - t + offset)
                cold.append(render_s + offset)
                rtfs.append(render_s / max(duration, 1e-3))
                audio_s += duration
                f0s.append(median_f0_hz(samples, rate))
                rates.append(len(plain_words(text)) / max(duration - offset, 0.1))
                heard = listener.transcribe(path).text
                if n >= len(questions):
                    filled_refs.append(text)
                    filled_hyps.append(heard)
                    continue
                refs.append(text)
                hyps.append(heard)
                one = wer([text], [heard], normalizer)
                if one > 0:
                    worst.append((round(one, 3), qid, text, heard))
            seat_wer = wer(refs, hyps, normalizer)
            worst.sort(reverse=True)
            result["seats"][seat] = {
                "voice": voice.voice,
                "fell_back_to_espeak": synth.fallback_reason is not None and engine == "piper",
                "wer_normalized": round(seat_wer, 4),
                "wer_plain": round(wer(refs, hyps, plain), 4),
                "filled": {"wer_normalized": round(wer(filled_refs, filled_hyps, normalizer), 4)
                           if filled_refs else None,
                           "misheard": [{"said": r, "heard": h} for r, h in zip(filled_refs, filled_hyps, strict=True)
                                        if wer([r], [h], normalizer) > 0][:2]},
                "rtf_median": _percentile(rtfs, 50),
                "first_sound_cold_s": {"median": _percentile(cold, 50), "p90": _percentile(cold, 90),
                                       "max": round(max(cold), 3)},
                "first_sound_prepared_s": {"median": _percentile(prepared, 50), "max": round(max(prepared), 4)},
                "audio_s": round(audio_s, 1),
                "median_f0_hz": round(statistics.median([f for f in f0s if f] or [0.0]), 1),
                "words_per_s": round(statistics.median(rates), 2),
                "misheard": [{"question": q, "wer": w, "said": s, "heard": h} for w, q, s, h in worst[:3]],
            }
            log(f"{seat}: WER {seat_wer:.3f}, cold first sound median {_percentile(cold, 50):.3f} s")
        result["fallback_reason"] = synth.fallback_reason
    seat_wers = [s["wer_normalized"] for s in result["seats"].values()]
    result["mean_wer_normalized"] = round(statistics.mean(seat_wers), 4)
    result["max_seat_wer_normalized"] = max(seat_wers)
    cold_worst = max(s["first_sound_cold_s"]["p90"] for s in result["seats"].values())
    prepared_worst = max(s["first_sound_prepared_s"]["max"] for s in result["seats"].values())
    result["targets"] = {
        "mean_wer<=0.05": result["mean_wer_normalized"] <= TARGETS["mean_wer"],
        "no_seat_wer>0.08": result["max_seat_wer_normalized"] <= TARGETS["seat_wer"],
        "first_sound_prepared<=0.3s": prepared_worst <= TARGETS["first_sound_s"],
    }
    result["targets_met"] = all(result["targets"].values())
    # Not a target (the app prepares the next question while the candidate answers), but worth
    # watching: a question nobody prepared waits for its whole render.
    result["first_sound_cold_p90_within_0.3s"] = cold_worst <= TARGETS["first_sound_s"]
    return result
