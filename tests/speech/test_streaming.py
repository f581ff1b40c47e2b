"""Streaming transcription on real speech: the answer's transcript is ready soon after it
ends because little audio is left for finish(), and it is as accurate as whole-file."""

from __future__ import annotations

import jiwer
import numpy as np
import pytest
from whisper_normalizer.english import EnglishTextNormalizer

from erbsim.speech.streaming import StreamingTranscriber
from erbsim.speech.transcription import SAMPLE_RATE, load_audio, plain_words

from .conftest import clip

pytestmark = pytest.mark.slow

BLOCK = 1600  # 100 ms, as the microphone delivers it
GAP = np.zeros(SAMPLE_RATE, dtype=np.float32)


def stream(whisper, audio: np.ndarray, *, keep_up: bool) -> StreamingTranscriber:
    """Feed `audio` in microphone blocks. keep_up: let the background transcription finish
    after every block, as it does in real time; otherwise feed as fast as possible."""
    streamer = StreamingTranscriber(whisper)
    for i in range(0, len(audio), BLOCK):
        streamer.feed((audio[i:i + BLOCK] * 32767).astype(np.int16))
        if keep_up:
            assert streamer.wait_idle(60)
    return streamer


def loudest_moment(audio: np.ndarray, start_s: float, end_s: float) -> int:
    """A sample index in the middle of a word: the end of the loudest 30 ms in [start_s, end_s)."""
    part = audio[int(start_s * SAMPLE_RATE):int(end_s * SAMPLE_RATE)]
    frames = part[: len(part) // 480 * 480].reshape(-1, 480)
    return int(start_s * SAMPLE_RATE) + (int(np.argmax((frames ** 2).mean(axis=1))) + 1) * 480


def wer(reference: str, hypothesis: str) -> float:
    normalize = EnglishTextNormalizer()
    return jiwer.wer(normalize(reference), normalize(hypothesis))


def test_an_answer_that_ends_in_silence_leaves_nothing_to_transcribe_at_the_end(whisper):
    # 22 s of speech, then the candidate stops talking and clicks: the audio since the
    # last chunk was cut (about 10 s) was transcribed during the silence.
    names = ["ls_2412-153948-0000", "ls_2412-153948-0001"]
    audio = np.concatenate([x for n in names for x in (load_audio(clip(n)), GAP)])
    streamer = stream(whisper, audio, keep_up=True)
    result = streamer.finish(timeout=60)
    assert streamer.remainder_s == 0.0
    assert streamer.finish_audio_s == 0.0, "finish() transcribed audio that was already transcribed"
    assert {"reader", "antecedents", "pecuniary"} <= set(plain_words(result.text))


def test_an_answer_cut_off_mid_word_leaves_only_the_words_after_the_last_pause(whisper):
    # 12-24 s chunks alone would leave everything since the last cut (up to 24 s) for finish().
    # Here about 11 s had gathered since the last cut.
    sonnet = load_audio(clip("long_sonnet001"))
    answer = sonnet[:loudest_moment(sonnet, 20, 30)]
    streamer = stream(whisper, answer, keep_up=True)
    result = streamer.finish(timeout=60)
    assert 0.0 < streamer.remainder_s <= 5.0
    assert streamer.finish_audio_s == streamer.remainder_s  # the rest had been transcribed while it was spoken
    assert result.words[-1].end > len(answer) / SAMPLE_RATE - streamer.remainder_s
    assert result.words[0].start < 1.0


def test_the_transcript_does_not_depend_on_whether_the_background_work_kept_up(whisper):
    # Where the audio is split depends only on the audio: a slow machine (speculative runs
    # dropped, done by finish()) gives the same text as a fast one.
    sonnet = load_audio(clip("long_sonnet001"))
    answer = sonnet[:loudest_moment(sonnet, 30, 40)]
    fast = stream(whisper, answer, keep_up=True)
    slow = stream(whisper, answer, keep_up=False)
    assert fast.finish(timeout=60).text == slow.finish(timeout=60).text
    assert fast.look_ahead_calls > slow.look_ahead_calls


@pytest.mark.parametrize("name", ["long_sonnet001", "mfa_acoustic_corpus"])
def test_streamed_transcript_is_as_accurate_as_whole_file(whisper, dev_manifest, name):
    # A 53 s reading (three chunks and the look-ahead) and 27 s of unscripted talk with fillers.
    audio = load_audio(clip(name))
    reference = dev_manifest[name]["reference"]
    whole = whisper.transcribe(audio).text
    streamer = stream(whisper, audio, keep_up=True)
    streamed = streamer.finish(timeout=60).text
    assert streamer.chunks >= 2
    assert wer(reference, streamed) <= wer(reference, whole), f"streamed {streamed!r}\nwhole {whole!r}"
