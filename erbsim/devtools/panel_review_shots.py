"""Screenshots of a mentor-led panel under review, from a synthetic panel (no microphone needed):
`python -m erbsim.devtools.panel_review_shots [OUT_DIR]` on a virtual screen, e.g.
`Xvfb :96 -screen 0 1440x900x24 & DISPLAY=:96 python -m erbsim.devtools.panel_review_shots`.

Writes review-panel.png (an answer: scores side by side, flags and notes on its timeline) and
review-panel-vote.png (the board, the vote with rationales, the debrief).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from erbsim.core.store import Store
from erbsim.devtools.synthetic import populate, populate_panel
from erbsim.ui.bridge import FutureBridge, process_events_until
from erbsim.ui.review import ReviewView
from erbsim.ui.store_client import StoreClient
from erbsim.ui.theme import apply_theme


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m erbsim.devtools.panel_review_shots")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"), metavar="OUT_DIR")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="erbsim-panel-shots-"))
    try:
        with Store(data_root=root) as store:
            populate(store, 3, answers=4, seed=3)
            session_id = populate_panel(store, started_at=datetime(2026, 11, 20, 14, 0, tzinfo=timezone.utc))
        app = QApplication.instance() or QApplication([])
        apply_theme(app, "light")
        client = StoreClient(root, FutureBridge())
        client.opened.result(20)
        window = QMainWindow()
        view = ReviewView(client)
        window.setCentralWidget(view)
        window.setWindowTitle("erbsim — Review")
        window.resize(1440, 900)
        window.move(0, 0)
        window.show()
        loaded: list[int] = []
        view.session_loaded.connect(loaded.append)
        view.open_session(session_id)
        process_events_until(lambda: bool(loaded), 10)
        for row, name in ((2, "review-panel.png"), (len(view.detail.data.detail.turns), "review-panel-vote.png")):
            view.detail.questions.setCurrentRow(row)
            process_events_until(lambda: False, 1.0)
            path = args.out / name
            if os.environ.get("DISPLAY") and shutil.which("import"):
                subprocess.run(["import", "-window", "root", str(path)], check=True)
            else:
                window.grab().save(str(path))
            print(f"wrote {path}")
        view.detail.answer.player.stop()
        client.wait_until_idle()
        client.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
