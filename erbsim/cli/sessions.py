"""`erbsim sessions list|show|search`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from erbsim.cli.store_access import with_store
from erbsim.core.store import MODES, STATUSES, TRACKS


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("sessions", help="list and show recorded sessions")
    actions = parser.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="recorded sessions, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument("--limit", type=int, default=None, help="at most this many (default: all)")
    listing.add_argument("--track", choices=TRACKS)
    listing.add_argument("--mode", choices=MODES)
    listing.add_argument("--status", choices=STATUSES)
    listing.set_defaults(func=list_sessions)

    show = actions.add_parser("show", help="one session with its questions, answers, scores and notes")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print the session as JSON (the export shape)")
    show.set_defaults(func=show_session)

    search = actions.add_parser("search", help="full-text search over transcripts and notes")
    search.add_argument("query", nargs="+", metavar="WORDS")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=search_sessions)


@with_store(create=False)
def list_sessions(store, args) -> int:
    from erbsim.core.export import clock, local_time, score

    rows = [] if store is None else store.list_sessions(
        limit=args.limit, track=args.track, mode=args.mode, status=args.status)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No sessions yet.", file=sys.stderr)
        return 0
    header = (f"{'ID':>5}  {'DATE':<16}  {'MODE':<5}  {'TRACK':<9}  {'STATUS':<11}  {'TIME':>7}  {'Q':>3}  "
              f"{'SELF':>4}  {'MENTOR':>6}")
    print(header)
    for r in rows:
        print(f"{r.id:>5}  {local_time(r.started_at):<16}  {r.mode:<5}  {r.track:<9}  {r.status:<11}  "
              f"{clock(r.duration_s):>7}  {r.question_count:>3}  {score(r.avg_self):>4}  {score(r.avg_mentor):>6}")
    return 0


@with_store(create=False)
def show_session(store, args) -> int:
    from erbsim.core.export import clock, export_session, local_time, score, seat_label
    from erbsim.core.store import SessionNotFound

    if store is None:
        raise SessionNotFound(args.id)
    if args.json:
        sys.stdout.write(export_session(store, args.id, "json"))
        return 0
    detail = store.get_session(args.id)
    s, summary = detail.session, detail.summary
    print(f"Session {s.id}  {local_time(s.started_at)}  {s.mode}  {s.track}  {s.lang}  {s.status}")
    print(f"Duration {clock(summary.duration_s)} of {clock(s.budget_s)}  ·  {summary.question_count} questions  ·  "
          f"self {score(summary.avg_self)}  ·  mentor {score(summary.avg_mentor)}")
    for turn in detail.turns:
        follow = "  follow-up" if turn.is_follow_up else ""
        print(f"\n{turn.position}. [{seat_label(turn.seat)}]{follow} {turn.question_text}")
        text = turn.text
        if text:
            mark = " (corrected)" if turn.corrected_text is not None else ""
            print(f"   answer{mark}, {clock(turn.answer_duration_s)}: {text}")
        for r in turn.ratings:
            print(f"   {r.rater} {r.dimension}: {r.score}/5")
        for note in (n for n in detail.notes if n.turn_id == turn.id):
            print(f"   note ({note.author}): {note.text}")
    general = [n for n in detail.notes if n.turn_id is None]
    if general:
        print("\nNotes:")
        for note in general:
            print(f"   {note.author}: {note.text}")
    if detail.votes:
        o = detail.outcome
        verdict = {True: "approved", False: "not approved", None: "undecided"}[o.approved]
        print(f"\nBoard vote: {o.passes} pass, {o.fails} fail ({o.needed} needed): {verdict}")
    return 0


@with_store(create=False)
def search_sessions(store, args) -> int:
    from erbsim.core.store import HIGHLIGHT_END, HIGHLIGHT_START

    hits = [] if store is None else store.search(" ".join(args.query), limit=args.limit)
    if args.json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("No matches.", file=sys.stderr)
    for h in hits:
        snippet = h.snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]").replace("\n", " ")
        where = f"session {h.session_id}" + (f", answer {h.position}" if h.position else "")
        at = f" at {h.time_s:.1f}s" if h.time_s is not None else ""
        print(f"{where} ({h.field}{at}): {snippet}")
    return 0
