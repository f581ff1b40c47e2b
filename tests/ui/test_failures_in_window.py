"""What the person sees when background work fails: the main window and the review.

The real window over a real data folder, with the log file the app writes
there; failures come from the real database or from a store function that
raises.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import log_text

from erbsim.ui.logging_setup import set_up_logging


@pytest.fixture
def app_log(data_home):
    """The log file as the app sets it up, in the data folder; removed afterwards."""
    logs = set_up_logging(data_home)
    yield logs
    logs.close()


def test_a_failing_store_call_reaches_the_status_bar_and_the_log(qtbot, make_window, app_log):
    window = make_window()
    window.open_summary(424242)  # no such session: the database says so
    status = window.statusBar()
    qtbot.waitUntil(lambda: "424242" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage() == (
        "Opening the session summary failed: no session with id 424242 (details in erbsim.log).")
    text = log_text(app_log)
    assert "Opening the session summary failed\nTraceback (most recent call last)" in text
    assert "SessionNotFound: no session with id 424242" in text


def test_a_corrupted_database_is_logged_and_shown_not_silent(qtbot, open_window, data_home, app_log):
    """The way-out dialog itself is tested in test_database_rescue.py; here: the log and the review."""
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "erbsim.db").write_bytes(b"not a database at all " * 500)
    window = open_window()
    qtbot.waitUntil(lambda: window.rescue is not None, timeout=10_000)
    assert "is damaged: it is not an SQLite database any more" in window.home.recent_empty.text()
    text = log_text(app_log)
    assert f"the database cannot be used: the database {data_home / 'erbsim.db'} is damaged" in text
    # the review, which handles its own failures, says so in its banner
    qtbot.waitUntil(lambda: window.review.banner.text().startswith("Reading the sessions failed"), timeout=10_000)


def test_a_search_the_store_cannot_answer_shows_an_error(qtbot, review, store_client, bridge, monkeypatch):
    """Whatever Store.search raises reaches the person as an error, not as "no results"."""
    store = store_client.submit(lambda store: store).result(10)

    def broken_search(query, limit=50):
        raise sqlite3.OperationalError("database disk image is malformed")

    monkeypatch.setattr(store, "search", broken_search)
    with qtbot.assertNotEmitted(review.search_done):  # no "no results" either
        with qtbot.waitSignal(review.failed, timeout=10_000) as failed:
            qtbot.keyClicks(review.list_panel.search, "kittens")
        assert bridge.drain(10)  # everything the store thread still had for the GUI thread
    assert failed.args == ["Search failed: database disk image is malformed"]
    assert review.banner.isVisible() and review.banner.text() == failed.args[0]


def test_hostile_bank_files_neither_crash_nor_hang_the_start_and_the_status_bar_counts_files(qtbot, make_window,
                                                                                             data_home):
    import os

    folder = data_home / "question_banks"
    folder.mkdir(parents=True)
    (folder / "deep.yaml").write_text("questions:\n  - id: x\n    text: " + "[" * 1000 + "]" * 1000 + "\n")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "two.yaml").write_text("questions:\n  - 42\n  - 43\n")  # two problems, one file
    window = make_window()
    status = window.statusBar()
    qtbot.waitUntil(lambda: "question bank" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage() == ("5 problems in 4 question bank files; "
                                       "run `erbsim banks validate` for details")
    assert window.services.banks.questions  # the shipped banks still load
