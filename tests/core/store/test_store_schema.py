"""The schema and its migrations: old databases are brought up to date, newer ones refused."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database
from store_fixtures import T0, StepClock, words_for

from erbsim.core.store import SCHEMA_VERSION, SchemaError, Store
from erbsim.core.store import schema as store_schema


def v1_database(path) -> None:
    """A database as erbsim with schema v1 left it, with data in it."""
    with Store(path, migrate_to=1, clock=StepClock()) as s:
        assert s.schema_version == 1
        assert "search_index" not in s.db.table_names()
        sid = s.create_session(track="principal", started_at=T0)
        turn = s.add_turn(sid, question_text="Engineering problem or market problem?", question_id="strategy-009",
                          seat="tech_fellow", asked_at_s=1.0)
        answer = "We rebuilt the fulfilment routing engine to cut latency"
        s.update_turn(turn, transcript_text=answer, words=json.loads(json.dumps(words_for(answer))),
                      engine="faster-whisper", model="small")
        s.rate(turn, "strategic_autonomy", 2)
        s.add_note(sid, "sounded like execution, not a decision", turn_id=turn)
        s.add_vote(sid, "cpo", "fail", voter="Helen")


def test_migrate_from_an_empty_database(tmp_path):
    path = tmp_path / "erbsim.db"
    sqlite3.connect(path).close()  # an empty file
    db = Database(path)
    assert store_schema.schema_version(db) == 0
    assert store_schema.migrate(db) == [v for v, _, _ in store_schema.MIGRATIONS]
    assert store_schema.migrate(db) == []
    db.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.list_sessions() == []


def test_migrate_from_v1_keeps_data_and_indexes_it(tmp_path):
    path = tmp_path / "erbsim.db"
    v1_database(path)
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        (summary,) = s.list_sessions()
        detail = s.get_session(summary.id)
        turn = detail.turns[0]
        assert turn.transcript_text == "We rebuilt the fulfilment routing engine to cut latency"
        assert turn.corrected_text is None and turn.ratings[0].score == 2
        assert detail.notes[0].text == "sounded like execution, not a decision"
        assert detail.votes[0].vote == "fail"
        hits = s.search("fulfilment routing")
        assert [(h.turn_id, h.field) for h in hits] == [(turn.id, "transcript")]
        assert hits[0].time_s == pytest.approx(words_for("x x x fulfilment")[3]["start"])
        assert s.search("execution, not a decision")[0].field == "note"
        s.set_correction(turn.id, "We rebuilt the fulfilment routing engine so three units could share it")
        assert s.search("three units")[0].field == "correction"
    assert (tmp_path / "erbsim.db.pre-upgrade.bak").exists()
    backup = Database(tmp_path / "erbsim.db.pre-upgrade.bak")
    assert store_schema.schema_version(backup) == 1
    backup.close()


def test_a_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "erbsim.db"
    v1_database(path)

    def broken_v2(db):
        db.execute("ALTER TABLE turns ADD COLUMN corrected_text TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_schema, "MIGRATIONS",
                        (store_schema.MIGRATIONS[0], (2, "broken", broken_v2)))
    db = Database(path)
    with pytest.raises(RuntimeError):
        store_schema.migrate(db, 2)
    assert store_schema.schema_version(db) == 1
    assert "corrected_text" not in db["turns"].columns_dict
    db.close()


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "erbsim.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="newer erbsim"):
        Store(path)


def test_migrations_are_numbered_in_order():
    versions = [v for v, _, _ in store_schema.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


def test_migrate_from_v2_adds_the_board_clock_and_heartbeats_save_it(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, migrate_to=2, clock=StepClock()) as s:
        assert "board_elapsed_s" not in s.db["sessions"].columns_dict
        sid = s.create_session(track="staff", started_at=T0)
        s.heartbeat(sid)
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 3
        assert s.get_session(sid).session.board_elapsed_s is None  # old rows: unknown
        s.heartbeat(sid, board_elapsed_s=754.5)
        s.heartbeat(sid)  # a beat without the clock keeps the last value
        assert s.get_session(sid).session.board_elapsed_s == 754.5


def test_migrate_from_v3_keeps_old_sessions_and_stores_each_soft_limit(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, migrate_to=3, clock=StepClock()) as s:
        assert "soft_limit_s" not in s.db["sessions"].columns_dict
        old = s.create_session(track="staff", started_at=T0)
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 4
        assert s.get_session(old).session.soft_limit_s is None  # rehearsed before v4: unknown
        new = s.create_session(track="principal", started_at=T0, soft_limit_s=120)
        assert s.get_session(new).session.soft_limit_s == 120.0
