"""Opening the store: the file, its settings, and who may use it when."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from store_fixtures import ANSWER, record_session

from erbsim.core.store import SCHEMA_VERSION, Store


def test_new_file_is_wal_with_foreign_keys_and_latest_schema(tmp_path):
    with Store(tmp_path / "erbsim.db") as s:
        assert s.schema_version == SCHEMA_VERSION >= 2
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert {"sessions", "turns", "ratings", "notes", "votes", "search_index"} <= set(s.db.table_names())


def test_default_location_is_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ERBSIM_HOME", str(tmp_path / "home"))
    with Store() as s:
        assert s.path == tmp_path / "home" / "erbsim.db"
        assert s.data_root == tmp_path / "home"


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path) as s:
        sid, _ = record_session(s)
    with Store(path) as s:
        assert s.get_session(sid).turns[0].transcript_text == ANSWER
        assert s.search("privacy first")[0].session_id == sid


def test_a_failed_write_leaves_nothing_behind(store):
    sid = store.create_session()
    store.add_turn(sid, question_text="first", position=1)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_turn(sid, question_text="duplicate position", position=1)
    assert [t.question_text for t in store.get_turns(sid)] == ["first"]
    assert store.search("duplicate") == []


# ---------------------------------------------------------------- threads and processes


def test_store_can_be_handed_to_a_worker_thread(tmp_path):
    store = Store(tmp_path / "erbsim.db")
    result = {}

    def work():
        sid = store.create_session()
        result["turns"] = store.add_turn(sid, question_text="from the worker")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert store.get_turn(result["turns"]).question_text == "from the worker"
    store.close()


def test_a_second_connection_reads_while_one_writes(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path) as writer, Store(path) as reader:
        sid = writer.create_session()
        writer.add_turn(sid, question_text="q")
        with writer.db.atomic():
            writer.add_turn(sid, question_text="uncommitted")
            assert reader.summary(sid).question_count == 1
        assert reader.summary(sid).question_count == 2


def test_a_transaction_keeps_all_of_its_writes_or_none(store):
    sid = store.create_session()
    with pytest.raises(ValueError):
        with store.transaction():
            turn = store.add_turn(sid, question_text="Written only with its rating")
            store.rate(turn, "strategic_autonomy", 9)
    assert store.get_turns(sid) == []
    with store.transaction() as same:
        assert same is store
        turn = store.add_turn(sid, question_text="Written with its rating")
        store.rate(turn, "strategic_autonomy", 4)
    assert [[r.score for r in t.ratings] for t in store.get_turns(sid)] == [[4]]
