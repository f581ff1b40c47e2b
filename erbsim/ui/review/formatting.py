"""HTML for the review's small read-only boxes: delivery analytics, ERB lens."""

from __future__ import annotations

import html

from erbsim.core.analytics import DeliveryStats
from erbsim.core.export import clock
from erbsim.core.lens import SIGNAL_LABELS, Feedback, LensResult
from erbsim.core.store import HIGHLIGHT_END, HIGHLIGHT_START, snippet_parts

DIMENSION_LABELS = {"strategic_autonomy": "Strategic autonomy", "cross_bu_impact": "Cross-BU impact",
                    "talent_multiplier": "Talent multiplier"}
WARNING_SIGNALS = ("mandate", "execution_language")
SEVERITY_COLORS = {"high": "#b3261e", "medium": "#b26a00", "low": "#5f6b7a", "strength": "#2f7d4f"}
SEVERITY_LABELS = {"high": "Board concern", "medium": "Gap", "low": "Polish", "strength": "Strength"}

e = html.escape


def fmt_num(value: float | None, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}{unit}"


def delivery_html(stats: DeliveryStats, corrected: bool = False) -> str:
    rows = []
    if stats.duration_s is not None:
        limit = f" of {clock(stats.soft_limit_s)}" if stats.soft_limit_s else ""
        over = ""
        if stats.over_limit:
            over = f' <span style="color:#b3261e;font-weight:600">over by {clock(stats.over_limit_s)}</span>'
        rows.append(("Duration", f"{clock(stats.duration_s)}{limit}{over}"))
    pace = fmt_num(stats.words_per_minute, 0, " wpm")
    if stats.speaking_words_per_minute is not None:
        pace += f" <span style='color:#666'>(speaking {stats.speaking_words_per_minute:.0f})</span>"
    rows.append(("Pace", pace))
    rows.append(("Words", str(stats.word_count)))
    fillers = f"{stats.filler_count}"
    if stats.fillers_per_minute is not None:
        fillers += f" · {stats.fillers_per_minute:.1f}/min"
    if stats.filler_counts:
        top = ", ".join(f"{e(k)} ×{v}" for k, v in list(stats.filler_counts.items())[:4])
        fillers += f"<br><span style='color:#666'>{top}</span>"
    rows.append(("Fillers", fillers))
    if stats.pauses is not None:
        rows.append((f"Pauses &gt; {stats.pause_threshold_s:g} s",
                     f"{len(stats.pauses)}" + (f" · {stats.total_pause_s:.0f} s in all" if stats.pauses else "")))
    if stats.longest_stretch is not None:
        st = stats.longest_stretch
        rows.append(("Longest unbroken", f"{clock(st.duration)} ({st.word_count} words)"))
    elif stats.pauses is None:
        rows.append(("Pauses", "<span style='color:#666'>no word timings</span>"))
    body = "".join(f"<tr><td style='color:#555;padding-right:10px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    note = ("<p style='color:#2f7d4f;margin:4px 0 0 0'>From your corrected text; pauses from the audio.</p>"
            if corrected else "")
    return f"<table cellspacing=0 cellpadding=2>{body}</table>{note}"


def signal_chips_html(result: LensResult) -> str:
    present = result.present()
    if not present:
        return "<span style='color:#666'>No board signals heard.</span>"
    chips = []
    for name in present:
        warn = name in WARNING_SIGNALS
        color, bg = ("#8e1c14", "#fdecea") if warn else ("#1e5631", "#e3f4e8")
        chips.append(f"<span style='background:{bg};color:{color}'>&nbsp;{e(SIGNAL_LABELS[name])}&nbsp;</span>")
    return " ".join(chips)


def feedback_html(items: tuple[Feedback, ...] | list[Feedback], limit: int | None = None) -> str:
    out = []
    for f in list(items)[:limit]:
        color = SEVERITY_COLORS.get(f.severity, "#333")
        evidence = ""
        if f.evidence:
            quote = f.evidence[0]
            quote = quote if len(quote) <= 160 else quote[:157].rsplit(" ", 1)[0] + "…"
            evidence = f"<br><i style='color:#555'>“{e(quote)}”</i>"
        advice = "" if f.severity == "strength" else f"<br><span style='color:#555'>{e(f.advice)}</span>"
        out.append(f"<p style='margin:0 0 8px 0'><span style='color:{color};font-weight:600'>"
                   f"{e(f.message)}</span>{advice}{evidence}</p>")
    return "".join(out) or "<span style='color:#666'>Nothing to say.</span>"


def snippet_rich(snippet: str) -> str:
    return "".join(f"<span style='background:#ffe58f;font-weight:600'>{e(t)}</span>" if hit else e(t)
                   for t, hit in snippet_parts(snippet.replace("\n", " ")))


__all__ = ["DIMENSION_LABELS", "delivery_html", "signal_chips_html", "feedback_html", "snippet_rich",
           "HIGHLIGHT_START", "HIGHLIGHT_END", "fmt_num"]
