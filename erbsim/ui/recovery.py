"""After a crash: finish the answers it cut off, from their recordings.

A crash mid-answer leaves a turn with its start time and its audio file (both
saved when the answer started, erbsim.ui.session_runner) but no end time and no
transcript; an answer that ended just before the crash may lack its transcript.
When the person resumes the interrupted session or keeps it as ended
(erbsim.ui.main_window), `fill_cut_answers` (on the store's thread) gives each
cut answer the end its recording reaches, and `Recovery` transcribes every
answer with audio and no transcript on its own worker thread, with the app's
transcriber, then saves the transcript through the store's thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from erbsim.speech.recording import decodable_seconds
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CutAnswer:
    turn_id: int
    audio: Path  # absolute
    seconds: float  # how much of it decodes


def fill_cut_answers(store, session_id: int) -> list[CutAnswer]:
    """On the store's thread: give each answer a crash cut off (audio, no end time) the end its
    recording reaches, and return the answers with audio and no transcript, to transcribe."""
    pending = []
    for turn in store.get_turns(session_id):
        if not turn.audio_path or turn.audio_offset_s:
            continue  # no recording, or a part of a longer one (its length says nothing of this answer)
        audio = store.audio_file(turn.audio_path)
        if not audio.is_file():
            continue
        seconds = decodable_seconds(audio)
        if turn.answer_ended_s is None:
            # A row from before start times were saved at the start: the answer began when asked.
            started = turn.answer_started_s if turn.answer_started_s is not None else turn.asked_at_s
            if started is not None:
                store.update_turn(turn.id, answer_started_s=started, answer_ended_s=started + seconds)
                log.info("answer %d of session %d was cut off by a crash: %.1f s of its recording decode",
                         turn.position, session_id, seconds)
        if turn.transcript_text is None and seconds > 0:
            pending.append(CutAnswer(turn.id, audio, seconds))
    return pending


class Recovery(QObject):
    answer_recovered = Signal(int, int)  # session id, turn id: its transcript is saved
    failed = Signal(str)  # a sentence for the person

    def __init__(self, store: StoreClient, bridge: FutureBridge, transcriber, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._bridge = bridge
        self._transcriber = transcriber
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="erbsim-recovery")
        self._pending: set[concurrent.futures.Future] = set()

    def transcribe(self, session_id: int, answers: list[CutAnswer]) -> None:
        """Transcribe `answers` (from fill_cut_answers) off the GUI thread and save each transcript."""
        for answer in answers:
            future = self._executor.submit(self._transcriber.transcribe, str(answer.audio))
            self._pending.add(future)
            future.add_done_callback(self._pending.discard)
            self._bridge.when_done(future, lambda transcript, a=answer: self._save(session_id, a, transcript),
                                   lambda error, a=answer: self._failed(a, error))

    def _save(self, session_id: int, answer: CutAnswer, transcript) -> None:
        words = [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                 for w in transcript.words]

        def save(store) -> int:
            store.set_transcript(answer.turn_id, transcript.text, words, engine=transcript.engine,
                                 model=transcript.model)
            return answer.turn_id

        def saved(turn_id: int) -> None:
            self.answer_recovered.emit(session_id, turn_id)

        def not_saved(error: BaseException) -> None:
            log.error("saving the recovered transcript of turn %d failed", answer.turn_id, exc_info=error)
            self.failed.emit(f"The transcript of the interrupted answer could not be saved: {error}")

        self._store.submit(save, saved, not_saved)

    def _failed(self, answer: CutAnswer, error: BaseException) -> None:
        log.error("transcribing the interrupted answer %s failed", answer.audio, exc_info=error)
        self.failed.emit(f"The interrupted answer could not be transcribed ({error}); its recording is kept.")

    def shutdown(self, timeout: float = 30.0) -> None:
        """Let the transcriptions under way finish (their results are saved before the store closes)."""
        concurrent.futures.wait(list(self._pending), timeout=timeout)
        self._executor.shutdown(wait=False, cancel_futures=True)
