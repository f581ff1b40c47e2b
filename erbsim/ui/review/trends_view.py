"""Charts over sessions (QtCharts); the numbers come from erbsim.core.trends."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from erbsim.core.export import local_time
from erbsim.core.lens import SIGNAL_LABELS
from erbsim.core.trends import Trends
from erbsim.ui.review.formatting import DIMENSION_LABELS

PALETTE = ("#1f6feb", "#2f7d4f", "#b26a00", "#8250df", "#b3261e", "#0a7d8c", "#6e7781", "#bf3989", "#4d2d00")
STRENGTHS = ("foresight", "autonomy", "cross_bu_adoption", "institutionalized", "metric", "stakeholder_quote",
             "talent_multiplier")
WARNINGS = ("mandate", "execution_language")
SHORT_DIMENSIONS = {"strategic_autonomy": "Autonomy", "cross_bu_impact": "Cross-BU",
                    "talent_multiplier": "Talent"}
SHORT_SIGNALS = {"foresight": "Foresight", "autonomy": "Autonomy", "cross_bu_adoption": "Adoption",
                 "institutionalized": "Standard", "metric": "Metric", "stakeholder_quote": "Quote",
                 "talent_multiplier": "Framework"}
RANGES = (("Last 10 sessions", 10), ("Last 30 sessions", 30), ("Last 100 sessions", 100), ("All sessions", None))


class TrendChart(QChartView):
    def __init__(self, title: str, y_title: str, parent=None):
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = chart.legend().font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        chart.legend().setFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.y_title = y_title
        self.series_names: list[str] = []

    def plot(self, lines: list[tuple[str, list[tuple[int, float]], str, bool]], count: int,
             y_range: tuple[float, float] | None = None, guide: float | None = None,
             y_format: str | None = None, y_ticks: int | None = None) -> None:
        """lines: (name, [(x, y)], colour, dashed)."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.series_names = []
        x_axis = QValueAxis()
        x_axis.setLabelFormat("%d")
        x_axis.setRange(0.5, max(1, count) + 0.5)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(1)
        x_axis.setTickInterval(max(1, -(-count // 8)))  # at most about 8 labels
        x_axis.setTitleText("session (oldest to newest)")
        y_axis = QValueAxis()
        y_axis.setTitleText(self.y_title)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        values = []
        for name, points, color, dashed in lines:
            if not points:
                continue
            series = QLineSeries() if len(points) > 1 else QScatterSeries()
            series.setName(name)
            pen = QPen(QColor(color))
            pen.setWidthF(2.0)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            if isinstance(series, QScatterSeries):
                series.setColor(QColor(color))
                series.setMarkerSize(9)
            else:
                series.setPen(pen)
                series.setPointsVisible(len(points) <= 30)
            for x, y in points:
                series.append(QPointF(x + 1, y))
                values.append(y)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            self.series_names.append(name)
        if guide is not None:
            line = QLineSeries()
            line.setName(f"limit {guide:g}")
            pen = QPen(QColor("#b3261e"))
            pen.setStyle(Qt.PenStyle.DotLine)
            line.setPen(pen)
            line.append(0.5, guide)
            line.append(max(1, count) + 0.5, guide)
            chart.addSeries(line)
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)
            values.append(guide)
        if y_range is not None:
            y_axis.setRange(*y_range)
            if y_format:
                y_axis.setLabelFormat(y_format)
            if y_ticks:
                y_axis.setTickCount(y_ticks)
        elif values:
            top = max(values)
            y_axis.setRange(0, top * 1.15 if top > 0 else 1)
            y_axis.applyNiceNumbers()
        else:
            y_axis.setRange(0, 1)
        chart.legend().setVisible(len(self.series_names) > 1 or guide is not None)
        # many series: a column on the right, where labels are not cut short
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight if len(self.series_names) > 3
                                    else Qt.AlignmentFlag.AlignBottom)


class TrendsPanel(QWidget):
    reload_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.range = QComboBox()
        self.range.setAccessibleName("How many sessions")
        for label, value in RANGES:
            self.range.addItem(label, value)
        self.range.setCurrentIndex(1)
        self.track = QComboBox()
        for label, value in (("All tracks", None), ("Staff", "staff"), ("Principal", "principal")):
            self.track.addItem(label, value)
        self.range.currentIndexChanged.connect(lambda _: self.reload_requested.emit())
        self.track.currentIndexChanged.connect(lambda _: self.reload_requested.emit())
        self.caption = QLabel("")
        self.caption.setObjectName("subtitle")
        top = QHBoxLayout()
        top.addWidget(self.range)
        top.addWidget(self.track)
        top.addWidget(self.caption, 1)

        self.pace = TrendChart("Pace", "words per minute")
        self.fillers = TrendChart("Fillers", "per minute")
        self.length = TrendChart("Answer length", "seconds (average)")
        self.scores = TrendChart("Scores per dimension (self solid, mentor dashed)", "score 1-5")
        self.strengths = TrendChart("Signals the board wants", "% of answers")
        self.warnings = TrendChart("Warning signs", "% of answers")
        self.charts = (self.pace, self.fillers, self.length, self.scores, self.strengths, self.warnings)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, chart in enumerate(self.charts):
            grid.addWidget(chart, i // 3, i % 3)
        self.empty = QLabel("Trends appear once you have answered questions in a few sessions.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(grid_widget)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.trends: Trends | None = None

    def limit(self) -> int | None:
        return self.range.currentData()

    def track_filter(self) -> str | None:
        return self.track.currentData()

    def show_loading(self) -> None:
        self.caption.setText("Reading sessions…")

    def show_trends(self, trends: Trends, soft_limit_s: float | None = None) -> None:
        self.trends = trends
        n = len(trends.points)
        if not n:
            self.pages.setCurrentIndex(1)
            self.caption.setText("")
            return
        self.pages.setCurrentIndex(0)
        first, last = trends.points[0], trends.points[-1]
        self.caption.setText(f"{n} sessions, {local_time(first.started_at)} to {local_time(last.started_at)}"
                             if n > 1 else f"1 session, {local_time(first.started_at)}")
        self.pace.plot([("words per minute", trends.series("words_per_minute"), PALETTE[0], False)], n)
        self.fillers.plot([("fillers per minute", trends.series("fillers_per_minute"), PALETTE[2], False)], n)
        self.length.plot([("average answer", trends.series("answer_seconds"), PALETTE[1], False)], n,
                         guide=soft_limit_s)
        lines = []
        for i, dim in enumerate(DIMENSION_LABELS):
            lines.append((f"{SHORT_DIMENSIONS[dim]} self", trends.series(f"self:{dim}"), PALETTE[i], False))
            lines.append((f"{SHORT_DIMENSIONS[dim]} mentor", trends.series(f"mentor:{dim}"), PALETTE[i], True))
        self.scores.plot(lines, n, y_range=(1, 5), y_format="%d", y_ticks=5)

        def percent(name):
            return [(x, 100.0 * y) for x, y in trends.series(f"signal:{name}")]
        self.strengths.plot([(SHORT_SIGNALS[s], percent(s), PALETTE[i], False) for i, s in enumerate(STRENGTHS)],
                            n, y_range=(0, 100), y_format="%d%%", y_ticks=6)
        self.warnings.plot([(SIGNAL_LABELS[s], percent(s), PALETTE[4 + i], False) for i, s in enumerate(WARNINGS)],
                           n, y_range=(0, 100), y_format="%d%%", y_ticks=6)
