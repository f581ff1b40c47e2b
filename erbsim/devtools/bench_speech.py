"""`erbsim bench speech`: speed, latency, accuracy, filler recall and memory of the speech layer.

Runs on a folder laid out like shared/speech/dev (manifest.csv with columns
id, file, duration_s, reference, category; audio files relative to it):

- whole-file: each clip transcribed on its own -> real-time factor, WER;
- streaming: all clips joined with pauses into one answer of about 3.5
  minutes, fed to `StreamingTranscriber` at real-time pace in 100 ms blocks
  as the microphone feeds it in the app (the background transcription runs
  meanwhile, as it would); the answer ends when the last block has been fed
  (the last clip ends with about 1 s of its own silence, as an answer does
  when the candidate stops talking and then clicks). latency = from then to
  the final transcript (`finish()` returning); WER of that transcript, overall
  and per clip (words assigned to clips by their timings);
- the same on an answer cut off mid-word (`streaming.abrupt`: the longest
  clip, stopped at its loudest moment between 15 and 25 s, fed the same way),
  the worst case for the look-ahead, which then has speech left to transcribe;
- follow_up_ready_s: from the answer's end to the follow-up chosen, i.e.
  latency plus `erbsim.core.probe.choose_follow_up` on the final transcript
  and a shipped bank question (after one warm-up call, as a session pays the
  first call once; that call is reported as `follow_up.first_call_s`);
- WER both plain (lower-case, no punctuation) and Whisper-normalised;
- filler recall (um, uh, ...) on the unscripted clips (category mentions
  "spontaneous", "unscripted" or "filler"), whole-file and streaming;
- peak RSS of the process, which also renders one board question with TTS.
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from erbsim.core.banks import Question, default_bank_paths, load_banks
from erbsim.core.probe import choose_follow_up
from erbsim.speech.streaming import StreamingTranscriber
from erbsim.speech.transcription import (
    FILLERS,
    SAMPLE_RATE,
    WhisperTranscriber,
    canonical_filler,
    load_audio,
    plain_words,
)

TARGETS = {"latency_s": 0.5, "follow_up_ready_s": 1.0, "streaming_wer_ratio": 1.0, "filler_recall": 0.8,
           "peak_rss_mb": 600}
UNSCRIPTED = ("spontaneous", "unscripted", "filler")


@dataclass
class Clip:
    id: str
    path: Path
    reference: str
    category: str
    audio: np.ndarray

    @property
    def unscripted(self) -> bool:
        return any(word in self.category.lower() for word in UNSCRIPTED)


def load_manifest(data: Path) -> list[Clip]:
    with open(data / "manifest.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [Clip(r["id"], data / r["file"], r["reference"], r.get("category", ""), load_audio(data / r["file"]))
            for r in rows]


def _scorers():
    try:
        import jiwer
        from whisper_normalizer.english import EnglishTextNormalizer
    except ImportError as error:
        raise SystemExit(f"the speech benchmark needs jiwer and whisper-normalizer ({error.name} is missing): "
                         "pip install 'erbsim[test]'") from error
    normalizer = EnglishTextNormalizer()

    def plain(text: str) -> str:
        return " ".join(canonical_filler(w) for w in plain_words(text))

    def wer(refs: list[str], hyps: list[str], norm: Callable[[str], str]) -> float:
        pairs = [(norm(r), norm(h)) for r, h in zip(refs, hyps, strict=True)]
        pairs = [(r, h) for r, h in pairs if r.strip()]
        out = jiwer.process_words([r for r, _ in pairs], [h for _, h in pairs])
        errors = out.substitutions + out.deletions + out.insertions
        return errors / max(1, out.hits + out.substitutions + out.deletions)

    def filler_recall(refs: list[str], hyps: list[str]) -> tuple[int, int]:
        found = total = 0
        for ref, hyp in zip(refs, hyps, strict=True):
            r, h = plain(ref), plain(hyp)
            if not r:
                continue
            out = jiwer.process_words(r, h or "<empty>")
            ref_words = out.references[0]
            total += sum(w in FILLERS for w in ref_words)
            for chunk in out.alignments[0]:
                if chunk.type == "equal":
                    found += sum(w in FILLERS for w in ref_words[chunk.ref_start_idx:chunk.ref_end_idx])
        return found, total

    return plain, normalizer, wer, filler_recall


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def bench_question(questions: list[Question]) -> Question:
    """A replication question that can open a defense and needs no packet (the first by id)."""
    fitting = [q for q in questions if q.category == "replication" and not q.condition and not q.is_slotted]
    return min(fitting or questions, key=lambda q: q.id)


def stream_in_real_time(transcriber, answer: np.ndarray, *, speed: float = 1.0,
                        block: float = 0.1) -> tuple[StreamingTranscriber, float]:
    """Feed `answer` in `block`-second blocks at `speed` x real time; returns the stream
    (not yet finished) and the perf_counter() time at which the answer ended."""
    stream = StreamingTranscriber(transcriber)
    step = int(block * SAMPLE_RATE)
    start = time.perf_counter()
    for i in range(0, len(answer), step):
        due = start + (i / SAMPLE_RATE) / speed
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        stream.feed(answer[i:i + step])
    wait = start + len(answer) / SAMPLE_RATE / speed - time.perf_counter()
    if wait > 0:
        time.sleep(wait)
    return stream, time.perf_counter()


def abrupt_end(audio: np.ndarray) -> int:
    """A sample index mid-word: the end of the loudest 30 ms between 15 and 25 s
    (in the middle third of a shorter clip)."""
    lo, hi = (15 * SAMPLE_RATE, 25 * SAMPLE_RATE) if len(audio) > 26 * SAMPLE_RATE else \
        (len(audio) // 3, 2 * len(audio) // 3)
    frames = audio[lo:hi][: (hi - lo) // 480 * 480].reshape(-1, 480)
    return lo + (int(np.argmax(np.sqrt(np.mean(frames * frames, axis=1)))) + 1) * 480


def trailing_silence_s(audio: np.ndarray) -> float:
    """Seconds after the last 30 ms louder than a tenth of the speech level."""
    frames = audio[: len(audio) // 480 * 480].reshape(-1, 480)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    loud = np.nonzero(rms >= max(0.003, 0.1 * float(np.percentile(rms, 90))))[0]
    return round((len(audio) - (int(loud[-1]) + 1) * 480) / SAMPLE_RATE, 2) if len(loud) else 0.0


def stream_figures(stream: StreamingTranscriber, latency: float) -> dict:
    return {
        "latency_s": round(latency, 3),
        "remainder_s": round(stream.remainder_s, 2),
        "finish_whisper_calls": stream.finish_calls,
        "finish_audio_s": round(stream.finish_audio_s, 2),
        "look_ahead_calls": stream.look_ahead_calls,
        "whisper_busy_s": round(stream.busy_s, 2),
    }


def run(data: Path, *, model: str | None = None, pause: float = 1.0, speed: float = 1.0,
        block: float = 0.1, log: Callable[[str], None] = lambda _: None) -> dict:
    plain, normalizer, wer, filler_recall = _scorers()
    clips = load_manifest(Path(data))
    log(f"{len(clips)} clips, {sum(len(c.audio) for c in clips) / SAMPLE_RATE:.1f} s")

    t = time.perf_counter()
    transcriber = WhisperTranscriber(model)
    transcriber.load()
    load_s = time.perf_counter() - t

    # A board question through TTS, so that peak RSS covers the whole speech layer.
    tts_ok = _render_one_question()

    banks = load_banks(default_bank_paths())
    question = bench_question(banks.questions)
    t = time.perf_counter()
    choose_follow_up("We built it because nobody had asked for it yet.", question, bank=banks.questions)
    first_follow_up_s = time.perf_counter() - t

    # Whole-file, clip by clip.
    whole_hyps, busy = [], 0.0
    transcriber.transcribe(clips[0].audio)  # warm-up, not timed
    for clip in clips:
        t = time.perf_counter()
        whole_hyps.append(transcriber.transcribe(clip.audio).text)
        busy += time.perf_counter() - t
    audio_s = sum(len(c.audio) for c in clips) / SAMPLE_RATE
    log(f"whole-file done: RTF {busy / audio_s:.3f}")

    # Streaming: one long answer, clips separated by pauses, fed in real time.
    gap = np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32)
    spans, pieces, pos = [], [], 0
    for i, clip in enumerate(clips):
        if i:
            pieces.append(gap)
            pos += len(gap)
        spans.append((pos / SAMPLE_RATE, (pos + len(clip.audio)) / SAMPLE_RATE))
        pieces.append(clip.audio)
        pos += len(clip.audio)
    answer = np.concatenate(pieces)
    answer_s = len(answer) / SAMPLE_RATE
    stream, ended = stream_in_real_time(transcriber, answer, speed=speed, block=block)
    final = stream.finish()
    latency = time.perf_counter() - ended
    follow_up = choose_follow_up(final.text, question, bank=banks.questions, answer_s=answer_s)
    follow_up_ready = time.perf_counter() - ended
    log(f"streaming done: latency {latency:.3f} s, follow-up ready {follow_up_ready:.3f} s")
    figures = stream_figures(stream, latency)

    # The worst case: an answer that stops mid-word.
    longest = max(clips, key=lambda c: len(c.audio))
    cut = longest.audio[: abrupt_end(longest.audio)]
    abrupt, abrupt_ended = stream_in_real_time(transcriber, cut, speed=speed, block=block)
    abrupt.finish()
    abrupt_latency = time.perf_counter() - abrupt_ended
    log(f"abrupt end done: latency {abrupt_latency:.3f} s")

    stream_hyps = []
    for begin, end in spans:
        words = [w.text for w in final.words if begin - 0.5 <= (w.start + w.end) / 2 < end + 0.5]
        stream_hyps.append(" ".join(words))
    refs = [c.reference for c in clips]
    joined_ref = " ".join(refs)

    unscripted = [i for i, c in enumerate(clips) if c.unscripted]
    wf_found, wf_total = filler_recall([refs[i] for i in unscripted], [whole_hyps[i] for i in unscripted])
    st_found, st_total = filler_recall([refs[i] for i in unscripted], [stream_hyps[i] for i in unscripted])

    whole_norm = wer(refs, whole_hyps, normalizer)
    stream_norm = wer([joined_ref], [final.text], normalizer)
    result = {
        "data": str(data),
        "clips": len(clips),
        "audio_s": round(audio_s, 2),
        "model": transcriber.model_name,
        "compute_type": transcriber.compute_type,
        "cpu_threads": transcriber.cpu_threads,
        "cpus": os.cpu_count(),
        "model_load_s": round(load_s, 3),
        "whole_file": {
            "rtf": round(busy / audio_s, 4),
            "wer_plain": round(wer(refs, whole_hyps, plain), 4),
            "wer_normalized": round(whole_norm, 4),
            "filler_recall": round(wf_found / wf_total, 3) if wf_total else None,
        },
        "streaming": {
            "answer_s": round(answer_s, 2),
            "pause_between_clips_s": pause,
            "feed": f"{block:g} s blocks at {speed:g}x real time",
            "trailing_silence_s": trailing_silence_s(answer),
            "chunks": stream.chunks,
            **figures,
            "wer_plain": round(wer([joined_ref], [final.text], plain), 4),
            "wer_normalized": round(stream_norm, 4),
            "wer_normalized_per_clip": round(wer(refs, stream_hyps, normalizer), 4),
            "filler_recall": round(st_found / st_total, 3) if st_total else None,
            "abrupt": {"clip": longest.id, "answer_s": round(len(cut) / SAMPLE_RATE, 2),
                       "trailing_silence_s": trailing_silence_s(cut), **stream_figures(abrupt, abrupt_latency)},
        },
        "follow_up_ready_s": round(follow_up_ready, 3),
        "follow_up": {
            "question_id": question.id,
            "text": follow_up.text,
            "signal": follow_up.signal,
            "source": follow_up.source,
            "choose_s": round(follow_up_ready - latency, 3),
            "first_call_s": round(first_follow_up_s, 3),
        },
        "fillers_in_references": wf_total,
        "unscripted_clips": [clips[i].id for i in unscripted],
        "tts_rendered": tts_ok,
        "peak_rss_mb": peak_rss_mb(),
    }
    ratio = stream_norm / whole_norm if whole_norm else (1.0 if stream_norm == 0 else float("inf"))
    result["streaming"]["wer_ratio_to_whole_file"] = round(ratio, 3)
    recall = result["streaming"]["filler_recall"]
    result["targets"] = {
        "latency_s<=1.0": latency <= 1.0,
        "latency_s<=0.5": latency <= TARGETS["latency_s"],
        "follow_up_ready_s<=1.0": follow_up_ready <= TARGETS["follow_up_ready_s"],
        "streaming_wer<=1.1x_whole_file": ratio <= 1.1,
        "streaming_wer<=whole_file": ratio <= TARGETS["streaming_wer_ratio"],
        "filler_recall>=0.8": recall is not None and recall >= TARGETS["filler_recall"]
        and (result["whole_file"]["filler_recall"] or 0) >= TARGETS["filler_recall"],
        "peak_rss_mb<=600": result["peak_rss_mb"] <= TARGETS["peak_rss_mb"],
    }
    return result


def _render_one_question() -> bool:
    try:
        from erbsim.speech.synthesis import SpeechSynthesizer
        from erbsim.speech.voices import voice_for_seat

        with SpeechSynthesizer() as tts:
            if not tts.available(10):
                return False
            tts.render("What did you decide not to build, and who paid for it?",
                       voice_for_seat("gm")).result(30)
        return True
    except Exception:  # noqa: BLE001 - reported as tts_rendered: false
        return False
