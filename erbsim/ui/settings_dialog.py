"""Settings: microphone, board voices, transcription, data folder, appearance."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.seats import SEATS
from erbsim.speech.voices import VoiceSettings, engine_of, settings_from_id
from erbsim.ui.settings_store import ENGINES, LANGUAGES, THEMES, Preferences, VoiceChoice

CHAIR_SEAT = "cpo"  # the board's chair: a panel's first seat, the solo defense's timekeeper
ENGINE_LABELS = {"whisper": "Whisper (offline, recommended)", "sphinx": "PocketSphinx (offline, less accurate)"}


class SettingsDialog(QDialog):
    preview_requested = Signal(str, object)  # seat id, VoiceChoice

    def __init__(self, prefs: Preferences, devices: list[tuple[str, str]], voices: list[tuple[str, str]],
                 default_voices: dict[str, tuple[str, int, int]], parent: QWidget | None = None, *,
                 voice_note: str = ""):
        """voices: (id, label) of every voice, natural first (BoardVoice.voice_list); default_voices:
        each seat's (voice, rate, pitch); voice_note: a sentence on the natural voices when they
        cannot be used here ("" when they can)."""
        super().__init__(parent)
        self.setWindowTitle("erbsim settings")
        self.setMinimumWidth(860)  # room for a voice's whole name in the voices tab
        self._prefs = copy.deepcopy(prefs)
        self._defaults = default_voices
        self._shown_voice: dict[str, str] = {seat: choice.voice for seat, choice in self._prefs.voices.items()
                                             if choice.voice}
        tabs = QTabWidget()
        tabs.addTab(self._audio_tab(devices), "Microphone")
        tabs.addTab(self._voices_tab(voices, voice_note), "Board voices")
        self.tabs = tabs
        tabs.addTab(self._transcription_tab(), "Transcription")
        tabs.addTab(self._general_tab(), "General")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    def _audio_tab(self, devices) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.device_combo = QComboBox()
        self.device_combo.addItem("System default", "")
        for device_id, description in devices:
            if device_id:
                self.device_combo.addItem(description, device_id)
        self.device_combo.setCurrentIndex(max(self.device_combo.findData(self._prefs.input_device), 0))
        form.addRow("Microphone", self.device_combo)
        self.soft_limit_spin = QSpinBox()
        self.soft_limit_spin.setRange(30, 900)
        self.soft_limit_spin.setSingleStep(15)
        self.soft_limit_spin.setSuffix(" s")
        self.soft_limit_spin.setValue(self._prefs.soft_limit_s)
        form.addRow("Soft limit per answer", self.soft_limit_spin)
        self.cut_in_spin = QSpinBox()
        self.cut_in_spin.setRange(0, 900)
        self.cut_in_spin.setSingleStep(15)
        self.cut_in_spin.setSuffix(" s past the soft limit")
        self.cut_in_spin.setSpecialValueText("Never")
        self.cut_in_spin.setValue(self._prefs.cut_in_after_s)
        self.cut_in_spin.setAccessibleName("Board cuts in after, seconds past the soft limit; 0 for never")
        self.cut_in_spin.setToolTip("A real board interrupts an answer that runs on. 0: the board never cuts in.")
        form.addRow("Board cuts in after", self.cut_in_spin)
        return page

    def _voices_tab(self, voices: list[tuple[str, str]], voice_note: str) -> QWidget:
        """The chair's and each seat's voice (natural voices first, espeak-ng's after a line),
        pace and pitch, and a preview. Alt+1 … Alt+5 go to a seat's voice; Alt+P previews the
        seat whose row has the focus."""
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("Each seat asks in its own voice; the chair (seat 1) also announces the time. "
                       "Natural voices run offline and are listed first; espeak-ng voices are a choice "
                       "for any seat. With a natural voice, pace 170 and pitch 50 are the voice's own.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.voice_note = QLabel(voice_note)
        self.voice_note.setObjectName("subtitle")
        self.voice_note.setWordWrap(True)
        self.voice_note.setVisible(bool(voice_note))
        layout.addWidget(self.voice_note)
        grid = QGridLayout()
        layout.addLayout(grid)
        layout.addStretch(1)
        for column, title in enumerate(["Seat", "Voice", "Pace (wpm)", "Pitch", ""]):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        grid.setColumnStretch(1, 1)
        labels = dict(voices)
        self._voice_rows: dict[str, tuple[QComboBox, QSpinBox, QSpinBox]] = {}
        self.preview_buttons: dict[str, QPushButton] = {}
        for row, seat in enumerate(SEATS, start=1):
            default_voice, default_rate, default_pitch = self._defaults.get(seat.id, ("", 170, 50))
            choice = self._prefs.voices.get(seat.id, VoiceChoice())
            voice_combo = QComboBox()
            voice_combo.addItem(f"{labels.get(default_voice, default_voice)} (seat default)" if default_voice
                                else "Seat default", "")
            natural = [(i, n) for i, n in voices if engine_of(i) == "piper"]
            for voice_id, name in natural:
                voice_combo.addItem(name, voice_id)
            if natural and len(natural) < len(voices):
                voice_combo.insertSeparator(voice_combo.count())
            for voice_id, name in voices:
                if engine_of(voice_id) != "piper":
                    voice_combo.addItem(name, voice_id)
            if choice.voice and voice_combo.findData(choice.voice) < 0:  # not listed here: kept as it is
                voice_combo.addItem(choice.voice, choice.voice)
            voice_combo.setCurrentIndex(max(voice_combo.findData(choice.voice), 0))
            voice_combo.setMinimumContentsLength(52)
            voice_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            voice_combo.setAccessibleName(f"Voice of seat {seat.number}, {seat.name}")
            rate = QSpinBox()
            rate.setRange(80, 300)
            rate.setValue(choice.rate or default_rate)
            rate.setAccessibleName(f"Pace of seat {seat.number}, words per minute")
            pitch = QSpinBox()
            pitch.setRange(0, 99)
            pitch.setValue(choice.pitch if choice.pitch >= 0 else default_pitch)
            pitch.setAccessibleName(f"Pitch of seat {seat.number}")
            voice_combo.currentIndexChanged.connect(lambda _=0, s=seat.id: self._voice_changed(s))
            preview = QPushButton("Preview")
            preview.setAccessibleName(f"Preview the voice of seat {seat.number}, {seat.name}")
            preview.setToolTip("Say a short question in this voice (Alt+P: the seat whose row has the focus)")
            preview.clicked.connect(lambda _=False, s=seat.id: self.preview(s))
            chair = " (chair)" if seat.id == CHAIR_SEAT else ""
            name = QLabel(f"&{seat.number}. {seat.name}{chair}")
            name.setBuddy(voice_combo)
            name.setToolTip(seat.title)
            grid.addWidget(name, row, 0)
            grid.addWidget(voice_combo, row, 1)
            grid.addWidget(rate, row, 2)
            grid.addWidget(pitch, row, 3)
            grid.addWidget(preview, row, 4)
            self._voice_rows[seat.id] = (voice_combo, rate, pitch)
            self.preview_buttons[seat.id] = preview
        QShortcut(QKeySequence("Alt+P"), page, activated=self._preview_focused)
        return page

    def _voice_changed(self, seat_id: str) -> None:
        """The seat's default again: its own pace and pitch. A voice of another engine: that voice's
        own (170/50), since the numbers mean something else there. The same engine keeps them."""
        voice_combo, rate, pitch = self._voice_rows[seat_id]
        default_voice, default_rate, default_pitch = self._defaults.get(seat_id, ("", 170, 50))
        chosen = voice_combo.currentData() or ""
        if not chosen:
            new = VoiceSettings(default_voice, default_rate, default_pitch)
        else:
            shown = VoiceSettings(self._shown_voice.get(seat_id) or default_voice, rate.value(), pitch.value())
            new = settings_from_id(chosen, shown)
        rate.setValue(new.rate)
        pitch.setValue(new.pitch)
        self._shown_voice[seat_id] = chosen

    def preview(self, seat_id: str) -> None:
        """Ask for a short line in the voice the row shows (the dialog's preview_requested)."""
        self.preview_requested.emit(seat_id, self._voice_choice(seat_id))

    def _preview_focused(self) -> None:
        focus = self.focusWidget()
        for seat_id, widgets in self._voice_rows.items():
            if focus in (*widgets, self.preview_buttons[seat_id]):
                self.preview(seat_id)
                return
        self.preview(SEATS[0].id)

    def _transcription_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.engine_combo = QComboBox()
        for engine in ENGINES:
            self.engine_combo.addItem(ENGINE_LABELS[engine], engine)
        self.engine_combo.setCurrentIndex(max(self.engine_combo.findData(self._prefs.engine), 0))
        form.addRow("Engine", self.engine_combo)
        self.model_edit = QLineEdit(self._prefs.model)
        self.model_edit.setPlaceholderText("tiny.en (bundled, no download)")
        browse = QPushButton("Folder…")
        browse.clicked.connect(self._browse_model)
        row = QHBoxLayout()
        row.addWidget(self.model_edit, 1)
        row.addWidget(browse)
        form.addRow("Whisper model", row)
        note = QLabel("A model name such as base.en or small.en is downloaded once, on first use, "
                      "into the cache folder. A folder is used as it is. Changes apply on the next start.")
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.data_edit = QLineEdit(self._prefs.data_folder)
        self.data_edit.setPlaceholderText("the platform's data folder")
        browse = QPushButton("Folder…")
        browse.clicked.connect(self._browse_data)
        row = QHBoxLayout()
        row.addWidget(self.data_edit, 1)
        row.addWidget(browse)
        form.addRow("Data folder", row)
        form.addRow(QLabel("The database and recordings live there. A change applies on the next start."))
        self.theme_combo = QComboBox()
        for theme, label in zip(THEMES, ("Follow the system", "Light", "Dark"), strict=True):
            self.theme_combo.addItem(label, theme)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(self._prefs.theme), 0))
        form.addRow("Theme", self.theme_combo)
        self.language_combo = QComboBox()
        for code, label in LANGUAGES.items():
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(self._prefs.language), 0))
        form.addRow("Interface language", self.language_combo)
        return page

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Whisper model folder (CTranslate2)")
        if folder:
            self.model_edit.setText(folder)

    def _browse_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder")
        if folder:
            self.data_edit.setText(folder)

    def _voice_choice(self, seat_id: str) -> VoiceChoice:
        voice_combo, rate, pitch = self._voice_rows[seat_id]
        return VoiceChoice(voice=voice_combo.currentData() or "", rate=rate.value(), pitch=pitch.value())

    def preferences(self) -> Preferences:
        prefs = copy.deepcopy(self._prefs)
        prefs.input_device = self.device_combo.currentData() or ""
        prefs.soft_limit_s = self.soft_limit_spin.value()
        prefs.cut_in_after_s = self.cut_in_spin.value()
        prefs.engine = self.engine_combo.currentData()
        prefs.model = self.model_edit.text().strip()
        prefs.data_folder = self.data_edit.text().strip()
        prefs.theme = self.theme_combo.currentData()
        prefs.language = self.language_combo.currentData()
        prefs.voices = {seat.id: self._voice_choice(seat.id) for seat in SEATS}
        return prefs
