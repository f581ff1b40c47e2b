"""The sessions list: sort, filter, and full-text search with highlighted matches."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.export import clock, local_time, score
from erbsim.core.panel_review import verdict
from erbsim.core.store import SearchHit, SessionSummary
from erbsim.ui.review.formatting import snippet_rich

SORTS = (("Newest first", "newest"), ("Oldest first", "oldest"), ("Longest", "longest"),
         ("Shortest", "shortest"), ("Most questions", "most_questions"), ("Best self score", "best_self"),
         ("Lowest self score", "worst_self"), ("Best mentor score", "best_mentor"),
         ("Lowest mentor score", "worst_mentor"))
COLUMNS = ("Date", "Mode", "Board vote", "Track", "Duration", "Questions", "Self", "Mentor", "Status", "Candidate")
COL_VOTE = COLUMNS.index("Board vote")


def vote_text(row: SessionSummary) -> str:
    """"4–1 approved" for a panel the board voted on; "no vote" for a panel without; "" for solo."""
    outcome = row.outcome
    if outcome is None:
        return "no vote" if row.mode == "panel" else ""
    return f"{outcome.passes}–{outcome.fails} {verdict(outcome)}"


class SessionTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SessionSummary] = []

    def set_rows(self, rows: list[SessionSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's override signature; never mutated
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's override signature; never mutated
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return local_time(r.started_at)
            if col == 1:
                return r.mode
            if col == COL_VOTE:
                return vote_text(r)
            if col == 3:
                return r.track
            if col == 4:
                return clock(r.duration_s)
            if col == 5:
                return str(r.question_count)
            if col == 6:
                return score(r.avg_self)
            if col == 7:
                return score(r.avg_mentor)
            if col == 8:
                return r.status
            if col == 9:
                return r.candidate or ""
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VOTE and r.outcome is not None:
            return {True: QColor("#2f7d4f"), False: QColor("#b3261e")}.get(r.outcome.approved)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None


class SessionListPanel(QWidget):
    """Asks for data through `query_changed`; the view feeds rows and hits back."""

    session_activated = Signal(int)
    hit_activated = Signal(object)  # SearchHit
    query_changed = Signal()  # filters, sort or search text changed
    import_requested = Signal()
    start_defense_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search every answer and note…  (words, or \"a phrase\")")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search sessions")
        self.track = QComboBox()
        for label, value in (("All tracks", None), ("Staff", "staff"), ("Principal", "principal")):
            self.track.addItem(label, value)
        self.mode = QComboBox()
        for label, value in (("Solo and panel", None), ("Solo", "solo"), ("Panel", "panel")):
            self.mode.addItem(label, value)
        self.status = QComboBox()
        for label, value in (("Any status", None), ("Finished", "finished"), ("Ended early", "abandoned"),
                             ("Interrupted", "interrupted")):
            self.status.addItem(label, value)
        self.sort = QComboBox()
        for label, value in SORTS:
            self.sort.addItem(label, value)
        for combo, name in ((self.track, "Track filter"), (self.mode, "Mode filter"),
                            (self.status, "Status filter"), (self.sort, "Sort order")):
            combo.setAccessibleName(name)
            combo.currentIndexChanged.connect(lambda _=0: self.query_changed.emit())
        self.import_button = QPushButton("Import bundle…")
        self.import_button.setToolTip("Add a session someone sent you (a .zip exported by erbsim)")
        self.import_button.clicked.connect(self.import_requested)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(180)
        self._debounce.timeout.connect(self.query_changed)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        for w in (self.track, self.mode, self.status, self.sort, self.import_button):
            top.addWidget(w)

        self.model = SessionTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 70, 120, 90, 80, 85, 60, 70, 100)):
            self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)

        self.hits = QListWidget()
        self.hits.setAccessibleName("Search results")
        self.hits.setSpacing(2)
        self.hits.itemActivated.connect(self._hit_activated)
        self.hits.itemClicked.connect(self._hit_activated)
        self._hit_rows: list[SearchHit] = []

        empty = QWidget()
        ev = QVBoxLayout(empty)
        ev.addStretch(1)
        self.empty_label = QLabel("No sessions yet. Rehearse a defense, then come back here to listen, "
                                  "read and compare.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        start = QPushButton("Start a defense")
        start.setObjectName("primaryButton")
        start.clicked.connect(self.start_defense_requested)
        ev.addWidget(self.empty_label)
        ev.addWidget(start, 0, Qt.AlignmentFlag.AlignCenter)
        ev.addStretch(2)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.hits)
        self.pages.addWidget(empty)
        self.count_label = QLabel("")
        self.count_label.setObjectName("subtitle")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.pages, 1)

    # -- state

    def query_text(self) -> str:
        return self.search.text().strip()

    def filters(self) -> dict:
        return {"track": self.track.currentData(), "mode": self.mode.currentData(),
                "status": self.status.currentData()}

    def order(self) -> str:
        return self.sort.currentData()

    def _search_now(self) -> None:
        self._debounce.stop()
        self.query_changed.emit()

    # -- content

    def show_sessions(self, rows: list[SessionSummary], total: int, any_sessions: bool) -> None:
        self.model.set_rows(rows)
        if not any_sessions:
            self.pages.setCurrentIndex(2)
            self.count_label.setText("")
            return
        self.pages.setCurrentIndex(0)
        shown = f"{len(rows):,}" if len(rows) == total else f"{len(rows):,} of {total:,}"
        self.count_label.setText(f"{shown} sessions" if total != 1 else "1 session")

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.pages.setCurrentIndex(1)
        self.hits.clear()
        self._hit_rows = list(hits)
        self.count_label.setText(f"{len(hits)} matches for “{query}”" if hits else f"No matches for “{query}”")
        for hit in hits:
            where = f"answer {hit.position}" if hit.position else "session note"
            kind = {"correction": " (your correction)", "note": " (note)"}.get(hit.field, "")
            at = f" at {clock(hit.time_s)}" if hit.time_s is not None else ""
            question = f" — {html.escape(hit.question_text)}" if hit.question_text else ""
            label = QLabel(f"<div><b>{html.escape(local_time(hit.started_at))}</b> · {where}{at}{kind}"
                           f"<span style='color:#666'>{question}</span></div>"
                           f"<div style='margin-top:2px'>{snippet_rich(hit.snippet)}</div>")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setToolTip("Open this answer at the match")
            self.hits.addItem(item)
            self.hits.setItemWidget(item, label)
        self._fit_hits()

    def hit_count(self) -> int:
        return self.hits.count()

    def activate_hit(self, row: int) -> None:
        self._hit_activated(self.hits.item(row))

    def _row_activated(self, index) -> None:
        session_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if session_id is not None:
            self.session_activated.emit(session_id)

    def _hit_activated(self, item) -> None:
        if item is not None:
            self.hit_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_hits()

    def _fit_hits(self) -> None:
        """Word-wrapped labels: their height depends on the width they get."""
        width = max(200, self.hits.viewport().width() - 12)
        for row in range(self.hits.count()):
            item = self.hits.item(row)
            label = self.hits.itemWidget(item)
            if label is not None:
                height = label.heightForWidth(width)
                item.setSizeHint(QSize(width, (height if height > 0 else label.sizeHint().height()) + 4))
