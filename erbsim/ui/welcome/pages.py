"""The welcome's other pages: greeting, one board voice, where data is kept, a first practice."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from erbsim.core.seats import seat_by_id

log = logging.getLogger(__name__)

PRACTICE_MINUTES = 5
VOICE_SEAT = "cpo"  # the chair opens every defense
VOICE_LINE = "Thank you for coming. Who asked you to do this, and who else uses it today?"
VOICE_START_LIMIT_MS = 30_000  # a voice that has not started by then is not coming


def _text(markup: str) -> QLabel:
    label = QLabel(markup)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _page(*widgets: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout


class GreetingPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = _page(
            _text("<h2>Welcome to erbsim</h2>"),
            _text("<p>erbsim rehearses the Executive Review Board defense: five board members, 45 minutes, "
                  "no slides. The board asks about your strategy, the trade-offs you made and whether others "
                  "reused what you built, and probes every claim: <i>Who asked you to do this? Who else uses "
                  "it? What changed as a result?</i></p>"
                  "<p>You answer out loud. Each answer is recorded and transcribed, and afterwards you see how "
                  "it reads against what the board judges: strategic autonomy, cross-BU impact and talent "
                  "multiplier.</p>"
                  "<p>The next pages check your microphone, play one board voice, show where your sessions are "
                  "kept, and offer a short first practice. It takes about two minutes; you can reopen this "
                  "from <b>Help → Welcome…</b>.</p>"))
        layout.addStretch(1)
        self.setLayout(layout)


class VoicePage(QWidget):
    """The chair says one line through the app's BoardVoice, as in a defense."""

    def __init__(self, voice, parent: QWidget | None = None):
        super().__init__(parent)
        self.voice = voice
        self.played = False
        seat = seat_by_id(VOICE_SEAT)
        self.play_button = QPushButton(f"&Hear {seat.name}")
        self.play_button.clicked.connect(self.play)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("voiceStatus")
        self._asked = False  # between play() and the line being spoken (or failing)
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.setInterval(VOICE_START_LIMIT_MS)
        self._limit.timeout.connect(self._did_not_start)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addStretch(1)
        layout = _page(
            _text("<h2>The board's voices</h2>"),
            _text(f"<p>The board asks its questions aloud, each member in their own voice. The chair, "
                  f"{html.escape(seat.name)}, {html.escape(seat.title.removesuffix(' (chair)'))}, opens:</p>"
                  f"<blockquote>“{html.escape(VOICE_LINE)}”</blockquote>"
                  "<p>The voices are made on this computer. Each member's voice, pace and pitch can be changed "
                  "in <b>Settings</b> (Ctrl+,).</p>"))
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setLayout(layout)
        voice.speaking.connect(self._speaking)
        voice.spoken.connect(self._spoken)
        voice.unavailable.connect(self._unavailable)

    def play(self) -> None:
        if not self.voice.enabled:
            self.status.setText("The board's voices cannot be played here, so questions are shown as text "
                                "(details in erbsim.log).")
            return
        self._asked = True
        self.status.setText("Preparing the voice…")
        self._limit.start()
        self.voice.speak(VOICE_LINE, VOICE_SEAT)

    def stop(self) -> None:
        self._limit.stop()
        if self._asked:
            self._asked = False
            self.voice.stop()

    def _speaking(self, text: str) -> None:
        if self._asked and text == VOICE_LINE:
            self._limit.stop()
            self.status.setText(f"{seat_by_id(VOICE_SEAT).name} is speaking…")

    def _spoken(self, text: str) -> None:
        if self._asked and text == VOICE_LINE:
            self._asked = False
            self.played = True
            self.status.setText("That is how the board sounds in a defense. If you did not hear it, check your "
                                "speakers or headphones and play it again.")

    def _unavailable(self, reason: str) -> None:
        if self._asked:
            self._asked = False
            self._limit.stop()
            self.status.setText(f"The board's voice could not be played ({reason.rstrip('.')}), so questions "
                                "will be shown as text.")

    def _did_not_start(self) -> None:
        if self._asked:
            log.warning("welcome: the board voice had not started after %d s", VOICE_START_LIMIT_MS // 1000)
            self.stop()
            self.status.setText("The board's voice did not start; questions will still be shown as text "
                                "(details in erbsim.log).")


class DataPage(QWidget):
    def __init__(self, data_root: Path, log_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_root = data_root
        self.open_button = QPushButton("&Open the data folder")
        self.open_button.clicked.connect(self.open_folder)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        folder = QLabel(f"<p>Your sessions, recordings and transcripts are kept in<br><b>{html.escape(str(data_root))}"
                        f"</b></p><p>The log file, which helps when something goes wrong, is<br>"
                        f"{html.escape(str(log_path))}</p>")
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setObjectName("dataFolder")
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout = _page(
            _text("<h2>Your data stays here</h2>"),
            folder,
            _text("<p><b>Nothing leaves this machine.</b> Your answers are transcribed on this computer, the "
                  "board's voices are made on it, and erbsim sends nothing anywhere: no account, no cloud, "
                  "no usage statistics. The folder is readable by you alone; back it up as you back up your "
                  "documents. Another folder can be chosen in Settings.</p>"))
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setLayout(layout)

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_root))):
            log.warning("welcome: no file manager opened %s", self.data_root)
            self.status.setText("No file manager could open the folder; the path above can be selected and copied.")


class PracticePage(QWidget):
    practice_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start_button = QPushButton(f"&Start a {PRACTICE_MINUTES}-minute practice defense")
        self.start_button.setObjectName("practiceButton")
        self.start_button.clicked.connect(self.practice_requested)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout = _page(
            _text("<h2>A first practice</h2>"),
            _text(f"<p>Try a short defense before the real length: {PRACTICE_MINUTES} minutes instead of 45. "
                  "The board asks its questions aloud; press <b>Space</b> to start and stop each answer, "
                  "<b>N</b> for the next question, <b>Esc</b> to end. Afterwards you read what you said and "
                  "how it sounds to the board.</p>"
                  "<p>Or close this and set up a full defense on the home page; writing your packet first "
                  "(<b>Ctrl+P</b>) lets the board question you on your own examples.</p>"))
        layout.addLayout(row)
        layout.addStretch(1)
        self.setLayout(layout)
