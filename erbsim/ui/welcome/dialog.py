"""The first-run welcome: a few pages with Back / Next, and the speech model loading below them."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from erbsim.ui.welcome.mic_page import MicPage
from erbsim.ui.welcome.pages import DataPage, GreetingPage, PracticePage, VoicePage

log = logging.getLogger(__name__)


class WelcomeDialog(QDialog):
    practice_requested = Signal()

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to erbsim")
        self.services = services
        self.greeting = GreetingPage()
        self.mic = MicPage(services.input_devices(), services.prefs.input_device)
        self.voice = VoicePage(services.voice)
        self.data = DataPage(services.data_root, services.log_path)
        self.practice = PracticePage()
        self.practice.practice_requested.connect(self.practice_requested)
        self.pages = QStackedWidget()
        for page in (self.greeting, self.mic, self.voice, self.data, self.practice):
            self.pages.addWidget(page)
        self.pages.currentChanged.connect(self._page_changed)

        self.model_label = QLabel("")
        self.model_label.setObjectName("modelStatus")
        self.model_label.setWordWrap(True)
        self.model_progress = QProgressBar()
        self.model_progress.setMaximumWidth(200)
        self.model_progress.setTextVisible(False)
        services.model_status.connect(self.show_model_status)
        self.show_model_status(services.model_message, services.model_fraction)

        self.step = QLabel("")
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.close_button = QPushButton("&Close")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        self.next_button.setDefault(True)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.back)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(self.model_progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.step)
        buttons.addStretch(1)
        for button in (self.close_button, self.back_button, self.next_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(model_row)
        layout.addLayout(buttons)
        self.resize(640, 460)
        self._page_changed(0)
        self.finished.connect(self._closed)

    # Pages -------------------------------------------------------------------------

    def next(self) -> None:
        index = self.pages.currentIndex()
        if index + 1 < self.pages.count():
            self.pages.setCurrentIndex(index + 1)
        else:
            self.accept()

    def back(self) -> None:
        self.pages.setCurrentIndex(max(0, self.pages.currentIndex() - 1))

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def _page_changed(self, index: int) -> None:
        last = index == self.pages.count() - 1
        self.step.setText(f"Step {index + 1} of {self.pages.count()}")
        self.back_button.setEnabled(index > 0)
        self.next_button.setText("&Done" if last else "&Next")
        if self.pages.currentWidget() is self.mic:
            self.mic.start_listening()
        else:
            self.mic.stop_all()
        if self.pages.currentWidget() is not self.voice:
            self.voice.stop()

    # The speech model ------------------------------------------------------------------

    def show_model_status(self, message: str, fraction: float) -> None:
        """Services' own progress report: fraction 0..1, -1 busy, 1 done, -2 failed."""
        if fraction < -1:
            self.model_label.setText(f"{message}. Your answers are still recorded (details in erbsim.log).")
        else:
            self.model_label.setText(message)
        self.model_progress.setVisible(-1 <= fraction < 1)
        if fraction < 0:
            self.model_progress.setRange(0, 0)  # busy
        else:
            self.model_progress.setRange(0, 100)
            self.model_progress.setValue(int(fraction * 100))

    # Closing ---------------------------------------------------------------------------

    def _closed(self, _result: int) -> None:
        self.mic.remove_recording()
        self.voice.stop()
        prefs = self.services.prefs
        if not prefs.welcome_shown:
            prefs.welcome_shown = True
            try:
                self.services.save_prefs(prefs)
            except Exception:  # noqa: BLE001 - the welcome only shows again next time
                log.exception("saving that the welcome was shown failed")
