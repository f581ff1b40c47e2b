"""Home: start a defense, resume an interrupted one, recent sessions, microphone check."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.seats import SEATS
from erbsim.ui.widgets import BigLabel, LevelMeter


@dataclass
class DefenseOptions:
    track: str
    minutes: int
    banks: list[str]
    seats: list[str]
    follow_ups: int
    packet_id: int | None = None  # the candidate's packet the board asks about; None: general questions
    packet_focus: bool = False  # most questions about the packet's examples


NO_PACKET = "No packet (general questions)"
NO_SESSIONS_YET = "No sessions yet. Your first defense will appear here."


class HomeView(QWidget):
    start_requested = Signal(object)  # DefenseOptions
    resume_requested = Signal(int)
    dismiss_interrupted_requested = Signal(int)
    session_opened = Signal(int)
    mic_check_requested = Signal(str)  # device id
    settings_requested = Signal()
    packet_editor_requested = Signal()
    panel_requested = Signal()  # a mentor-led mock panel

    def __init__(self, bank_names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("homeView")
        title = BigLabel("Rehearse your ERB defense", scale=1.9, bold=True)
        subtitle = QLabel("Five board members, 45 minutes, no slides. Answer out loud; "
                          "every answer is recorded and transcribed on this computer.")
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)

        self.interrupted_frame = QFrame()
        self.interrupted_frame.setObjectName("interruptedBanner")
        self.interrupted_label = QLabel()
        self.interrupted_label.setWordWrap(True)
        self.resume_button = QPushButton("Resume")
        self.dismiss_button = QPushButton("Keep as ended")
        banner = QHBoxLayout(self.interrupted_frame)
        banner.addWidget(self.interrupted_label, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.dismiss_button)
        self.interrupted_frame.hide()
        self._interrupted_id: int | None = None
        self.resume_button.clicked.connect(
            lambda: self._interrupted_id and self.resume_requested.emit(self._interrupted_id))
        self.dismiss_button.clicked.connect(self._dismiss_interrupted)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.interrupted_frame)
        grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.addWidget(self._build_defense_box(bank_names), 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self._build_mic_box(), 0, 1)
        grid.addWidget(self._build_recent_box(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        layout.addLayout(grid, 1)

    # Building ------------------------------------------------------------------

    def _build_defense_box(self, bank_names: list[str]) -> QGroupBox:
        box = QGroupBox("New defense")
        form = QFormLayout(box)
        self.staff_radio = QRadioButton("Staff PM: strategic breadth")
        self.principal_radio = QRadioButton("Principal PM: technical depth")
        self.staff_radio.setChecked(True)
        self._track_group = QButtonGroup(self)
        self._track_group.addButton(self.staff_radio)
        self._track_group.addButton(self.principal_radio)
        track = QVBoxLayout()
        track.addWidget(self.staff_radio)
        track.addWidget(self.principal_radio)
        form.addRow("Track", track)

        self.packet_combo = QComboBox()
        self.packet_combo.setAccessibleName("Packet")
        self.packet_combo.setToolTip("The examples of your packet that the board questions you on")
        self.packet_combo.addItem(NO_PACKET, None)
        self.packet_combo.currentIndexChanged.connect(self._packet_changed)
        self._packet_examples: dict[int, int] = {}  # packet id -> its number of examples
        self.packet_button = QPushButton("&Packet…")
        self.packet_button.setToolTip("Write or revise your packet's examples (Ctrl+P)")
        self.packet_button.clicked.connect(self.packet_editor_requested)
        packet_row = QHBoxLayout()
        packet_row.addWidget(self.packet_combo, 1)
        packet_row.addWidget(self.packet_button)
        packet_label = QLabel("Pac&ket")
        packet_label.setBuddy(self.packet_combo)
        form.addRow(packet_label, packet_row)
        self.packet_focus_check = QCheckBox("Packet-&centred defense (most questions about your examples)")
        self.packet_focus_check.setToolTip("The way the real board works: it questions you on your packet.")
        self.packet_focus_check.setEnabled(False)
        form.addRow("", self.packet_focus_check)

        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(1, 180)
        self.minutes_spin.setValue(45)
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setToolTip("The real board gives you 45 minutes.")
        form.addRow("Duration", self.minutes_spin)

        self.follow_ups_spin = QSpinBox()
        self.follow_ups_spin.setRange(0, 4)
        self.follow_ups_spin.setValue(1)
        self.follow_ups_spin.setToolTip("Follow-ups the board asks before moving on (F asks more).")
        form.addRow("Follow-ups per question", self.follow_ups_spin)

        self.banks_list = QListWidget()
        self.banks_list.setMaximumHeight(90)
        for name in bank_names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.banks_list.addItem(item)
        form.addRow("Question banks", self.banks_list)

        self.seats_list = QListWidget()
        self.seats_list.setMaximumHeight(130)
        for seat in SEATS:
            item = QListWidgetItem(f"{seat.name}, {seat.title}")
            item.setData(Qt.ItemDataRole.UserRole, seat.id)
            item.setToolTip(seat.focus)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.seats_list.addItem(item)
        form.addRow("Board seats", self.seats_list)

        self.start_button = QPushButton("Start defense")
        self.start_button.setObjectName("primaryButton")
        self.start_button.setToolTip("Ctrl+Enter")
        self.start_button.clicked.connect(self._start)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._start)
        self.panel_button = QPushButton("Start a mock panel…")
        self.panel_button.setToolTip("A mentor runs the board from a console; the candidate sees only the "
                                     "question and the clock (Ctrl+Shift+N)")
        self.panel_button.clicked.connect(self.panel_requested)
        self.start_error = QLabel("")
        self.start_error.setObjectName("errorText")
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addWidget(self.panel_button)
        start_row.addStretch(1)
        form.addRow(start_row)
        form.addRow(self.start_error)
        return box

    def _build_mic_box(self) -> QGroupBox:
        box = QGroupBox("Microphone")
        layout = QVBoxLayout(box)
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName("Microphone")
        self.check_button = QPushButton("Check microphone")
        self.check_button.clicked.connect(lambda: self.mic_check_requested.emit(self.selected_device()))
        row = QHBoxLayout()
        row.addWidget(self.device_combo, 1)
        row.addWidget(self.check_button)
        self.home_meter = LevelMeter()
        self.home_meter.setFixedHeight(14)
        self.mic_status = QLabel("Say a few words after pressing Check microphone.")
        self.mic_status.setWordWrap(True)
        self.model_status = QLabel("")
        self.model_status.setObjectName("modelStatus")
        layout.addLayout(row)
        layout.addWidget(self.home_meter)
        layout.addWidget(self.mic_status)
        layout.addWidget(self.model_status)
        layout.addStretch(1)
        return box

    def _build_recent_box(self) -> QGroupBox:
        box = QGroupBox("Recent sessions")
        layout = QVBoxLayout(box)
        self.recent_tree = QTreeWidget()
        self.recent_tree.setHeaderLabels(["Date", "Track", "Status", "Questions", "Length"])
        self.recent_tree.setRootIsDecorated(False)
        self.recent_tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.recent_tree.itemActivated.connect(
            lambda item, _col: self.session_opened.emit(int(item.data(0, Qt.ItemDataRole.UserRole))))
        self.recent_empty = QLabel("")
        self.recent_hint = QLabel("Double-click a session to listen back and review it (Ctrl+2: all sessions).")
        self.recent_hint.setObjectName("subtitle")
        layout.addWidget(self.recent_tree)
        layout.addWidget(self.recent_hint)
        layout.addWidget(self.recent_empty)
        return box

    # Reading -------------------------------------------------------------------

    def options(self) -> DefenseOptions:
        return DefenseOptions(
            track="principal" if self.principal_radio.isChecked() else "staff",
            minutes=self.minutes_spin.value(),
            banks=[self.banks_list.item(i).text() for i in range(self.banks_list.count())
                   if self.banks_list.item(i).checkState() == Qt.CheckState.Checked],
            seats=[self.seats_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.seats_list.count())
                   if self.seats_list.item(i).checkState() == Qt.CheckState.Checked],
            follow_ups=self.follow_ups_spin.value(),
            packet_id=self.selected_packet(),
            packet_focus=self.packet_focus_check.isEnabled() and self.packet_focus_check.isChecked(),
        )

    def apply_options(self, track: str, minutes: int, banks: list[str], seats: list[str], follow_ups: int) -> None:
        (self.principal_radio if track == "principal" else self.staff_radio).setChecked(True)
        self.minutes_spin.setValue(minutes)
        self.follow_ups_spin.setValue(follow_ups)
        for i in range(self.banks_list.count()):
            item = self.banks_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if not banks or item.text() in banks else Qt.CheckState.Unchecked)
        for i in range(self.seats_list.count()):
            item = self.seats_list.item(i)
            wanted = not seats or item.data(Qt.ItemDataRole.UserRole) in seats
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def set_packets(self, packets: list[tuple[int, str, int]], chosen: str | None = None,
                    focus: bool | None = None) -> None:
        """packets: (id, name, number of examples), most recently edited first. chosen: "" picks the
        most recently edited, "none" no packet, else a packet id; None keeps the current choice."""
        if chosen is None:
            current = self.selected_packet()
            chosen = "none" if current is None else str(current)
        self.packet_combo.blockSignals(True)
        self.packet_combo.clear()
        self.packet_combo.addItem(NO_PACKET, None)
        self._packet_examples = {}
        for packet_id, name, examples in packets:
            self.packet_combo.addItem(f"{name} ({examples} example{'s' if examples != 1 else ''})", packet_id)
            self._packet_examples[packet_id] = examples
        index = -1
        if chosen not in ("", "none"):
            try:
                index = self.packet_combo.findData(int(chosen))
            except ValueError:
                index = -1
        if index < 0:
            index = 0 if chosen == "none" or not packets else 1
        self.packet_combo.setCurrentIndex(index)
        self.packet_combo.blockSignals(False)
        if focus is not None:
            self.packet_focus_check.setChecked(focus)
        self._packet_changed()

    def packet_choices(self) -> list[tuple[str, int | None]]:
        """The packets as listed: (label, id), "No packet" first."""
        combo = self.packet_combo
        return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]

    def selected_packet(self) -> int | None:
        data = self.packet_combo.currentData()
        return int(data) if data is not None else None

    def _packet_changed(self, *_args) -> None:
        packet_id = self.selected_packet()
        usable = packet_id is not None and self._packet_examples.get(packet_id, 0) > 0
        self.packet_focus_check.setEnabled(usable)
        if packet_id is None:
            self.packet_focus_check.setToolTip("Choose a packet first.")
        elif not usable:
            self.packet_focus_check.setToolTip("This packet has no examples yet: add them with Packet… (Ctrl+P).")
        else:
            self.packet_focus_check.setToolTip("The way the real board works: it questions you on your packet.")

    def selected_device(self) -> str:
        return self.device_combo.currentData() or ""

    def _start(self) -> None:
        options = self.options()
        if not options.banks:
            self.start_error.setText("Choose at least one question bank.")
            return
        if not options.seats:
            self.start_error.setText("Choose at least one board seat.")
            return
        self.start_error.setText("")
        self.start_requested.emit(options)

    # Showing -------------------------------------------------------------------

    def set_devices(self, devices: list[tuple[str, str]], selected: str) -> None:
        """devices: (id, description); an empty id is the system default."""
        self.device_combo.clear()
        for device_id, description in devices:
            self.device_combo.addItem(description, device_id)
        index = self.device_combo.findData(selected)
        self.device_combo.setCurrentIndex(max(index, 0))
        has_devices = bool(devices)
        self.check_button.setEnabled(has_devices)
        if not has_devices:
            self.mic_status.setText("No microphone found. You can still rehearse by typing your answers.")

    def set_recent_unavailable(self, message: str) -> None:
        """The sessions could not be read: say so, never "No sessions yet"."""
        self.recent_tree.clear()
        self.recent_empty.setText(message)
        self.recent_empty.setVisible(True)
        self.recent_tree.setVisible(False)
        self.recent_hint.setVisible(False)

    def set_recent(self, sessions: list[dict]) -> None:
        self.recent_empty.setText(NO_SESSIONS_YET)
        self.recent_tree.clear()
        for row in sessions:
            item = QTreeWidgetItem([row["date"], row["track"], row["status"], str(row["questions"]), row["length"]])
            item.setData(0, Qt.ItemDataRole.UserRole, row["id"])
            self.recent_tree.addTopLevelItem(item)
        self.recent_empty.setVisible(not sessions)
        self.recent_tree.setVisible(bool(sessions))
        self.recent_hint.setVisible(bool(sessions))

    def set_interrupted(self, session_id: int | None, description: str = "") -> None:
        self._interrupted_id = session_id
        self.interrupted_label.setText(description)
        self.interrupted_frame.setVisible(session_id is not None)

    def _dismiss_interrupted(self) -> None:
        if self._interrupted_id is not None:
            self.dismiss_interrupted_requested.emit(self._interrupted_id)
