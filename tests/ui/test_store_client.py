"""Store calls that fail: the default failure path, and a caller's own handler replacing it.

A real SQLite database in a folder of each test's own, the real store thread,
and results delivered to the GUI thread through the FutureBridge.
"""

from __future__ import annotations

import logging

import pytest
from conftest import log_text

from erbsim.ui.logging_setup import set_up_logging


@pytest.fixture
def log_file(tmp_path):
    logs = set_up_logging(tmp_path / "logs")
    yield logs
    logs.close()


@pytest.fixture
def client(tmp_path, bridge):
    from erbsim.ui.store_client import StoreClient

    client = StoreClient(tmp_path / "data", bridge)
    client.opened.result(20)
    yield client
    client.close()


def test_a_failure_nobody_handles_is_logged_and_told_in_one_sentence(qtbot, client, bridge, log_file):
    with qtbot.waitSignal(bridge.failure_message, timeout=10_000) as told:
        client.submit(lambda store: store.get_session(424242), what="Opening the session summary")
    assert told.args == ["Opening the session summary failed: no session with id 424242 (details in erbsim.log)."]
    text = log_text(log_file)
    assert "ERROR MainThread erbsim.ui.bridge: Opening the session summary failed" in text
    assert "Traceback (most recent call last)" in text and "SessionNotFound: no session with id 424242" in text


def test_work_whose_result_nobody_waits_for_still_reports_its_failure(qtbot, client, bridge, log_file):
    """A fire-and-forget write (as heartbeats are) that fails on the database itself."""
    def write_into_a_missing_table(store) -> None:
        store.db.execute("insert into no_such_table values (1)")

    with qtbot.waitSignal(bridge.failure_message, timeout=10_000) as told:
        client.submit(write_into_a_missing_table, what="Saving the heartbeat")
    assert told.args[0].startswith("Saving the heartbeat failed: no such table: no_such_table")
    assert "sqlite3.OperationalError: no such table: no_such_table" in log_text(log_file)


def test_a_callers_own_failure_handler_replaces_the_default(qtbot, client, bridge, log_file):
    handled: list[BaseException] = []
    with qtbot.assertNotEmitted(bridge.failure_message, wait=200):
        client.submit(lambda store: store.get_session(424242), on_failure=handled.append)
        qtbot.waitUntil(lambda: bool(handled), timeout=10_000)
    assert type(handled[0]).__name__ == "SessionNotFound"
    assert "424242" not in log_text(log_file)  # logging is the handler's business now


def test_a_corrupted_database_goes_to_the_way_out_and_says_why(qtbot, tmp_path, bridge, log_file):
    from erbsim.ui.store_client import StoreClient

    data = tmp_path / "data"
    data.mkdir()
    (data / "erbsim.db").write_bytes(b"this is not an SQLite database" * 200)
    messages: list[str] = []
    bridge.failure_message.connect(messages.append)
    client = StoreClient(data, bridge)
    unusable: list[BaseException] = []
    client.when_unusable(unusable.append)
    try:
        failed: list[BaseException] = []
        client.submit(lambda store: store.list_sessions(), on_failure=failed.append)
        qtbot.waitUntil(lambda: bool(failed) and bool(unusable), timeout=10_000)
    finally:
        client.close()
    reason = f"the database {data / 'erbsim.db'} is damaged: it is not an SQLite database any more"
    assert [str(e) for e in unusable] == [reason] and client.open_problem is unusable[0]
    assert messages == []  # the way-out dialog says it, not the status bar
    # later work fails with the reason, not only with "could not be opened"
    assert str(failed[0]) == f"the database could not be opened: {reason}"
    assert f"the database cannot be used: {reason}" in log_text(log_file)


def test_without_a_bridge_failures_are_logged_on_the_store_thread(tmp_path, caplog):
    from erbsim.ui.store_client import StoreClient

    client = StoreClient(tmp_path / "data")
    try:
        with caplog.at_level(logging.ERROR, logger="erbsim.ui.store_client"):
            future = client.submit(lambda store: store.get_session(424242), what="Reading a session")
            with pytest.raises(KeyError, match="no session with id 424242"):  # SessionNotFound
                future.result(10)
            client.wait_until_idle()
        with pytest.raises(ValueError, match="FutureBridge"):
            client.submit(lambda store: None, on_success=print)
    finally:
        client.close()
    (record,) = caplog.records
    assert record.getMessage() == "Reading a session failed"
    assert record.exc_info[0].__name__ == "SessionNotFound"
