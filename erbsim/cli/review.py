"""`erbsim review bundle|import|export-pdf|trends`."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from erbsim.cli.errors import CommandError, writing
from erbsim.cli.export import add_pdf_command
from erbsim.cli.store_access import with_store
from erbsim.core.store import TRACKS


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("review", help="share sessions as bundles, print PDFs and trends")
    actions = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    bundle = actions.add_parser("bundle", help="write a session and its audio to a zip another erbsim imports")
    bundle.add_argument("id", type=int, metavar="ID")
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE.zip")
    bundle.set_defaults(func=bundle_session)

    importing = actions.add_parser("import", help="add a session from a bundle (zip)")
    importing.add_argument("bundle", type=Path, metavar="FILE.zip")
    importing.set_defaults(func=import_session)

    add_pdf_command(actions)  # the same command as `erbsim export ID --format pdf`

    trends = actions.add_parser("trends", help="pace, fillers, length, scores and lens signals per session")
    trends.add_argument("--limit", type=int, default=30, help="newest sessions to include (0: all)")
    trends.add_argument("--track", choices=TRACKS)
    trends.add_argument("--json", action="store_true")
    trends.set_defaults(func=show_trends)


@with_store(create=True)
def bundle_session(store, args) -> int:
    from erbsim.core.bundle import export_bundle

    with writing(args.out):
        path = export_bundle(store, args.id, args.out)
    print(f"wrote {path}", file=sys.stderr)
    return 0


@with_store(create=True, writes=True)
def import_session(store, args) -> int:
    from erbsim.core.bundle import BundleError, import_bundle
    from erbsim.speech.recording import check_recording

    try:
        result = import_bundle(store, args.bundle, check_audio=check_recording)
    except BundleError as error:
        raise CommandError(f"cannot import {args.bundle}: {error}") from error
    missing = f" ({len(result.missing_audio)} recordings were not in the bundle)" if result.missing_audio else ""
    print(f"imported session {result.session_id} with {len(result.audio_files)} recordings{missing}")
    return 0


@with_store(create=True)
def show_trends(store, args) -> int:
    from erbsim.core.export import local_time
    from erbsim.core.trends import load_trends

    trends = load_trends(store, args.limit or None, track=args.track)
    if args.json:
        print(json.dumps(trends.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not trends.points:
        print("No answered sessions yet.", file=sys.stderr)
        return 0
    print(f"{'ID':>5}  {'DATE':<16}  {'WPM':>5}  {'FILL/MIN':>8}  {'AVG LEN':>7}  {'SELF':>4}  "
          "SIGNALS (share of answers)")
    for p in trends.points:
        mean_self = statistics.fmean(p.self_scores.values()) if p.self_scores else None
        signals = ", ".join(f"{k} {v:.0%}" for k, v in p.signals.items() if v)
        print(f"{p.session_id:>5}  {local_time(p.started_at):<16}  {_n(p.words_per_minute):>5}  "
              f"{_n(p.fillers_per_minute, 1):>8}  {_n(p.answer_seconds):>6}s  {_n(mean_self, 1):>4}  {signals}")
    return 0


def _n(value, digits=0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
