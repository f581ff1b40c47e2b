"""HTML for the review's small read-only boxes: delivery analytics, ERB lens."""

from __future__ import annotations

import html

from erbsim.core import panel_review as pr
from erbsim.core.analytics import DeliveryStats
from erbsim.core.export import clock, signal_label
from erbsim.core.lens import SIGNAL_LABELS, Feedback, LensResult
from erbsim.core.listening import AnswerHeard
from erbsim.core.probe import TrackReading
from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.core.store import HIGHLIGHT_END, HIGHLIGHT_START, Session, SessionDetail, Turn, snippet_parts

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


TRACK_NAMES = {"staff": "Staff", "principal": "Principal"}
MUTED = "#5f6b7a"


def _quote(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rsplit(" ", 1)[0] + "…"


def track_html(reading: TrackReading | None, scope: str = "The answer") -> str:
    """Which track the language reads as, against the one chosen, with the deciding sentences."""
    if reading is None:
        return f"<span style='color:{MUTED}'>{e(scope)}: nothing to read.</span>"
    chosen = TRACK_NAMES.get(reading.chosen, reading.chosen.capitalize())
    if reading.reading in TRACK_NAMES:
        verdict = f"reads as <b>{TRACK_NAMES[reading.reading]}</b>"
    elif reading.reading == "mixed":
        verdict = "reads as <b>mixed</b>: Staff and Principal language in equal measure"
    else:
        verdict = "is <b>unclear</b>: too little market or engineering language to place it"
    if reading.agrees is True:
        fit = f"<span style='color:{SEVERITY_COLORS['strength']}'>fits the {chosen} track you chose</span>"
    elif reading.agrees is False:
        fit = f"<span style='color:{SEVERITY_COLORS['high']}'>you chose the {chosen} track</span>"
    else:
        fit = f"<span style='color:{MUTED}'>you chose {chosen}</span>"
    rows = [f"{e(scope)} {verdict}; {fit}."]
    for sentence in reading.sentences[:3]:
        terms = ", ".join(sentence.terms[:4])
        label = TRACK_NAMES.get(sentence.track, sentence.track)
        rows.append(f"<i style='color:#555'>“{e(_quote(sentence.text))}”</i> "
                    f"<span style='color:{MUTED}'>{e(label)}: {e(terms)}</span>")
    return "<br>".join(rows)


def heard_html(heard: AnswerHeard | None, turn: Turn | None, links: bool = False) -> str:
    """What the board listened for in one answer: its listen_for points covered or not, why
    the board asked it (a follow-up it chose), when it cut in, and the track reading.
    With `links`, an interruption's time is a link "seek:<seconds into the answer>"."""
    if heard is None:
        return f"<span style='color:{MUTED}'>Nothing was recorded for this answer.</span>"
    out = []
    if heard.why is not None:
        why = heard.why
        target = (f" <span style='color:{MUTED}'>(targets: {e(signal_label(why.signal))})</span>"
                  if why.signal else "")
        quotes = "".join(f"<br><i style='color:#555'>“{e(_quote(q))}”</i>" for q in why.evidence[:2])
        out.append(f"<p style='margin:0 0 8px 0'><b>Why the board asked</b>: {e(why.reason)}{target}{quotes}</p>")
    if heard.listen_for:
        scope = " (over the answer and its follow-ups so far)" if heard.thread else ""
        items = [f"<b>The board listens for</b>{scope}: {heard.covered} of {len(heard.listen_for)} covered"]
        for point in heard.listen_for:
            mark = (f"<span style='color:{SEVERITY_COLORS['strength']}'>✓</span>" if point.covered
                    else f"<span style='color:{MUTED}'>○</span>")
            line = f"{mark}&nbsp;{e(point.text)}"
            if point.covered and point.evidence:
                line += f"<br>&nbsp;&nbsp;&nbsp;<i style='color:#555'>“{e(_quote(point.evidence))}”</i>"
            items.append(line)
        out.append("<p style='margin:0 0 8px 0'>" + "<br>".join(items) + "</p>")
    for event in heard.interruptions:
        who = seat_by_id(event.author).name if event.author in SEAT_IDS else "The board"
        into = None
        if turn is not None and turn.answer_started_s is not None and event.at_s >= turn.answer_started_s:
            into = event.at_s - turn.answer_started_s
        when = clock(into if into is not None else event.at_s) + (" into the answer" if into is not None else "")
        if links and into is not None:
            when = f"<a href='seek:{into:.2f}'>{clock(into)}</a> into the answer"
        out.append(f"<p style='margin:0 0 8px 0'><span style='color:{SEVERITY_COLORS['high']}'><b>{e(who)} cut in"
                   f"</b></span> at {when}: “{e(event.text)}”</p>")
    out.append(f"<p style='margin:0'>{track_html(heard.track, 'The language')}</p>")
    return "".join(out)


MOMENT_COLORS = {"flag": "#b26a00", "note": "#35608f", "pause": MUTED}
MOMENT_ICONS = {"flag": "⚑", "note": "✎", "pause": "‖"}


def scores_html(session: Session, turn: Turn) -> str:
    """The answer's scores by every rater side by side, self first ("" when only the candidate rated)."""
    if not pr.judged_by_others(turn):
        return ""
    table = pr.score_table(turn)
    head = "".join(f"<th style='padding:2px 8px;text-align:center'>{e(pr.rater_label(session, r, short=True))}</th>"
                   for r in table.raters)
    rows = []
    for dim in [d for d in DIMENSION_LABELS if d in table.scores] + sorted(set(table.scores) - set(DIMENSION_LABELS)):
        own = table.score(dim, "self")
        cells = []
        for rater in table.raters:
            value = table.score(dim, rater)
            style = "padding:2px 8px;text-align:center"
            if rater != "self" and value is not None and own is not None and value != own:
                style += f";color:{SEVERITY_COLORS['high'] if value < own else SEVERITY_COLORS['strength']}"
                style += ";font-weight:600"
            cells.append(f"<td style='{style}'>{'–' if value is None else value}</td>")
        rows.append(f"<tr><td nowrap style='padding:2px 8px 2px 0;color:#555'>{e(DIMENSION_LABELS.get(dim, dim))}</td>"
                    + "".join(cells) + "</tr>")
    mentor = (f"<p style='margin:4px 0 8px 0;color:{MUTED}'>Mentor: {e(session.mentor)}</p>"
              if session.mentor and "mentor" in table.raters else "")
    return f"<table cellspacing=0 cellpadding=0><tr><th></th>{head}</tr>{''.join(rows)}</table>{mentor}"


def moments_html(items: list[pr.TimelineItem] | tuple[pr.TimelineItem, ...], links: bool = False,
                 session: Session | None = None) -> str:
    """Flags, timed notes and pauses in time order; with `links`, a time into the answer is a link
    "seek:<seconds into the answer>" (play from there)."""
    out = []
    for item in items:
        color = MOMENT_COLORS.get(item.kind, MUTED)
        when = e(pr.when(item))
        if links and item.into_s is not None:
            when = f"<a href='seek:{item.into_s:.2f}'>{e(clock(item.into_s))}</a> into the answer"
        who = pr.rater_label(session, item.author) if session is not None else item.author
        author = f" <span style='color:{MUTED}'>· {e(who)}</span>" if item.kind == "note" else ""
        out.append(f"<p style='margin:0 0 6px 0'><span style='color:{color}'>{MOMENT_ICONS.get(item.kind, '•')}"
                   f"</span> {when}: <span style='color:{color}'>{e(pr.timeline_line(item))}</span>{author}</p>")
    return "".join(out)


def verdict_html(detail: SessionDetail) -> str:
    """A panel's board, its vote with the rationales and the 4-of-5 outcome, and the debrief."""
    s = detail.session
    out = []
    board = pr.board_of(s)
    if board is not None:
        rows = "".join(
            f"<tr><td style='padding:3px 10px 3px 0;color:{MUTED}'>{seat.number}</td>"
            f"<td style='padding:3px 10px 3px 0'><b>{e(seat.name)}</b></td>"
            f"<td style='padding:3px 10px 3px 0'>{e(seat.role)}</td>"
            f"<td style='padding:3px 0;color:{MUTED}'>{'person in the room' if seat.person else 'voiced by the app'}"
            f"</td></tr>" for seat in board.seats)
        out.append(f"<h3>The board · {e(board.name)}</h3><table cellspacing=0>{rows}</table>")
    if detail.votes:
        o = detail.outcome
        color = {True: SEVERITY_COLORS["strength"], False: SEVERITY_COLORS["high"], None: MUTED}[o.approved]
        no_rationale = f"<span style='color:{MUTED}'>no rationale</span>"
        rows = "".join(
            f"<tr><td style='padding:3px 10px 3px 0'>{e(pr.seat_name(s, v.seat))}"
            + (f"<br><span style='color:{MUTED}'>{e(v.voter)}</span>" if v.voter else "") + "</td>"
            f"<td style='padding:3px 10px 3px 0;font-weight:600;color:"
            f"{SEVERITY_COLORS['strength'] if v.vote == 'pass' else SEVERITY_COLORS['high']}'>"
            f"{e(pr.VOTE_WORDS.get(v.vote, v.vote))}</td>"
            f"<td style='padding:3px 0'>{e(v.rationale) or no_rationale}</td></tr>"
            for v in detail.votes)
        revealed = (f"<br><span style='color:{MUTED}'>shown to the candidate</span>" if s.revealed_at
                    else f"<br><span style='color:{MUTED}'>not shown to the candidate</span>")
        out.append(f"<h3>The vote</h3><p style='font-size:large;color:{color}'><b>{e(pr.outcome_line(o))}</b>"
                   f"{revealed}</p><table cellspacing=0>{rows}</table>")
    if s.debrief:
        debrief = "<br>".join(e(line) for line in s.debrief.splitlines())
        out.append(f"<h3>Debrief</h3><p>{debrief}</p>")
    return "".join(out)


def snippet_rich(snippet: str) -> str:
    return "".join(f"<span style='background:#ffe58f;font-weight:600'>{e(t)}</span>" if hit else e(t)
                   for t, hit in snippet_parts(snippet.replace("\n", " ")))


__all__ = ["DIMENSION_LABELS", "delivery_html", "signal_chips_html", "feedback_html", "snippet_rich",
           "heard_html", "track_html", "scores_html", "moments_html", "verdict_html",
           "HIGHLIGHT_START", "HIGHLIGHT_END", "fmt_num"]
