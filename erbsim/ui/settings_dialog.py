"""Settings: microphone, board voices, transcription, data folder, appearance."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal
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
from erbsim.ui.settings_store import ENGINES, LANGUAGES, THEMES, Preferences, VoiceChoice

ENGINE_LABELS = {"whisper": "Whisper (offline, recommended)", "sphinx": "PocketSphinx (offline, less accurate)"}


class SettingsDialog(QDialog):
    preview_requested = Signal(str, object)  # seat id, VoiceChoice

    def __init__(self, prefs: Preferences, devices: list[tuple[str, str]], voices: list[tuple[str, str]],
                 default_voices: dict[str, tuple[str, int, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("erbsim settings")
        self.setMinimumWidth(640)
        self._prefs = copy.deepcopy(prefs)
        self._defaults = default_voices
        tabs = QTabWidget()
        tabs.addTab(self._audio_tab(devices), "Microphone")
        tabs.addTab(self._voices_tab(voices), "Board voices")
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

    def _voices_tab(self, voices) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for column, title in enumerate(["Seat", "Voice", "Rate (wpm)", "Pitch", ""]):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self._voice_rows: dict[str, tuple[QComboBox, QSpinBox, QSpinBox]] = {}
        for row, seat in enumerate(SEATS, start=1):
            default_voice, default_rate, default_pitch = self._defaults.get(seat.id, ("", 170, 50))
            choice = self._prefs.voices.get(seat.id, VoiceChoice())
            voice_combo = QComboBox()
            voice_combo.addItem(f"Default ({default_voice})" if default_voice else "Default", "")
            for voice_id, name in voices:
                voice_combo.addItem(name, voice_id)
            voice_combo.setCurrentIndex(max(voice_combo.findData(choice.voice), 0))
            rate = QSpinBox()
            rate.setRange(80, 300)
            rate.setValue(choice.rate or default_rate)
            pitch = QSpinBox()
            pitch.setRange(0, 99)
            pitch.setValue(choice.pitch if choice.pitch >= 0 else default_pitch)
            preview = QPushButton("Preview")
            preview.clicked.connect(lambda _=False, s=seat.id: self.preview_requested.emit(s, self._voice_choice(s)))
            grid.addWidget(QLabel(f"{seat.number}. {seat.name}"), row, 0)
            grid.addWidget(voice_combo, row, 1)
            grid.addWidget(rate, row, 2)
            grid.addWidget(pitch, row, 3)
            grid.addWidget(preview, row, 4)
            self._voice_rows[seat.id] = (voice_combo, rate, pitch)
        grid.setRowStretch(len(SEATS) + 1, 1)
        return page

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
