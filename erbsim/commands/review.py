"""`erbsim review bundle|import|export-pdf|trends` and `erbsim bench store`.

The bench builds a throwaway database of realistic sessions (12 spoken
answers each, 300-450 words with word timings, ratings, a few notes) and
prints, as JSON, how long it takes to open the sessions list, to run
full-text searches, and (when Qt is available) to open the Review of a
45-minute session offscreen.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path


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

    pdf = actions.add_parser("export-pdf", help="print a session to PDF")
    pdf.add_argument("id", type=int, metavar="ID")
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    pdf.set_defaults(func=export_pdf)

    trends = actions.add_parser("trends", help="pace, fillers, length, scores and lens signals per session")
    trends.add_argument("--limit", type=int, default=30, help="newest sessions to include (0: all)")
    trends.add_argument("--track", choices=("staff", "principal"))
    trends.add_argument("--json", action="store_true")
    trends.set_defaults(func=show_trends)

    bench = bench_commands.add_parser("store", help="time the sessions list, search and review at scale")
    bench.add_argument("--sessions", type=int, default=1000)
    bench.add_argument("--answers", type=int, default=12, help="answers per session")
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
    bench.add_argument("--keep", type=Path, metavar="DIR", help="build the database here and keep it")
    bench.add_argument("--no-ui", action="store_true", help="skip timing the Review view")
    bench.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    bench.set_defaults(func=bench_store)


# ---------------------------------------------------------------- commands


def _fail(message: str) -> int:
    print(f"erbsim: {message}", file=sys.stderr)
    return 1


def _store():
    from erbsim.core.paths import data_dir
    from erbsim.core.store import Store

    return Store(data_root=data_dir())


def bundle_session(args) -> int:
    from erbsim.core.bundle import export_bundle
    from erbsim.core.store import SessionNotFound

    with _store() as store:
        try:
            path = export_bundle(store, args.id, args.out)
        except SessionNotFound as error:
            return _fail(f"{error} (see `erbsim sessions list`)")
        except OSError as error:
            return _fail(f"cannot write {args.out}: {error.strerror or error}")
    print(f"wrote {path}", file=sys.stderr)
    return 0


def import_session(args) -> int:
    from erbsim.core.bundle import BundleError, import_bundle

    with _store() as store:
        try:
            result = import_bundle(store, args.bundle)
        except BundleError as error:
            return _fail(f"cannot import {args.bundle}: {error}")
    missing = f" ({len(result.missing_audio)} recordings were not in the bundle)" if result.missing_audio else ""
    print(f"imported session {result.session_id} with {len(result.audio_files)} recordings{missing}")
    return 0


def export_pdf(args) -> int:
    from erbsim.core.store import SessionNotFound
    from erbsim.ui.review.pdf import export_pdf as render

    with _store() as store:
        try:
            pages = render(store, args.id, args.out)
        except SessionNotFound as error:
            return _fail(f"{error} (see `erbsim sessions list`)")
        except OSError as error:
            return _fail(f"cannot write {args.out}: {error.strerror or error}")
    print(f"wrote {args.out} ({pages} pages)", file=sys.stderr)
    return 0


def show_trends(args) -> int:
    from erbsim.core.export import local_time
    from erbsim.core.trends import load_trends

    with _store() as store:
        trends = load_trends(store, args.limit or None, track=args.track)
    if args.json:
        print(json.dumps(trends.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not trends.points:
        print("No answered sessions yet.", file=sys.stderr)
        return 0
    print(f"{'ID':>5}  {'DATE':<16}  {'WPM':>5}  {'FILL/MIN':>8}  {'AVG LEN':>7}  {'SELF':>4}  SIGNALS (share of answers)")
    for p in trends.points:
        mean_self = statistics.fmean(p.self_scores.values()) if p.self_scores else None
        signals = ", ".join(f"{k} {v:.0%}" for k, v in p.signals.items() if v)
        print(f"{p.session_id:>5}  {local_time(p.started_at):<16}  {_n(p.words_per_minute):>5}  "
              f"{_n(p.fillers_per_minute, 1):>8}  {_n(p.answer_seconds):>6}s  {_n(mean_self, 1):>4}  {signals}")
    return 0


def _n(value, digits=0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------- synthetic sessions

_OPENINGS = [
    "So the context here is that {lead} before {event} I saw {risk}.",
    "Um, {lead} before {event}, I noticed {risk}, and nobody had it on a roadmap yet.",
    "The short version is that I saw {risk} about {lead} ahead of {event}.",
    "I think the, uh, the important part is that {risk} was visible {lead} before {event}.",
]
_ACTIONS = [
    "Nobody asked me to, but I wrote a one page proposal and got two engineers on loan from {bu}.",
    "I started a small pilot on my own initiative with the {team} team, without any formal budget.",
    "The GM asked us to deliver the {thing} in Q4, so we shipped it and closed the OKRs.",
    "So basically we launched {thing} and delivered twelve features in two quarters.",
    "I built a {thing} and, you know, a scoring model for deciding which merchants to onboard first.",
    "I decided to drop the {other} work, which was a real trade-off, to focus on the {thing}.",
]
_RIPPLES = [
    "Conversion went from {a} percent to {b} percent, and return rates dropped by a third.",
    "After that {n} business units adopted it, including {bu} and {bu2}, and it is now the standard for {area}.",
    "The head of {bu} told me this saved her team a quarter of planning work.",
    "Latency fell from {ms} milliseconds to under one hundred, and the cost per order dropped {a} percent.",
    "We improved CTR by eighteen percent.",
    "Other teams now use my framework to decide their own roadmap trade-offs, it became the template.",
]
_FILLERS = ["um", "uh", "like", "you know", "so basically", "I mean"]
_TOPICS = dict(
    lead=["eight months", "two quarters", "a year", "six months", "three months"],
    event=["the new data rules took effect", "peak season", "the partner contract renewal", "the platform migration",
           "Singles Day"],
    risk=["a consent risk in personalisation", "a capacity gap in cross-border logistics",
          "churn among small merchants", "a pricing problem in the partner ecosystem",
          "a latency problem in the checkout API"],
    bu=["Cainiao", "Taobao", "Alibaba Cloud", "Local Services", "International Digital Commerce"],
    bu2=["Fliggy", "Lazada", "Tmall", "AliExpress"],
    team=["logistics", "search", "merchant growth", "payments", "recommendation"],
    thing=["privacy first recommendation layer", "merchant risk scoring model", "routing API",
           "pricing experiment framework", "seller onboarding template"],
    other=["dashboard", "loyalty", "campaign tooling"],
    area=["personalisation after consent", "merchant onboarding", "cross-border routing"],
    a=["two", "three", "four", "eleven"], b=["five", "six", "seven", "nine"],
    n=["two", "three", "four"], ms=["four hundred", "six hundred", "eight hundred"],
)
_QUESTIONS = [
    ("strategy-{:03d}", "What did you see coming before anyone asked you to act, and what did you do about it?"),
    ("tradeoff-{:03d}", "What did you give up to make this happen, and who paid for it?"),
    ("replication-{:03d}", "Who else uses what you built, and how did it become their default?"),
    ("talent-{:03d}", "Which framework of yours do other teams now decide with?"),
]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(**{k: rng.choice(v) for k, v in _TOPICS.items()})


def synthetic_answer(rng: random.Random, min_words: int = 300, max_words: int = 450) -> str:
    """A spoken-style answer of min..max words: decision-story sentences with fillers."""
    target = rng.randint(min_words, max_words)
    sentences: list[str] = []
    count = 0
    while count < target:
        pool = _OPENINGS if not sentences else rng.choice((_ACTIONS, _RIPPLES, _ACTIONS, _RIPPLES, _OPENINGS))
        sentence = _fill(rng, rng.choice(pool))
        if rng.random() < 0.35:
            words = sentence.split()
            at = rng.randrange(1, len(words))
            words.insert(at, rng.choice(_FILLERS) + ",")
            sentence = " ".join(words)
        sentences.append(sentence)
        count += len(sentence.split())
    words = " ".join(sentences).split()[:target]
    text = " ".join(words)
    return text if text.endswith(".") else text + "."


def synthetic_words(rng: random.Random, text: str, start: float = 0.3) -> list[dict]:
    """Word timings at a natural pace (about 130-160 wpm) with a few long pauses."""
    out, t = [], start
    for w in text.split():
        length = 0.12 + 0.045 * len(w) + rng.random() * 0.08
        out.append({"text": " " + w, "start": round(t, 3), "end": round(t + length, 3),
                    "probability": round(0.7 + rng.random() * 0.3, 3)})
        gap = 0.08 + rng.random() * 0.12
        if w.endswith(".") and rng.random() < 0.18:
            gap += 2.0 + rng.random() * 1.5
        t += length + gap
    return out


def populate(store, sessions: int, answers: int = 12, seed: int = 7, *, audio_for: set[int] | None = None,
             start: datetime | None = None) -> list[int]:
    """Add `sessions` finished rehearsals of `answers` answers each; returns their ids.
    For session numbers in `audio_for` (0-based), a silent FLAC per answer is written."""
    from erbsim.core.lens import DIMENSIONS
    from erbsim.core.seats import SEAT_IDS

    rng = random.Random(seed)
    start = start or datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    ids = []
    for n in range(sessions):
        began = start + timedelta(hours=10 * n + rng.random() * 6)
        mode = "panel" if rng.random() < 0.3 else "solo"
        sid = store.create_session(mode=mode, track=rng.choice(("staff", "principal")), seed=n, banks=["default"],
                                   candidate="Mei Chen", mentor="Helen Zhou" if mode == "panel" else None,
                                   started_at=began, status="finished")
        clock_s, rows = 5.0, []
        for position in range(1, answers + 1):
            qid, question = _QUESTIONS[rng.randrange(len(_QUESTIONS))]
            text = synthetic_answer(rng)
            words = synthetic_words(rng, text)
            duration = words[-1]["end"] + 0.8
            audio = None
            if audio_for and n in audio_for:
                audio = _silent_flac(store, sid, position, duration)
            rows.append({"position": position, "question_id": qid.format(rng.randrange(1, 25)),
                         "question_text": question, "seat": rng.choice(SEAT_IDS), "category": "strategy",
                         "dimension": rng.choice(DIMENSIONS), "is_follow_up": position > 1 and rng.random() < 0.2,
                         "asked_at_s": clock_s, "answer_started_s": clock_s + 6,
                         "answer_ended_s": clock_s + 6 + duration, "audio_path": audio, "audio_offset_s": 0.0,
                         "transcript_text": text, "engine": "faster-whisper", "model": "tiny.en",
                         "words": words})
            clock_s += 6 + duration + 10
        with store.transaction():
            for row in rows:
                turn_id = store.add_turn(sid, **row)
                for dim in DIMENSIONS:
                    if rng.random() < 0.8:
                        store.rate(turn_id, dim, rng.randint(2, 5))
                    if mode == "panel":
                        store.rate(turn_id, dim, rng.randint(1, 5), rater="Helen Zhou")
                if rng.random() < 0.1:
                    store.add_note(sid, "Lead with the decision, then the number.", turn_id=turn_id)
        store.finish_session(sid, ended_at=began + timedelta(seconds=clock_s))
        ids.append(sid)
    return ids


def _silent_flac(store, session_id: int, position: int, seconds: float) -> str:
    import numpy as np
    import soundfile as sf

    relative, absolute = store.new_recording_path(session_id, f"answer-{position:03d}.flac")
    rng = np.random.default_rng(position)
    samples = (rng.standard_normal(int(16000 * seconds)) * 0.002).astype("float32")
    sf.write(absolute, samples, 16000, format="FLAC")
    return relative


# ---------------------------------------------------------------- bench


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2),
            "runs": len(ordered)}


def _time(fn, repeat: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


SEARCHES = ("privacy", "three business units", "scoring model", "latency", "Cainiao", "GM asked",
            "\"standard for personalisation\"", "um", "cost per order", "nonexistentword")


def bench_store(args) -> int:
    from erbsim.core.store import Store

    folder = args.keep or Path(tempfile.mkdtemp(prefix="erbsim-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {"sessions": args.sessions, "answers_per_session": args.answers}
    t0 = time.perf_counter()
    with Store(data_root=folder) as store:
        if store.count_sessions() < args.sessions:
            populate(store, args.sessions - store.count_sessions(), args.answers, args.seed, audio_for={0})
        result["build_s"] = round(time.perf_counter() - t0, 1)
        result["database_mb"] = round(store.path.stat().st_size / 1e6, 1)
        corpus = store.corpus_stats()
        result["turns"] = corpus.turns
        result["words_per_answer"] = round(corpus.words_per_answer, 1)
        list_first = _time(lambda: (store.list_sessions(limit=50), store.count_sessions()), args.repeat)
        list_all = _time(lambda: store.list_sessions(limit=None), max(3, args.repeat // 3))
        list_sorted = _time(lambda: store.list_sessions(limit=50, order="best_self", track="staff"), args.repeat)
        result["list"] = {"first_page_50": _stats(list_first), "all_rows": _stats(list_all),
                          "sorted_by_score_filtered": _stats(list_sorted), "target_ms": 100}
        per_query, every = {}, []
        for q in SEARCHES:
            samples = _time(lambda q=q: store.search(q, limit=50), args.repeat)
            per_query[q] = {**_stats(samples), "hits": len(store.search(q, limit=50))}
            every += samples
        result["search"] = {"all_queries": _stats(every), "queries": per_query, "target_ms": 50}
        first = store.list_sessions(limit=1, order="oldest")[0]
    if not args.no_ui:
        try:
            result["review_open"] = _bench_review(folder, first.id, args.repeat)
        except Exception as error:  # Qt missing or no platform: report, do not fail
            result["review_open"] = {"error": f"{type(error).__name__}: {error}"}
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2))
    return 0


def _bench_review(folder: Path, session_id: int, repeat: int) -> dict:
    """Open ReviewView on a 12-answer session offscreen: from open_session() to
    the answer shown, loaded from the database with analytics and lens."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from erbsim.core import trends
    from erbsim.ui.bridge import FutureBridge
    from erbsim.ui.review.view import ReviewView
    from erbsim.ui.store_client import StoreClient

    app = QApplication.instance() or QApplication(["erbsim-bench"])
    client = StoreClient(folder)
    client.opened.result(30)
    bridge = FutureBridge()
    view = ReviewView(client, bridge)
    view.resize(1440, 900)
    view.show()
    samples, minutes = [], None
    try:
        for run in range(max(3, repeat // 3)):
            trends._LENS_CACHE.clear()  # measure the cold path every time
            loop = QEventLoop()
            view.session_loaded.connect(loop.quit)
            guard = QTimer()
            guard.setSingleShot(True)
            guard.timeout.connect(loop.quit)
            guard.start(30_000)
            t = time.perf_counter()
            view.open_session(session_id)
            loop.exec()
            app.processEvents()
            samples.append(time.perf_counter() - t)
            view.session_loaded.disconnect(loop.quit)
            view.show_list()
            if minutes is None and view.detail.data is not None:
                minutes = round((view.detail.data.detail.summary.duration_s or 0) / 60, 1)
    finally:
        view.close()
        client.close()
    return {**_stats(samples), "session_minutes": minutes, "target_ms": 500}
