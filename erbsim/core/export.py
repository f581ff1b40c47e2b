"""Export a session as Markdown, HTML or JSON.

JSON is the session's document (erbsim.core.store.serialize, which documents
its shape); bundles carry the same document. HTML is self-contained (inline
styles, no scripts) with every piece of user text escaped; the Qt side can
print it to PDF.
"""

from __future__ import annotations

import html
import json

from erbsim.core import panel_review as pr
from erbsim.core.lens import DIMENSIONS, SIGNAL_LABELS
from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.core.store import SessionDetail, Store, StoredPacket, Turn, TurnEvent, packet_of, session_to_dict
from erbsim.core.timefmt import local_time

FORMATS = ("md", "html", "json")
PDF_FORMAT = "pdf"  # printed by Qt from the HTML export (erbsim/ui/review/pdf.py)
EXPORT_FORMATS = (*FORMATS, PDF_FORMAT)  # what `erbsim export --format` offers


def to_json(detail: SessionDetail, schema_version: int, packet: StoredPacket | None = None) -> str:
    return json.dumps(session_to_dict(detail, schema_version, packet), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- shared wording


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def seat_label(seat_id: str | None) -> str:
    if seat_id in SEAT_IDS:
        seat = seat_by_id(seat_id)
        return f"{seat.name}, {seat.title}"
    return seat_id or "–"


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _title(detail: SessionDetail) -> str:
    s = detail.session
    who = f" — {s.candidate}" if s.candidate else ""
    return f"ERB rehearsal {local_time(s.started_at)}{who}"


def _facts(detail: SessionDetail) -> list[tuple[str, str]]:
    s, summary = detail.session, detail.summary
    facts = [("Date", local_time(s.started_at)), ("Mode", s.mode), ("Track", s.track),
             ("Language", s.lang), ("Status", s.status),
             ("Duration", f"{clock(summary.duration_s)} of {clock(s.budget_s)}"),
             ("Questions", str(summary.question_count)),
             ("Average self score", score(summary.avg_self)),
             ("Average mentor score", score(summary.avg_mentor))]
    if s.candidate:
        facts.append(("Candidate", s.candidate))
    if s.mentor:
        facts.append(("Mentor", s.mentor))
    board = pr.board_of(s)
    if board is not None:
        facts.append(("Board", board.name))
    if detail.votes:
        facts.append(("Board vote", pr.outcome_line(detail.outcome)))
    pauses = pr.pauses(detail)
    if pauses:
        total = sum(p.duration_s or 0.0 for p in pauses)
        facts.append(("Clock paused", f"{len(pauses)}× · {clock(total)} in all"))
    return facts


def _turn_heading(turn: Turn) -> str:
    follow = "Follow-up: " if turn.is_follow_up else ""
    return f"{turn.position}. {follow}{turn.question_text}"


def _turn_meta(turn: Turn, session=None) -> str:
    who = pr.seat_name(session, turn.seat) if session is not None else seat_label(turn.seat)
    parts = [f"asked by {who}"]
    if turn.origin and turn.origin != "bank":
        parts.append({"custom": "the mentor's own question", "probe": "a classic probe",
                      "suggestion": "the suggested follow-up"}.get(turn.origin, turn.origin))
    if turn.category:
        parts.append(turn.category.replace("_", " "))
    if turn.asked_at_s is not None:
        parts.append(f"at {clock(turn.asked_at_s)}")
    if turn.answer_duration_s is not None:
        parts.append(f"answer {clock(turn.answer_duration_s)}")
    return " · ".join(parts)


def signal_label(signal: str | None) -> str:
    return SIGNAL_LABELS.get(signal or "", (signal or "").replace("_", " "))


def evidence_lines(evidence: str | None) -> list[str]:
    """A turn's follow_up_evidence (one quote per line) as quotes."""
    return [line.strip() for line in (evidence or "").splitlines() if line.strip()]


def follow_up_why(turn: Turn) -> str:
    """Why the board asked a follow-up, in one line ("" for a turn without a recorded reason)."""
    if not turn.follow_up_reason:
        return ""
    target = f" (targets: {signal_label(turn.follow_up_signal)})" if turn.follow_up_signal else ""
    return f"Why the board asked: {turn.follow_up_reason}{target}"


def interruption_line(event: TurnEvent, turn: Turn | None) -> str:
    """"Rita Sun cut in at 3:45 into the answer: …" (or at the session's clock without a turn)."""
    who = seat_by_id(event.author).name if event.author in SEAT_IDS else "The board"
    if turn is not None and turn.answer_started_s is not None and event.at_s >= turn.answer_started_s:
        when = f"{clock(event.at_s - turn.answer_started_s)} into the answer"
    else:
        when = clock(event.at_s)
    return f"{who} cut in at {when}: “{event.text}”"


def _events_by_turn(detail: SessionDetail) -> dict[int | None, list[TurnEvent]]:
    out: dict[int | None, list[TurnEvent]] = {}
    for event in detail.events:
        if event.kind == "interruption":
            out.setdefault(event.turn_id, []).append(event)
    return out


def _outcome_line(detail: SessionDetail) -> str:
    return pr.outcome_line(detail.outcome)


def _board_rows(detail: SessionDetail) -> list[tuple[str, str, str, str]]:
    """(seat number, name, role, "person in the room" | "voiced by the app") of a panel's board."""
    board = pr.board_of(detail.session)
    if board is None:
        return []
    return [(str(seat.number), seat.name, seat.role, "person in the room" if seat.person else "voiced by the app")
            for seat in board.seats]


def _score_rows(detail: SessionDetail, turn: Turn) -> tuple[list[str], list[list[str]]]:
    """Header (dimension, then one column per rater, self first) and rows, for an answer scored by
    someone besides the candidate; ([], []) otherwise (the plain ratings table is used)."""
    if not pr.judged_by_others(turn):
        return [], []
    table = pr.score_table(turn)
    dims = [d for d in DIMENSIONS if d in table.scores] + sorted(set(table.scores) - set(DIMENSIONS))
    head = ["Dimension"] + [pr.rater_label(detail.session, r) for r in table.raters]
    rows = [[d.replace("_", " ")] + ["–" if table.score(d, r) is None else str(table.score(d, r))
                                     for r in table.raters] for d in dims]
    return head, rows


def _vote_rows(detail: SessionDetail) -> list[tuple[str, str, str, str]]:
    return [(pr.seat_name(detail.session, v.seat), v.voter, pr.VOTE_WORDS.get(v.vote, v.vote), v.rationale)
            for v in detail.votes]


# ---------------------------------------------------------------- Markdown


def _md_inline(text: str) -> str:
    """Keep user text from turning into Markdown structure."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _md_block(text: str) -> str:
    lines = [_md_inline(line) for line in text.splitlines()] or [""]
    return "\n".join("> " + line if line else ">" for line in lines)


def to_markdown(detail: SessionDetail) -> str:
    out = [f"# {_md_inline(_title(detail))}", ""]
    out += ["| | |", "|---|---|"] + [f"| {k} | {_md_inline(v)} |" for k, v in _facts(detail)] + [""]
    board = _board_rows(detail)
    if board:
        out += ["## The board", "", "| Seat | Name | Role | Asks as |", "|---|---|---|---|"]
        out += [f"| {n} | {_md_inline(name)} | {_md_inline(role)} | {how} |" for n, name, role, how in board] + [""]
    notes_by_turn: dict[int | None, list] = {}
    for note in detail.notes:
        if note.at_s is None:
            notes_by_turn.setdefault(note.turn_id, []).append(note)
    events = _events_by_turn(detail)
    moments = pr.timeline(detail)
    for turn in detail.turns:
        out += [f"## {_md_inline(_turn_heading(turn))}", "",
                f"*{_md_inline(_turn_meta(turn, detail.session))}*", ""]
        if follow_up_why(turn):
            out += [f"*{_md_inline(follow_up_why(turn))}*", ""]
            out += [f"- from the answer before: “{_md_inline(q)}”" for q in evidence_lines(turn.follow_up_evidence)]
            if evidence_lines(turn.follow_up_evidence):
                out.append("")
        if events.get(turn.id):
            out += [f"- {_md_inline(interruption_line(ev, turn))}" for ev in events[turn.id]] + [""]
        if turn.text:
            label = "Answer (corrected by hand)" if turn.corrected_text is not None else "Answer"
            out += [f"**{label}**", "", _md_block(turn.text), ""]
        else:
            out += ["*No transcript.*", ""]
        head, rows = _score_rows(detail, turn)
        if head:
            out += ["| " + " | ".join(_md_inline(h) for h in head) + " |", "|---" * len(head) + "|"]
            out += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in rows] + [""]
        elif turn.ratings:
            out += ["| Rater | Dimension | Score |", "|---|---|---|"]
            out += [f"| {_md_inline(r.rater)} | {_md_inline(r.dimension.replace('_', ' '))} | {r.score} |"
                    for r in turn.ratings] + [""]
        if moments.get(turn.id):
            out += [f"- {pr.when(m)}: {_md_inline(pr.timeline_line(m))}" for m in moments[turn.id]] + [""]
        for note in notes_by_turn.get(turn.id, ()):
            out += [f"- Note by {_md_inline(note.author)}: {_md_inline(note.text)}"]
        if notes_by_turn.get(turn.id):
            out.append("")
    if notes_by_turn.get(None) or moments.get(None):
        out += ["## Notes", ""]
        out += [f"- {pr.when(m)}: {_md_inline(pr.timeline_line(m))}" for m in moments.get(None, ())]
        out += [f"- {_md_inline(n.author)}: {_md_inline(n.text)}" for n in notes_by_turn.get(None, ())] + [""]
    if detail.votes:
        out += ["## Board vote", "", _md_inline(_outcome_line(detail)), "",
                "| Seat | Voter | Vote | Rationale |", "|---|---|---|---|"]
        out += [f"| {_md_inline(seat)} | {_md_inline(voter)} | {vote} | {_md_inline(why)} |"
                for seat, voter, vote, why in _vote_rows(detail)] + [""]
    if detail.session.debrief:
        out += ["## Debrief", "", _md_block(detail.session.debrief), ""]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #1d1d1f; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-top: 1px solid #ddd; padding-top: 1rem; }
table { border-collapse: collapse; margin: .75rem 0; }
td, th { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f5f5f7; }
.meta { color: #666; font-size: .9rem; margin-top: -.5rem; }
.answer { white-space: pre-wrap; background: #f8f8fa; border-left: 3px solid #8a8fa0;
          padding: .6rem .9rem; margin: .5rem 0; }
.corrected { border-left-color: #2f7d4f; }
.label { font-weight: 600; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: #555; }
.note { margin: .3rem 0; font-style: italic; }
.why { color: #444; font-size: .92rem; border-left: 3px solid #b26a00; padding-left: .6rem; }
.cut-in { color: #8e1c14; font-size: .92rem; }
.moment { margin: .2rem 0; font-size: .92rem; } .moment .when { color: #666; font-variant-numeric: tabular-nums; }
.moment.flag { color: #b26a00; } .moment.pause { color: #5f6b7a; }
.outcome { font-weight: 600; }
.pass { color: #2f7d4f; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .answer { break-inside: avoid; } }
"""


def to_html(detail: SessionDetail) -> str:
    e = html.escape
    lang = e(detail.session.lang or "en")
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(_title(detail))}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{e(_title(detail))}</h1>", "<table>"]
    out += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _facts(detail)]
    out.append("</table>")
    board = _board_rows(detail)
    if board:
        out += ["<h2>The board</h2>", "<table><tr><th>Seat</th><th>Name</th><th>Role</th><th>Asks as</th></tr>"]
        out += [f"<tr><td>{n}</td><td>{e(name)}</td><td>{e(role)}</td><td>{how}</td></tr>"
                for n, name, role, how in board]
        out.append("</table>")
    notes_by_turn: dict[int | None, list] = {}
    for note in detail.notes:
        if note.at_s is None:
            notes_by_turn.setdefault(note.turn_id, []).append(note)
    events = _events_by_turn(detail)
    moments = pr.timeline(detail)
    for turn in detail.turns:
        out += [f'<h2 id="turn-{turn.position}">{e(_turn_heading(turn))}</h2>',
                f'<p class="meta">{e(_turn_meta(turn, detail.session))}</p>']
        if follow_up_why(turn):
            quotes = "".join(f"<br>“{e(q)}”" for q in evidence_lines(turn.follow_up_evidence))
            out.append(f'<p class="why">{e(follow_up_why(turn))}{quotes}</p>')
        out += [f'<p class="cut-in">{e(interruption_line(ev, turn))}</p>' for ev in events.get(turn.id, ())]
        if turn.text:
            corrected = turn.corrected_text is not None
            label = "Answer (corrected by hand)" if corrected else "Answer"
            out += [f'<div class="label">{label}</div>',
                    f'<div class="answer{" corrected" if corrected else ""}">{e(turn.text)}</div>']
        else:
            out.append('<p class="meta">No transcript.</p>')
        head, rows = _score_rows(detail, turn)
        if head:
            out.append('<table class="scores"><tr>' + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
            out.append("</table>")
        elif turn.ratings:
            out.append("<table><tr><th>Rater</th><th>Dimension</th><th>Score</th></tr>")
            out += [f"<tr><td>{e(r.rater)}</td><td>{e(r.dimension.replace('_', ' '))}</td>"
                    f"<td>{r.score}</td></tr>" for r in turn.ratings]
            out.append("</table>")
        out += [f'<p class="moment {m.kind}"><span class="when">{e(pr.when(m))}</span> · '
                f'{e(pr.timeline_line(m))}</p>' for m in moments.get(turn.id, ())]
        out += [f'<p class="note">Note by {e(n.author)}: {e(n.text)}</p>' for n in notes_by_turn.get(turn.id, ())]
    if notes_by_turn.get(None) or moments.get(None):
        out.append("<h2>Notes</h2>")
        out += [f'<p class="moment {m.kind}"><span class="when">{e(pr.when(m))}</span> · '
                f'{e(pr.timeline_line(m))}</p>' for m in moments.get(None, ())]
        out += [f'<p class="note">{e(n.author)}: {e(n.text)}</p>' for n in notes_by_turn.get(None, ())]
    if detail.votes:
        out += ["<h2>Board vote</h2>", f'<p class="outcome">{e(_outcome_line(detail))}</p>',
                "<table><tr><th>Seat</th><th>Voter</th><th>Vote</th><th>Rationale</th></tr>"]
        out += [f'<tr><td>{e(seat)}</td><td>{e(voter)}</td><td class="{e(v.vote)}">{e(vote)}</td>'
                f'<td>{e(why)}</td></tr>' for v, (seat, voter, vote, why) in zip(detail.votes, _vote_rows(detail),
                                                                             strict=True)]
        out.append("</table>")
    if detail.session.debrief:
        out += ["<h2>Debrief</h2>", f'<div class="answer">{e(detail.session.debrief)}</div>']
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- entry point


def export_session(store: Store, session_id: int, fmt: str) -> str:
    """The session as text in `fmt` ('md', 'html' or 'json'); SessionNotFound if absent."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    detail = store.get_session(session_id)
    if fmt == "json":
        return to_json(detail, store.schema_version, packet_of(store, detail))
    if fmt == "html":
        return to_html(detail)
    return to_markdown(detail)
