"""The packet editor: the candidate's packets in this data folder, and one packet's 3-5 examples.

Left, the packets (several: a candidate revising for the next cycle keeps
last cycle's); in the middle, the chosen packet's header and its examples,
each in the board's four steps; right, the packet check.

Nothing typed is lost: edits are saved a moment after typing stops (or at
once with Ctrl+S), and closing with changes not yet saved asks first. Every
read and write goes through the StoreClient's thread, never the GUI thread.
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.export import local_time
from erbsim.core.packet import MAX_EXAMPLES, MIN_EXAMPLES, Packet, PacketError, load_packet_file, save_packet_file
from erbsim.core.packet.check import check_packet
from erbsim.core.store.records import StoredPacket
from erbsim.ui.packet.check_panel import CheckPanel, _step_number
from erbsim.ui.packet.example_form import STEP_FIELDS, TRACK_LABELS, ExampleForm
from erbsim.ui.store_client import StoreClient
from erbsim.ui.widgets import buddy_label

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500  # saved this long after the last keystroke
CHECK_MS = 400  # the packet check runs this long after the last keystroke
NEW_PACKET_NAME = "New packet"

IMPORT_FILTER = "Packet files (*.md *.markdown *.yaml *.yml);;Markdown (*.md *.markdown);;YAML (*.yaml *.yml)"
MARKDOWN_FILTER, YAML_FILTER = "Markdown (*.md)", "YAML (*.yaml *.yml)"
EXPORT_FILTER = f"{MARKDOWN_FILTER};;{YAML_FILTER}"

# The packet check's codes (erbsim/core/packet/check.py) -> the example field each is about.
CODE_FIELDS = {
    "no_business_unit": "business_unit", "no_risk": "risk_seen", "no_lead_time": "lead_time_months",
    "short_lead_time": "lead_time_months", "no_action": "action", "assigned": "asked_by",
    "autonomy_unclear": "action", "execution_language": "action", "no_impact": "impact",
    "no_before_after": "before", "no_baseline": "before", "numbers_not_in_fields": "metric",
    "no_metric_name": "metric", "no_quote": "quotes", "no_adopters": "adopters", "one_adopter": "adopters",
    "team_not_bu": "adopters", "no_reuse_form": "adopters", "no_adoption_story": "adoption",
    "no_evidence": "evidence", "no_sponsor": "sponsor", "sponsor_level_unclear": "sponsor",
}


def field_for(finding: Any) -> str:
    """The example field a finding of the packet check is about (for a code it does not know:
    the first field of the finding's step)."""
    code = str(getattr(finding, "code", "") or "")
    if code in CODE_FIELDS:
        return CODE_FIELDS[code]
    step = _step_number(getattr(finding, "step", None))
    return STEP_FIELDS.get(step, STEP_FIELDS[0])[0]


def export_path(path: str, chosen_filter: str) -> Path:
    """Where to write: the name as typed when it ends in .md/.markdown/.yaml/.yml, else with the
    extension of the format chosen in the file dialog."""
    target = Path(path)
    if target.suffix.lower() in (".md", ".markdown", ".yaml", ".yml"):
        return target
    return target.with_name(target.name + (".yaml" if chosen_filter == YAML_FILTER else ".md"))


class PacketEditor(QDialog):
    packets_changed = Signal()  # a packet was created, renamed, changed or deleted
    saved = Signal(int)  # packet id

    def __init__(self, store: StoreClient, parent: QWidget | None = None, *, autosave_ms: int = AUTOSAVE_MS,
                 select_id: int | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("packetEditor")
        self.setWindowTitle("Your packet: the examples the board will question you on")
        self._bodies: dict[int, dict] = {}  # packet id -> its body as last read or saved
        self._current_id: int | None = None
        self._loading = False
        self._generation = 0  # counts edits
        self._saved_generation = 0
        self._saving = False
        self._after_save: list[Callable[[], None]] = []
        self._uuid = ""
        self._folder = Path.home()  # where the last import or export was
        self.unsaved_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self._autosave_now)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_MS)
        self._check_timer.timeout.connect(self.run_check)

        self.check_panel = CheckPanel()
        self.check_panel.finding_activated.connect(self.go_to_finding)
        self.check_panel.setMinimumWidth(260)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_packets_panel())
        splitter.addWidget(self._build_editor_panel())
        splitter.addWidget(self.check_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([230, 760, 330])
        self.splitter = splitter

        self.status = QLabel("")
        self.status.setObjectName("subtitle")
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Ctrl+S. Your edits are also saved a moment after you stop typing.")
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Esc")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=lambda: self.save())

        self._show_nothing()
        self.refresh(select_id)

    # Building ------------------------------------------------------------------

    def _build_packets_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)
        title = QLabel("&Your packets")
        title.setObjectName("panelTitle")
        self.packet_list = QListWidget()
        self.packet_list.setAccessibleName("Packets")
        self.packet_list.setWordWrap(True)
        self.packet_list.currentItemChanged.connect(self._packet_chosen)
        title.setBuddy(self.packet_list)
        self.new_button = QPushButton("&New")
        self.new_button.setToolTip("A new, empty packet")
        self.duplicate_button = QPushButton("&Duplicate")
        self.duplicate_button.setToolTip("Revise for the next cycle: a copy to edit, this one kept as it is")
        self.delete_button = QPushButton("De&lete…")
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip("Read a packet from a Markdown or YAML file")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Write this packet to a Markdown or YAML file")
        self.new_button.clicked.connect(self.new_packet)
        self.duplicate_button.clicked.connect(self.duplicate_packet)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.import_button.clicked.connect(self.import_packet)
        self.export_button.clicked.connect(self.export_packet)
        buttons = QGridLayout()
        buttons.addWidget(self.new_button, 0, 0)
        buttons.addWidget(self.duplicate_button, 0, 1)
        buttons.addWidget(self.import_button, 1, 0)
        buttons.addWidget(self.export_button, 1, 1)
        buttons.addWidget(self.delete_button, 2, 0, 1, 2)
        for button in (self.new_button, self.duplicate_button, self.delete_button, self.import_button,
                       self.export_button):
            button.setAutoDefault(False)
        layout.addWidget(title)
        layout.addWidget(self.packet_list, 1)
        layout.addLayout(buttons)
        panel.setMinimumWidth(200)
        return panel

    def _build_editor_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 6, 0)

        header = QGroupBox("Packet")
        grid = QGridLayout(header)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. ERB 2027 spring")
        self.candidate_edit = QLineEdit()
        self.candidate_edit.setPlaceholderText("Your name as the board reads it")
        self.track_combo = QComboBox()
        for value, label in TRACK_LABELS:
            self.track_combo.addItem(label, value)
        self.track_combo.setToolTip("Staff PM: strategic breadth. Principal PM: technical depth.")
        self.target_edit = QLineEdit()
        self.target_edit.setPlaceholderText("e.g. Staff PM (P9)")
        for row, (text, widget) in enumerate((("Packet na&me", self.name_edit), ("&Candidate", self.candidate_edit))):
            grid.addWidget(buddy_label(text, widget), row, 0)
            grid.addWidget(widget, row, 1)
        for row, (text, widget) in enumerate((("Trac&k", self.track_combo), ("Tar&get level", self.target_edit))):
            grid.addWidget(buddy_label(text, widget), row, 2)
            grid.addWidget(widget, row, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.name_edit.setAccessibleName("Packet name")
        self.candidate_edit.setAccessibleName("Candidate")
        self.track_combo.setAccessibleName("Track")
        self.target_edit.setAccessibleName("Target level")
        for edit in (self.name_edit, self.candidate_edit, self.target_edit):
            edit.textChanged.connect(self._edited)
        self.name_edit.textChanged.connect(self._name_changed)
        self.track_combo.currentIndexChanged.connect(self._edited)

        examples = QWidget()
        side = QVBoxLayout(examples)
        side.setContentsMargins(0, 0, 0, 0)
        self.examples_title = QLabel("&Examples")
        self.examples_title.setObjectName("panelTitle")
        self.example_list = QListWidget()
        self.example_list.setAccessibleName("Examples")
        self.example_list.setWordWrap(True)
        self.example_list.currentRowChanged.connect(self._example_chosen)
        self.examples_title.setBuddy(self.example_list)
        self.examples_hint = QLabel("")
        self.examples_hint.setObjectName("subtitle")
        self.examples_hint.setWordWrap(True)
        self.add_example_button = QPushButton("&Add example")
        self.remove_example_button = QPushButton("&Remove example…")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.add_example_button.clicked.connect(self.add_example)
        self.remove_example_button.clicked.connect(self.confirm_remove_example)
        self.up_button.clicked.connect(lambda: self.move_example(-1))
        self.down_button.clicked.connect(lambda: self.move_example(1))
        self.example_list.setMaximumHeight(260)  # five examples of two lines
        side.addWidget(self.examples_title)
        side.addWidget(self.example_list, 1)
        side.addWidget(self.examples_hint)
        for button in (self.add_example_button, self.remove_example_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            side.addWidget(button)
        side.addStretch(0)
        examples.setFixedWidth(200)

        self.forms = QStackedWidget()
        self.no_example = QLabel(f"No examples yet. The board reads {MIN_EXAMPLES}-{MAX_EXAMPLES}: each a "
                                 "decision you started, its ripple beyond your team, and who reused it.\n\n"
                                 "Press Add example (Alt+A).")
        self.no_example.setWordWrap(True)
        self.no_example.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_example.setObjectName("subtitle")
        self.forms.addWidget(self.no_example)

        body = QHBoxLayout()
        body.addWidget(examples)
        body.addWidget(self.forms, 1)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.editor_panel = panel
        return panel

    # The packet list -------------------------------------------------------------

    def refresh(self, select_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        """Read the packets again; select `select_id` (None: keep the current one, else the first)."""
        wanted = select_id if select_id is not None else self._current_id

        def show(packets: list[StoredPacket]) -> None:
            self._show_list(packets, wanted)
            if then is not None:
                then()

        self.store.submit(lambda store: store.list_packets(), show, what="Reading your packets")

    def _show_list(self, packets: list[StoredPacket], select_id: int | None) -> None:
        self._bodies = {p.id: p.body for p in packets}
        if self._current_id in self._bodies and self.is_dirty():
            self._bodies[self._current_id] = self._current_body()  # not saved yet: not lost either
        self.packet_list.blockSignals(True)
        self.packet_list.clear()
        for packet in packets:
            item = QListWidgetItem(self._list_text(packet.body, packet.updated_at))
            item.setData(Qt.ItemDataRole.UserRole, packet.id)
            self.packet_list.addItem(item)
        self.packet_list.blockSignals(False)
        ids = [p.id for p in packets]
        target = select_id if select_id in ids else (ids[0] if ids else None)
        if target is None:
            self._current_id = None
            self._show_nothing()
        else:
            self.packet_list.setCurrentRow(ids.index(target))  # shows it (or keeps it, when current)
            if target == self._current_id:
                self._update_buttons()

    @staticmethod
    def _list_text(body: dict, updated_at: str | None = None) -> str:
        count = len(body.get("examples") or [])
        details = [body.get("candidate") or "", f"{count} example{'s' if count != 1 else ''}"]
        if updated_at:
            details.append(f"edited {local_time(updated_at)}")
        return f"{body.get('name') or NEW_PACKET_NAME}\n" + " · ".join(d for d in details if d)

    def packet_ids(self) -> list[int]:
        return [self.packet_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.packet_list.count())]

    def current_id(self) -> int | None:
        return self._current_id

    def _packet_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        packet_id = item.data(Qt.ItemDataRole.UserRole)
        if packet_id == self._current_id:
            return
        if self.is_dirty():
            problem = self.problem()
            if problem:  # cannot be saved: stay, and say why
                self._select_in_list(self._current_id)
                self._ask_unsaved(f"Your changes to this packet cannot be saved yet: {problem}",
                                  then=lambda: self._select_in_list(packet_id))
                return
            self.save()  # saved in the background; the body is kept meanwhile
            if self._current_id is not None:
                self._bodies[self._current_id] = self._current_body()
        self._show_packet(packet_id, self._bodies.get(packet_id, {}))

    def _select_in_list(self, packet_id: int | None) -> None:
        ids = self.packet_ids()
        if packet_id in ids:
            self.packet_list.blockSignals(True)
            self.packet_list.setCurrentRow(ids.index(packet_id))
            self.packet_list.blockSignals(False)
            if packet_id != self._current_id:
                self._show_packet(packet_id, self._bodies.get(packet_id, {}))

    # Showing one packet ------------------------------------------------------------

    def _show_nothing(self) -> None:
        self._current_id = None
        self._loading = True
        try:
            for edit in (self.name_edit, self.candidate_edit, self.target_edit):
                edit.clear()
            self._clear_forms()
        finally:
            self._loading = False
        self._generation = self._saved_generation = 0
        self.editor_panel.setEnabled(False)
        self.check_panel.show_unavailable("Create a packet (New) or import one (Import…) to check it.")
        self.status.setText("No packet yet. Press New (Alt+N) or Import… (Alt+I).")
        self._update_buttons()

    def _show_packet(self, packet_id: int, body: dict) -> None:
        self._autosave.stop()
        self._current_id = packet_id
        self._loading = True
        try:
            self.name_edit.setText(body.get("name") or "")
            self.candidate_edit.setText(body.get("candidate") or "")
            self.track_combo.setCurrentIndex(max(self.track_combo.findData(body.get("track") or "staff"), 0))
            self.target_edit.setText(body.get("target_level") or "")
            self._uuid = body.get("uuid") or ""
            self._clear_forms()
            for example in body.get("examples") or []:
                self._add_form(example)
        finally:
            self._loading = False
        self._generation = self._saved_generation = 0
        self.editor_panel.setEnabled(True)
        if self.example_list.count():
            self.example_list.setCurrentRow(0)
        self._renumber()
        self._update_buttons()
        self.status.setText("")
        self.run_check()

    def _clear_forms(self) -> None:
        self.example_list.clear()
        while self.forms.count() > 1:
            form = self.forms.widget(1)
            self.forms.removeWidget(form)
            form.deleteLater()
        self.forms.setCurrentWidget(self.no_example)

    def _add_form(self, example: dict) -> ExampleForm:
        form = ExampleForm()
        form.set_example(example)
        form.changed.connect(self._edited)
        form.title_changed.connect(lambda _title: self._renumber())
        self.forms.addWidget(form)
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, form)
        self.example_list.addItem(item)
        return form

    def example_forms(self) -> list[ExampleForm]:
        return [self.example_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.example_list.count())]

    def current_form(self) -> ExampleForm | None:
        item = self.example_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _example_chosen(self, row: int) -> None:
        form = self.current_form()
        self.forms.setCurrentWidget(form if form is not None else self.no_example)
        self._update_buttons()

    def _renumber(self) -> None:
        for i, form in enumerate(self.example_forms()):
            self.example_list.item(i).setText(f"{i + 1}. {form.title() or 'Untitled example'}")
        count = self.example_list.count()
        self.examples_hint.setText(f"{count} of {MIN_EXAMPLES}-{MAX_EXAMPLES} examples"
                                   + (" (the most)" if count >= MAX_EXAMPLES else ""))

    def _update_buttons(self) -> None:
        has_packet = self._current_id is not None
        for button in (self.duplicate_button, self.delete_button, self.export_button, self.save_button):
            button.setEnabled(has_packet)
        count = self.example_list.count()
        row = self.example_list.currentRow()
        self.add_example_button.setEnabled(has_packet and count < MAX_EXAMPLES)
        self.remove_example_button.setEnabled(has_packet and row >= 0)
        self.up_button.setEnabled(has_packet and row > 0)
        self.down_button.setEnabled(has_packet and 0 <= row < count - 1)

    # Examples ----------------------------------------------------------------------

    def add_example(self) -> None:
        if self._current_id is None or self.example_list.count() >= MAX_EXAMPLES:
            return
        used = {form.example_id for form in self.example_forms()}
        n = 1
        while f"ex{n}" in used:
            n += 1
        track = self.track_combo.currentData()
        form = self._add_form({"id": f"ex{n}", "title": "", "track": track})
        self.example_list.setCurrentRow(self.example_list.count() - 1)
        self._renumber()
        self._edited()
        form.focus_field("title")

    def confirm_remove_example(self) -> None:
        form = self.current_form()
        if form is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Remove the example?",
                          f"Remove \u201c{form.title() or 'Untitled example'}\u201d from this packet? "
                          "Its four steps, adopters and quotes go with it.",
                          QMessageBox.StandardButton.NoButton, self)
        remove = box.addButton("&Remove example", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(remove)
        self._open_confirm(box, remove, lambda: self.remove_example(form))

    def remove_example(self, form: ExampleForm) -> None:
        forms = self.example_forms()
        if form not in forms:
            return
        row = forms.index(form)
        self.example_list.takeItem(row)
        self.forms.removeWidget(form)
        form.deleteLater()
        self.example_list.setCurrentRow(min(row, self.example_list.count() - 1))
        self._example_chosen(self.example_list.currentRow())
        self._renumber()
        self._edited()

    def move_example(self, step: int) -> None:
        row = self.example_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.example_list.count():
            return
        item = self.example_list.takeItem(row)
        self.example_list.insertItem(target, item)
        self.example_list.setCurrentRow(target)
        self._renumber()
        self._edited()

    # Editing and saving ------------------------------------------------------------

    def _edited(self, *_args) -> None:
        if self._loading or self._current_id is None:
            return
        self._generation += 1
        self._autosave.start()
        self._check_timer.start()
        self.status.setText("Unsaved changes")

    def _name_changed(self, text: str) -> None:
        title = text.strip() or NEW_PACKET_NAME
        self.setWindowTitle(f"Your packet: {title}")

    def is_dirty(self) -> bool:
        return self._current_id is not None and self._generation != self._saved_generation

    def _current_body(self) -> dict:
        return {"name": self.name_edit.text().strip(), "candidate": self.candidate_edit.text().strip(),
                "track": self.track_combo.currentData(), "target_level": self.target_edit.text().strip(),
                "uuid": self._uuid, "examples": [form.to_dict() for form in self.example_forms()]}

    def problem(self) -> str:
        """Why the packet as typed cannot be saved, in a sentence; "" when it can."""
        body = self._current_body()
        if not body["name"]:
            return "the packet needs a name."
        for i, example in enumerate(body["examples"], 1):
            if not example["title"]:
                return f"example {i} needs a title."
            for j, adopter in enumerate(example["adopters"], 1):
                if not adopter["organisation"]:
                    return f"adopter {j} of example {i} needs an organisation."
        try:
            Packet.from_dict(body)
        except PacketError as error:
            return f"{error}."
        return ""

    def current_packet(self) -> Packet | None:
        """The packet as typed, or None when it cannot be read yet (see problem())."""
        if self._current_id is None or self.problem():
            return None
        return Packet.from_dict(self._current_body())

    def _autosave_now(self) -> None:
        if self.is_dirty() and not self.problem():
            self.save()
        elif self.is_dirty():
            self.status.setText(f"Not saved yet: {self.problem()}")

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save the packet as typed (in the background); `then` runs once it is saved.
        False when it cannot be saved (the status line says why)."""
        self._autosave.stop()
        if self._current_id is None:
            return False
        problem = self.problem()
        if problem:
            self.status.setText(f"Not saved: {problem}")
            return False
        if then is not None:
            self._after_save.append(then)
        if not self.is_dirty() and not self._saving:
            self._run_after_save()
            return True
        body = Packet.from_dict(self._current_body()).to_dict()
        packet_id, generation = self._current_id, self._generation
        self._saving = True
        self.status.setText("Saving…")

        def saved(_id: int) -> None:
            self._saving = False
            self._bodies[packet_id] = body
            if packet_id == self._current_id:
                self._saved_generation = max(self._saved_generation, generation)
                now = QDateTime.currentDateTime().toString("HH:mm:ss")
                self.status.setText(f"Saved at {now}" if not self.is_dirty() else "Unsaved changes")
            self._update_list_item(packet_id, body)
            self.saved.emit(packet_id)
            self.packets_changed.emit()
            if self.is_dirty() and not self._autosave.isActive():
                self._autosave.start()
            if not self.is_dirty():
                self._run_after_save()

        def failed(error: BaseException) -> None:
            self._saving = False
            self._after_save.clear()
            log.error("saving the packet failed", exc_info=error)
            self.status.setText(f"Not saved: {error}. Your text is still here; try Save (Ctrl+S) again.")

        self.store.submit(lambda store: store.save_packet(body, packet_id), saved, failed, what="Saving your packet")
        return True

    def _run_after_save(self) -> None:
        waiting, self._after_save = self._after_save, []
        for then in waiting:
            then()

    def _update_list_item(self, packet_id: int, body: dict) -> None:
        ids = self.packet_ids()
        if packet_id in ids:
            stamp = QDateTime.currentDateTimeUtc().toString(Qt.DateFormat.ISODate)
            self.packet_list.item(ids.index(packet_id)).setText(self._list_text(body, stamp))

    # Closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Close and the window's close button: ask first when changes are not saved yet."""
        if not self.is_dirty():
            self._autosave.stop()
            self._check_timer.stop()
            super().reject()
            return
        problem = self.problem()
        if problem:
            self._ask_unsaved(f"Your changes cannot be saved yet: {problem}", then=self._close_discarding)
        else:
            self._ask_unsaved("Save your changes to this packet before closing?", then=self._close_discarding,
                              can_save=True)

    def save_before_quitting(self) -> None:
        """The app is closing: save what can be saved (the store runs it before it closes)."""
        if self.is_dirty() and not self.problem():
            self.save()

    def _close_discarding(self) -> None:
        self._generation = self._saved_generation
        self.reject()

    def _ask_unsaved(self, text: str, then: Callable[[], None], can_save: bool = False) -> None:
        """Ask what to do with changes not yet saved; `then` runs after Save (once saved) or Discard."""
        if self.unsaved_box is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", text, QMessageBox.StandardButton.NoButton,
                          self)
        box.setObjectName("unsavedBox")
        save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole) if can_save else None
        discard = box.addButton("&Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save or stay)
        box.setEscapeButton(stay)
        self.unsaved_box = box

        def closed(_result: int) -> None:
            self.unsaved_box = None
            self.activateWindow()
            clicked = box.clickedButton()
            if save is not None and clicked is save:
                self.save(then=then)
            elif clicked is discard:
                current = self._current_id
                self._generation = self._saved_generation
                if current is not None and current in self._bodies:
                    self._show_packet(current, self._bodies[current])  # back to what is saved
                then()
            box.deleteLater()

        box.finished.connect(closed)
        box.open()

    def _open_confirm(self, box: QMessageBox, yes, action: Callable[[], None]) -> None:
        self.confirm_box = box

        def closed(_result: int) -> None:
            self.confirm_box = None
            self.activateWindow()  # the keyboard comes back here, whatever the window manager does
            if box.clickedButton() is yes:
                action()
            box.deleteLater()

        box.finished.connect(closed)
        box.open()

    # New, duplicate, delete ----------------------------------------------------------------

    def new_packet(self) -> None:
        body = {"name": self._unused_name(NEW_PACKET_NAME), "candidate": self.candidate_edit.text().strip(),
                "track": self.track_combo.currentData() or "staff", "target_level": "",
                "uuid": str(uuid_module.uuid4()), "examples": []}
        self._create(body, "Creating a packet", focus_name=True)

    def duplicate_packet(self) -> None:
        if self._current_id is None:
            return
        problem = self.problem()
        if problem:
            self.status.setText(f"Cannot duplicate yet: {problem}")
            return
        body = Packet.from_dict(self._current_body()).to_dict()
        body["name"] = self._unused_name(f"{body['name']} (next cycle)")
        body["uuid"] = str(uuid_module.uuid4())
        self._create(body, "Duplicating the packet", focus_name=True)

    def _create(self, body: dict, what: str, focus_name: bool = False) -> None:
        def created(packet_id: int) -> None:
            self._bodies[packet_id] = body
            self.packets_changed.emit()
            self.refresh(packet_id, then=(lambda: self._focus_name(packet_id)) if focus_name else None)

        if self.is_dirty() and not self.problem():
            self.save()  # the packet being edited keeps its edits (a duplicate's original too)
        self.store.submit(lambda store: store.save_packet(body), created, what=what)

    def _focus_name(self, packet_id: int) -> None:
        if self._current_id == packet_id:
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def _unused_name(self, name: str) -> str:
        names = {str(body.get("name") or "") for body in self._bodies.values()}
        if name not in names:
            return name
        n = 2
        while f"{name} {n}" in names:
            n += 1
        return f"{name} {n}"

    def confirm_delete(self) -> None:
        if self._current_id is None:
            return
        packet_id = self._current_id
        name = self.name_edit.text().strip() or NEW_PACKET_NAME
        count = self.example_list.count()
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete the packet?",
                          f"Delete \u201c{name}\u201d and its {count} example{'s' if count != 1 else ''}? "
                          "This cannot be undone. Sessions rehearsed with it keep their answers.",
                          QMessageBox.StandardButton.NoButton, self)
        delete = box.addButton("&Delete packet", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        self._open_confirm(box, delete, lambda: self.delete_packet(packet_id))

    def delete_packet(self, packet_id: int) -> None:
        if packet_id == self._current_id:
            self._autosave.stop()
            self._generation = self._saved_generation  # nothing left to save
            self._current_id = None

        def deleted(_result) -> None:
            self._bodies.pop(packet_id, None)
            self.status.setText("Packet deleted.")
            self.packets_changed.emit()
            self.refresh()

        self.store.submit(lambda store: store.delete_packet(packet_id), deleted, what="Deleting the packet")

    # Import and export ----------------------------------------------------------------

    def import_packet(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Import a packet", str(self._folder), IMPORT_FILTER)
        if path:
            self._folder = Path(path).parent
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read a packet from a Markdown or YAML file into a new packet of this data folder."""
        if self.is_dirty() and not self.problem():
            self.save()

        def work(store) -> tuple[int, str]:
            packet = load_packet_file(path)
            body = packet.to_dict()
            if not body.get("uuid") or any(p.uuid == body["uuid"] for p in store.list_packets()):
                body["uuid"] = str(uuid_module.uuid4())  # imported again: a packet of its own
            return store.save_packet(body), packet.name

        def imported(result: tuple[int, str]) -> None:
            packet_id, name = result
            self.packets_changed.emit()
            self.refresh(packet_id, then=lambda: self.status.setText(f"Imported \u201c{name}\u201d from {path.name}."))

        def failed(error: BaseException) -> None:
            log.warning("importing %s failed: %s", path, error)
            self._tell("Import failed", f"{path.name} could not be imported: {error}")

        self.store.submit(work, imported, failed, what=f"Importing {path.name}")

    def export_packet(self) -> None:
        packet = self.current_packet()
        if packet is None:
            self.status.setText(f"Cannot export yet: {self.problem() or 'choose a packet first.'}")
            return
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in packet.name).strip("-") or "packet"
        path, chosen = QFileDialog.getSaveFileName(self, "Export the packet", str(self._folder / f"{stem}.md"),
                                                   EXPORT_FILTER)
        if path:
            self._folder = Path(path).parent
            self.export_file(export_path(path, chosen))

    def export_file(self, path: Path) -> None:
        """Write the packet as typed to `path`, Markdown or YAML by its extension, on the store's thread."""
        packet = self.current_packet()
        if packet is None:
            return
        self.save()

        def work(_store) -> Path:
            save_packet_file(packet, path)
            return path

        def failed(error: BaseException) -> None:
            log.warning("exporting to %s failed: %s", path, error)
            self._tell("Export failed", f"The packet could not be written to {path}: {error}")

        self.store.submit(work, lambda done: self.status.setText(f"Exported to {done}."), failed,
                          what="Exporting the packet")

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("problemBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box

        def closed(_result: int) -> None:
            self.confirm_box = None
            self.activateWindow()

        box.finished.connect(closed)
        box.open()

    # The packet check -------------------------------------------------------------------

    def run_check(self) -> None:
        self._check_timer.stop()
        if self._current_id is None:
            return
        packet = self.current_packet()
        if packet is None:
            self.check_panel.show_unavailable(f"The check runs once the packet can be saved: {self.problem()}")
            return
        try:
            findings = check_packet(packet)
        except Exception as error:  # a bug in the check must not cost the candidate their edits
            log.error("the packet check failed", exc_info=error)
            self.check_panel.show_unavailable(f"The packet check failed: {error}")
            return
        titles = {e.id: f"{i}. {e.title}" for i, e in enumerate(packet.examples, 1)}
        self.check_panel.show_findings(findings, titles)

    def go_to_finding(self, finding: Any) -> None:
        """Show the example a finding is about and put the cursor in its field."""
        example_id = str(getattr(finding, "example_id", "") or "")
        forms = self.example_forms()
        if not example_id and field_for(finding) == "sponsor" and forms:
            example_id = forms[0].example_id  # the sponsor is written on the examples they stand behind
        for row, form in enumerate(forms):
            if form.example_id == example_id:
                self.example_list.setCurrentRow(row)
                form.focus_field(field_for(finding))
                return
        if self.example_list.count() < MIN_EXAMPLES and self.add_example_button.isEnabled():
            self.add_example_button.setFocus()
        else:
            self.name_edit.setFocus()
