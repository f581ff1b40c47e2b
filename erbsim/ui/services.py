"""The composition root's parts: store, speech, preferences, banks.

Built once by erbsim.ui.app and passed down; nothing here is global.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from erbsim.core import paths
from erbsim.core.banks import default_bank_paths, load_banks
from erbsim.core.clock import Clock, SystemClock
from erbsim.core.startup import mark
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.logging_setup import log_path
from erbsim.ui.settings_store import Preferences, SettingsStore
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)


def resolve_data_root(prefs: Preferences, data_dir: Path | None = None) -> Path:
    """--data-dir (`data_dir`), then $ERBSIM_HOME, then the folder chosen in settings, then the platform's."""
    if data_dir is not None:
        return paths.data_dir(data_dir)
    if os.environ.get(paths.HOME_ENV):
        return paths.data_dir()
    return paths.data_dir(prefs.data_folder or None)


class Services(QObject):
    model_status = Signal(str, float)  # message, fraction (0..1, -1 busy, 1 done, -2 failed)

    def __init__(self, settings: SettingsStore, clock: Clock | None = None, load_model: bool = True,
                 transcriber=None, parent: QObject | None = None, *, data_dir: Path | None = None,
                 read_only: bool = False):
        super().__init__(parent)
        from erbsim.ui.answer_recorder import AnswerRecorder
        from erbsim.ui.board_voice import BoardVoice

        self.settings = settings
        self.prefs = settings.load()
        self.clock = clock or SystemClock()
        self.data_root = resolve_data_root(self.prefs, data_dir)
        self.log_path = log_path(self.data_root)  # written once erbsim.ui.app sets up logging
        self.bridge = FutureBridge(self)
        loaded = load_banks(default_bank_paths(self.data_root / "question_banks"))
        self.banks = loaded
        self.bank_problems = loaded.problems
        for problem in loaded.problems:
            log.warning("question bank: %s", problem)
        mark("banks")  # for `erbsim bench startup`
        # read_only: another app owns the folder (erbsim.ui.single_instance); its sessions are its own.
        self.read_only = read_only
        self.store = StoreClient(self.data_root, self.bridge, read_only=read_only)
        if not read_only:
            self.after_open()
        self.model_message, self.model_fraction = "Loading the speech model…", -1.0
        self.voice = BoardVoice(self.bridge, self.prefs, parent=self)
        self.transcriber = transcriber or self._make_transcriber(self.prefs)
        self.recorder = AnswerRecorder(self.bridge, self.transcriber, self.prefs.input_device, parent=self)
        if load_model:
            self.load_model()

    def after_open(self) -> None:
        """What runs once the database is open (at start, and after the way-out dialog opened it
        again): interrupted sessions are found, and today's backup is made if missing, both on
        the store's thread. When the database could not be opened, the dialog says so, not these."""
        def unless_unusable(what: str):
            return lambda error: None if self.store.open_problem is not None else self.bridge.report_failure(
                what, error)

        self.store.submit(lambda store: store.recover_interrupted(), None,
                          unless_unusable("Checking for interrupted sessions"))

        def backed_up(path) -> None:
            if path is not None:
                log.info("backed up the database to %s", path)
        self.store.submit(lambda store: store.daily_backup(), backed_up, unless_unusable("Backing up the database"))

    def _make_transcriber(self, prefs: Preferences):
        from erbsim.speech.transcription import make_transcriber

        return make_transcriber(prefs.engine, prefs.model or None)

    def load_model(self) -> None:
        """Load the transcription model in the background, reporting progress."""
        load_async = getattr(self.transcriber, "load_async", None)
        if load_async is None:
            self._report("Transcription engine ready", 1.0)
            self.voice.warm_up()
            return

        def progress(message: str, fraction: float) -> None:
            self.model_status.emit(message, fraction)  # queued to the GUI thread

        def failed(error: BaseException) -> None:
            log.error("the speech model failed to load", exc_info=error)
            self._report(f"Speech model failed to load: {error}", -2.0)  # the status bar and home page show it

        def ready(_result) -> None:
            self._report(f"Speech model {self.transcriber.model_name} ready", 1.0)
            self.voice.warm_up()  # then the board's natural voice, so the first question does not wait

        self.bridge.when_done(load_async(progress), ready, failed)

    def _report(self, message: str, fraction: float) -> None:
        self.model_message, self.model_fraction = message, fraction
        self.model_status.emit(message, fraction)

    def input_devices(self) -> list[tuple[str, str]]:
        return self.recorder.devices()

    def save_prefs(self, prefs: Preferences) -> None:
        self.prefs = prefs
        self.settings.save(prefs)

    def apply_prefs(self, prefs: Preferences) -> None:
        from PySide6.QtWidgets import QApplication

        from erbsim.ui.theme import apply_theme

        apply_theme(QApplication.instance(), prefs.theme)
        self.voice.set_prefs(prefs)
        self.recorder.set_device(prefs.input_device)

    def shutdown(self) -> None:
        """Let the last answer's transcript reach the database, then close everything."""
        self.recorder.shutdown(timeout=5.0)
        self.bridge.drain(timeout=10.0)  # transcripts reach their handlers, which save them
        self.voice.shutdown()
        self.store.close()  # runs after everything already submitted
