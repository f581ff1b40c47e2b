"""`erbsim bench store`: builds a throwaway database of realistic sessions
(12 spoken answers each, 300-450 words with word timings, ratings, a few
notes) and prints, as JSON, how long it takes to open the sessions list, to
run full-text searches, and (when Qt is available) to open the Review of a
45-minute session offscreen.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from erbsim.devtools.synthetic import populate


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
    bridge = FutureBridge()
    client = StoreClient(folder, bridge)
    client.opened.result(30)
    view = ReviewView(client)
    view.resize(1440, 900)
    view.show()
    samples, minutes = [], None
    try:
        for _ in range(max(3, repeat // 3)):
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
