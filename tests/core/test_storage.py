"""Storage against a real SQLite file in tmp_path."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from erbsim.core import storage_schema
from erbsim.core.storage import (HIGHLIGHT_END, HIGHLIGHT_START, SCHEMA_VERSION, SchemaError, SessionNotFound,
                                 StorageError, Store, TurnNotFound, snippet_html, snippet_parts, tally_votes)

T0 = datetime(2026, 8, 14, 9, 30, tzinfo=timezone.utc)

ANSWER = ("Eight months before the new data personalisation rules took effect I saw the risk "
          "and built a privacy first recommendation layer on my own initiative")


def words_for(text: str, start: float = 0.5, step: float = 0.4) -> list[dict]:
    return [{"text": " " + w, "start": round(start + i * step, 3), "end": round(start + i * step + 0.3, 3),
             "probability": 0.9} for i, w in enumerate(text.split())]


class StepClock:
    """Each reading is one second after the previous one."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        yield s


def record_session(store: Store, *, track="staff", mode="solo", started_at=T0, answer=ANSWER,
                   question_id="strategy-001", minutes=40) -> tuple[int, list[int]]:
    sid = store.create_session(mode=mode, track=track, seed=7, banks=["default"], candidate="Mei",
                               mentor="Helen" if mode == "panel" else None, started_at=started_at)
    audio, absolute = store.new_recording_path(sid)
    absolute.write_bytes(b"RIFF....WAVE")
    t1 = store.add_turn(sid, question_text="Who asked you to do this?", question_id=question_id,
                        seat="cpo", category="strategy", dimension="strategic_autonomy", asked_at_s=2.0)
    store.update_turn(t1, answer_started_s=5.0, answer_ended_s=95.0, audio_path=audio, audio_offset_s=0.0)
    store.set_transcript(t1, answer, words_for(answer), engine="faster-whisper", model="small.en")
    t2 = store.add_turn(sid, question_text="Who else uses it?", question_id="replication-002", seat="peer_exec",
                        category="replication", dimension="cross_bu_impact", is_follow_up=True,
                        parent_turn_id=t1, asked_at_s=100.0)
    store.update_turn(t2, answer_started_s=103.0, answer_ended_s=160.0, audio_path=audio, audio_offset_s=98.0)
    store.set_transcript(t2, "Three business units adopted it and it is now the standard",
                         words_for("Three business units adopted it and it is now the standard", start=1.0))
    store.rate(t1, "strategic_autonomy", 4)
    store.rate(t1, "cross_bu_impact", 2)
    store.rate(t2, "cross_bu_impact", 3)
    if mode == "panel":
        store.rate(t1, "strategic_autonomy", 5, rater="Helen")
    store.add_note(sid, "Name the pilot business unit next time", turn_id=t1)
    store.add_note(sid, "Overall too much execution language")
    store.finish_session(sid, "finished", ended_at=started_at + timedelta(minutes=minutes))
    return sid, [t1, t2]


# ---------------------------------------------------------------- basics


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


def test_round_trip_of_a_whole_session(store):
    sid, (t1, t2) = record_session(store, mode="panel")
    store.set_correction(t2, "Three business units adopted it; it is now the standard.")
    for seat, vote in zip(("cpo", "peer_exec", "tech_fellow", "gm", "talent_lead"),
                          ("pass", "pass", "fail", "pass", "pass")):
        store.add_vote(sid, seat, vote, voter="Helen", rationale=f"{seat} rationale")

    detail = store.get_session(sid)
    s = detail.session
    assert (s.mode, s.track, s.seed, s.banks, s.candidate, s.mentor, s.status) == (
        "panel", "staff", 7, ["default"], "Mei", "Helen", "finished")
    assert s.started_at == "2026-08-14T09:30:00.000Z"
    assert s.ended_at == "2026-08-14T10:10:00.000Z"
    assert len(s.seats) == 5
    first, second = detail.turns
    assert (first.id, first.position, first.seat, first.question_id, first.is_follow_up) == (
        t1, 1, "cpo", "strategy-001", False)
    assert (second.position, second.is_follow_up, second.parent_turn_id, second.audio_offset_s) == (
        2, True, t1, 98.0)
    assert first.transcript_text == ANSWER and first.words == words_for(ANSWER)
    assert (first.engine, first.model, first.answer_duration_s) == ("faster-whisper", "small.en", 90.0)
    assert first.corrected_text is None and first.text == ANSWER
    assert second.transcript_text.startswith("Three business units adopted it and")  # machine text kept
    assert second.text == "Three business units adopted it; it is now the standard." and second.corrected_at
    assert {(r.dimension, r.score, r.rater) for r in first.ratings} == {
        ("strategic_autonomy", 4, "self"), ("cross_bu_impact", 2, "self"), ("strategic_autonomy", 5, "Helen")}
    assert [n.text for n in detail.notes] == ["Name the pilot business unit next time",
                                              "Overall too much execution language"]
    assert detail.notes[0].turn_id == t1 and detail.notes[1].turn_id is None
    assert [v.seat for v in detail.votes] == ["cpo", "peer_exec", "tech_fellow", "gm", "talent_lead"]
    assert detail.outcome.passes == 4 and detail.outcome.approved is True
    summary = detail.summary
    assert summary.duration_s == pytest.approx(2400, abs=0.01)
    assert (summary.question_count, summary.follow_up_count) == (2, 1)
    assert summary.avg_self == pytest.approx(3.0) and summary.avg_mentor == pytest.approx(5.0)

    store.set_correction(t2, None)
    assert store.get_turn(t2).corrected_text is None and store.get_turn(t2).corrected_at is None


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path) as s:
        sid, _ = record_session(s)
    with Store(path) as s:
        assert s.get_session(sid).turns[0].transcript_text == ANSWER
        assert s.search("privacy first")[0].session_id == sid


def test_rating_again_replaces_and_bad_scores_are_refused(store):
    sid, (t1, _) = record_session(store)
    store.rate(t1, "strategic_autonomy", 1)
    assert [r.score for r in store.get_turn(t1).ratings if r.dimension == "strategic_autonomy"] == [1]
    for bad in (0, 6, 2.5, True, "3"):
        with pytest.raises(ValueError):
            store.rate(t1, "strategic_autonomy", bad)
    with pytest.raises(TurnNotFound):
        store.rate(9999, "strategic_autonomy", 3)
    store.unrate(t1, "strategic_autonomy")
    assert "strategic_autonomy" not in {r.dimension for r in store.get_turn(t1).ratings}


def test_votes_replace_per_seat_and_are_validated(store):
    sid, _ = record_session(store)
    store.add_vote(sid, "gm", "fail")
    store.add_vote(sid, "gm", "pass", voter="Rita", rationale="convinced by the adoption numbers")
    votes = store.get_session(sid).votes
    assert [(v.seat, v.vote, v.voter) for v in votes] == [("gm", "pass", "Rita")]
    with pytest.raises(ValueError):
        store.add_vote(sid, "ceo", "pass")
    with pytest.raises(ValueError):
        store.add_vote(sid, "gm", "maybe")
    assert tally_votes(votes).approved is None


def test_validation_and_unknown_ids(store):
    with pytest.raises(ValueError):
        store.create_session(mode="duo")
    with pytest.raises(ValueError):
        store.create_session(track="manager")
    sid = store.create_session()
    with pytest.raises(ValueError):
        store.update_turn(store.add_turn(sid, question_text="q"), colour="red")
    with pytest.raises(SessionNotFound):
        store.add_turn(12345, question_text="q")
    with pytest.raises(SessionNotFound):
        store.get_session(12345)
    with pytest.raises(TurnNotFound):
        store.update_turn(12345, answer_ended_s=1.0)
    other = store.create_session()
    foreign_turn = store.add_turn(other, question_text="q")
    with pytest.raises(ValueError):
        store.add_note(sid, "wrong session", turn_id=foreign_turn)


def test_a_failed_write_leaves_nothing_behind(store):
    sid = store.create_session()
    store.add_turn(sid, question_text="first", position=1)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_turn(sid, question_text="duplicate position", position=1)
    assert [t.question_text for t in store.get_turns(sid)] == ["first"]
    assert store.search("duplicate") == []


# ---------------------------------------------------------------- listing


def test_list_sessions_order_filters_and_aggregates(store):
    a, _ = record_session(store, track="staff", started_at=T0, minutes=30)
    b, _ = record_session(store, track="principal", mode="panel", started_at=T0 + timedelta(days=1), minutes=45)
    c = store.create_session(track="staff", started_at=T0 + timedelta(days=2))
    rows = store.list_sessions()
    assert [r.id for r in rows] == [c, b, a]
    assert rows[0].question_count == 0 and rows[0].avg_self is None and rows[0].status == "running"
    assert rows[1].avg_mentor == pytest.approx(5.0) and rows[2].avg_mentor is None
    assert rows[2].duration_s == pytest.approx(1800, abs=0.01)
    assert [r.id for r in store.list_sessions(order="oldest")] == [a, b, c]
    assert [r.id for r in store.list_sessions(order="longest")][:2] == [b, a]
    assert [r.id for r in store.list_sessions(track="principal")] == [b]
    assert [r.id for r in store.list_sessions(mode="solo", status="finished")] == [a]
    assert [r.id for r in store.list_sessions(limit=1, offset=1)] == [b]
    assert [r.id for r in store.list_sessions(since=T0 + timedelta(hours=12))] == [c, b]
    assert store.count_sessions(track="staff") == 2
    with pytest.raises(ValueError):
        store.list_sessions(order="id; DROP TABLE sessions")


def test_empty_database_lists_nothing(store):
    assert store.list_sessions() == []
    assert store.search("anything") == []
    assert store.question_scores() == {}
    assert store.attempts_for_question("strategy-001") == []


def test_attempts_and_question_scores(store):
    first, _ = record_session(store, started_at=T0)
    second, _ = record_session(store, started_at=T0 + timedelta(days=7), answer="A shorter second attempt")
    attempts = store.attempts_for_question("strategy-001")
    assert [(a.session_id, a.turn.text) for a in attempts] == [(first, ANSWER), (second, "A shorter second attempt")]
    assert attempts[0].started_at < attempts[1].started_at and attempts[0].turn.ratings
    scores = store.question_scores()
    assert scores["strategy-001"] == pytest.approx(3.0)  # (4 + 2) per session, both sessions
    assert scores["replication-002"] == pytest.approx(3.0)
    store.rate(attempts[1].turn.id, "cross_bu_impact", 1)
    assert store.question_scores()["strategy-001"] == pytest.approx((4 + 2 + 4 + 1) / 4)


# ---------------------------------------------------------------- search


def test_search_finds_a_phrase_from_a_transcript_with_the_time_of_the_word(store):
    sid, (t1, _) = record_session(store)
    hits = store.search("privacy first recommendation")
    assert [(h.session_id, h.turn_id, h.field) for h in hits] == [(sid, t1, "transcript")]
    hit = hits[0]
    assert f"{HIGHLIGHT_START}privacy" in hit.snippet and HIGHLIGHT_END in hit.snippet
    index = ANSWER.split().index("privacy")
    assert hit.time_s == pytest.approx(words_for(ANSWER)[index]["start"])
    assert hit.position == 1 and hit.question_text == "Who asked you to do this?"
    assert ("privacy", True) in [(t.strip(), h) for t, h in snippet_parts(hit.snippet)]
    assert "<b>privacy</b>" in snippet_html(hit.snippet)
    # a quoted phrase, any case
    assert [h.turn_id for h in store.search('"PRIVACY FIRST"')] == [t1]
    # words in the wrong order are still all required, but not as a phrase
    assert store.search('"first privacy"') == []


def test_search_finds_notes_and_corrections(store):
    sid, (t1, t2) = record_session(store)
    note_hits = store.search("pilot business unit")
    assert [(h.field, h.turn_id, h.session_id) for h in note_hits] == [("note", t1, sid)]
    assert store.search("execution language")[0].turn_id is None
    store.set_correction(t2, "Three business units and the Cainiao logistics team adopted it")
    hits = store.search("Cainiao logistics")
    assert [(h.field, h.turn_id) for h in hits] == [("correction", t2)]
    # the machine transcript is still searchable, and a correction's hit gets a
    # time when its words are also in the machine transcript
    assert {h.field for h in store.search("business units adopted")} == {"transcript", "correction"}
    assert all(h.time_s == pytest.approx(1.0) for h in store.search("Three business"))
    store.set_correction(t2, None)
    assert store.search("Cainiao logistics") == []


def test_search_index_follows_edits_and_deletes(store):
    sid, (t1, _) = record_session(store)
    store.set_transcript(t1, "Completely different words now", None)
    assert store.search("privacy first") == []
    assert store.search("completely different")[0].time_s is None  # no word timings
    note = store.add_note(sid, "temporary remark")
    store.update_note(note, "permanent remark")
    assert store.search("temporary") == [] and store.search("permanent")[0].note_id == note
    store.delete_note(note)
    assert store.search("permanent") == []
    store.delete_session(sid)
    assert store.search("completely") == [] and store.search("pilot") == []
    assert store.db.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0


def test_search_chinese_and_short_terms(store):
    sid = store.create_session(lang="zh")
    turn = store.add_turn(sid, question_text="谁让你做的？")
    store.set_transcript(turn, "我在新规生效前八个月看到了风险，主动搭建了隐私优先的推荐层。", None)
    assert [h.turn_id for h in store.search("隐私优先")] == [turn]
    assert [h.turn_id for h in store.search("风险")] == [turn]  # two characters: scanned, still found
    assert HIGHLIGHT_START + "风险" + HIGHLIGHT_END in store.search("风险")[0].snippet
    record_session(store)
    assert [h.field for h in store.search("I saw")] == ["transcript"]
    assert store.search("xyzzy") == []


HOSTILE = ['"', '""', "'", 'privacy"', '"privacy', "AND", "OR NOT", "NEAR(privacy first, 2)", "privacy*",
           "*", "^privacy", "body:privacy", "kind:note", "(", ")", "-privacy", "+", "a OR b AND NOT c",
           "'; DROP TABLE sessions; --", "\\", "%", "_", "\x00", "\ud800", "privacy\x02\x03", "   ", "",
           "{privacy first}", "privacy NEAR/3 first", "\"\"\"privacy\"\"\""]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_do_not_raise(store, query):
    record_session(store)
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.list_sessions()  # the database is intact


def test_operators_are_searched_as_plain_words(store):
    sid = store.create_session()
    turn = store.add_turn(sid, question_text="q")
    store.set_transcript(turn, 'We chose speed OR safety, not both; the "NEAR term" plan won', None)
    assert [h.turn_id for h in store.search("speed OR safety")] == [turn]
    assert [h.turn_id for h in store.search('"NEAR term"')] == [turn]
    assert store.search("privacy*") == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query(store, query):
    if not store.list_sessions():
        record_session(store)
    assert isinstance(store.search(query, limit=5), list)


# ---------------------------------------------------------------- interrupted sessions


def test_running_session_of_a_dead_process_is_marked_interrupted(tmp_path):
    path = tmp_path / "erbsim.db"
    crashed = Store(path, pid=424242, clock=StepClock())
    sid = crashed.create_session()
    turn = crashed.add_turn(sid, question_text="Who asked you to do this?")
    crashed.heartbeat(sid)
    crashed.db.conn.close()  # the process dies without finishing

    alive = {424242: False}
    with Store(path, is_alive=lambda pid, started: alive.get(pid, True)) as s:
        assert s.interrupted_sessions() == []
        recovered = s.recover_interrupted()
        assert [r.id for r in recovered] == [sid]
        assert recovered[0].status == "interrupted" and recovered[0].ended_at is not None
        assert [r.id for r in s.interrupted_sessions()] == [sid]
        assert s.recover_interrupted() == []  # only once
        turns = s.resume_session(sid)
        assert [t.id for t in turns] == [turn]
        assert s.summary(sid).status == "running" and s.summary(sid).ended_at is None
        assert s.recover_interrupted() == []  # now owned by this live process
        with pytest.raises(StorageError):
            s.resume_session(sid)
        s.finish_session(sid, "abandoned")
        assert s.summary(sid).status == "abandoned"


def test_session_of_a_live_process_is_left_running(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, pid=31337) as other, Store(path, is_alive=lambda pid, started: True) as s:
        sid = other.create_session()
        assert s.recover_interrupted() == []
        assert s.summary(sid).status == "running"


def test_crash_of_a_real_process_is_detected(tmp_path):
    path = tmp_path / "erbsim.db"
    code = ("import os, sys\nfrom erbsim.core.storage import Store\n"
            "s = Store(sys.argv[1])\nsid = s.create_session()\n"
            "s.add_turn(sid, question_text='Who else uses it?')\nprint(sid, flush=True)\nos._exit(9)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    sid = int(done.stdout.split()[0])
    with Store(path) as s:  # the real liveness check (psutil)
        assert [r.id for r in s.recover_interrupted()] == [sid]
        assert [t.question_text for t in s.resume_session(sid)] == ["Who else uses it?"]


# ---------------------------------------------------------------- delete


def test_delete_removes_the_session_and_its_audio(store, tmp_path):
    keep, _ = record_session(store)
    gone, _ = record_session(store)
    audio = store.audio_file(store.get_turns(gone)[0].audio_path)
    kept_audio = store.audio_file(store.get_turns(keep)[0].audio_path)
    assert audio.exists() and audio.is_relative_to(tmp_path)
    removed = store.delete_session(gone)
    assert removed == [audio.resolve()]
    assert not audio.exists() and not audio.parent.exists()
    assert kept_audio.exists()
    with pytest.raises(SessionNotFound):
        store.get_session(gone)
    for table in ("turns", "notes", "votes"):
        assert store.db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", [gone]).fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM ratings").fetchone()[0] == 3
    with pytest.raises(SessionNotFound):
        store.delete_session(gone)


def test_delete_never_touches_files_outside_the_data_folder(store, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.wav"
    outside.write_bytes(b"x")
    try:
        sid = store.create_session()
        turn = store.add_turn(sid, question_text="q")
        store.update_turn(turn, audio_path=f"../{outside.name}")
        assert store.delete_session(sid) == []
        assert outside.exists()
    finally:
        outside.unlink()


# ---------------------------------------------------------------- migrations


def v1_database(path) -> None:
    """A database as erbsim with schema v1 left it, with data in it."""
    with Store(path, migrate_to=1, clock=StepClock()) as s:
        assert s.schema_version == 1
        assert "search_index" not in s.db.table_names()
        sid = s.create_session(track="principal", started_at=T0)
        turn = s.add_turn(sid, question_text="Engineering problem or market problem?", question_id="strategy-009",
                          seat="tech_fellow", asked_at_s=1.0)
        s.update_turn(turn, transcript_text="We rebuilt the fulfilment routing engine to cut latency",
                      words=json.loads(json.dumps(words_for("We rebuilt the fulfilment routing engine to cut latency"))),
                      engine="faster-whisper", model="small")
        s.rate(turn, "strategic_autonomy", 2)
        s.add_note(sid, "sounded like execution, not a decision", turn_id=turn)
        s.add_vote(sid, "cpo", "fail", voter="Helen")


def test_migrate_from_an_empty_database(tmp_path):
    path = tmp_path / "erbsim.db"
    sqlite3.connect(path).close()  # an empty file
    db = Database(path)
    assert storage_schema.schema_version(db) == 0
    assert storage_schema.migrate(db) == [v for v, _, _ in storage_schema.MIGRATIONS]
    assert storage_schema.migrate(db) == []
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
    assert storage_schema.schema_version(backup) == 1
    backup.close()


def test_a_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "erbsim.db"
    v1_database(path)

    def broken_v2(db):
        db.execute("ALTER TABLE turns ADD COLUMN corrected_text TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setattr(storage_schema, "MIGRATIONS",
                        (storage_schema.MIGRATIONS[0], (2, "broken", broken_v2)))
    db = Database(path)
    with pytest.raises(RuntimeError):
        storage_schema.migrate(db, 2)
    assert storage_schema.schema_version(db) == 1
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
    versions = [v for v, _, _ in storage_schema.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


def test_rebuild_search_index(store):
    sid, (t1, _) = record_session(store)
    store.db.execute("DELETE FROM search_index")
    assert store.search("privacy first") == []
    store.rebuild_search_index()
    assert store.search("privacy first")[0].turn_id == t1


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


def test_word_timings_are_stored_compactly_and_read_back_as_dicts(store):
    from erbsim.core.storage import decode_words, encode_words

    words = [{"text": " Eight", "start": 1.23456, "end": 1.5, "probability": 0.98765},
             {"text": " months", "start": 1.5, "end": None}]
    stored = encode_words(words)
    assert stored == '[[" Eight",1.235,1.5,0.988],[" months",1.5,null,null]]'
    assert decode_words(stored) == [{"text": " Eight", "start": 1.235, "end": 1.5, "probability": 0.988},
                                    {"text": " months", "start": 1.5, "end": None, "probability": None}]
    assert decode_words('[{"text": "old", "start": 0.1}]') == [{"text": "old", "start": 0.1}]
    assert decode_words(None) is None


def test_short_term_with_indexed_term_ranks_then_checks_word_edges(store):
    """The quick path for "GM asked": rank by the long term, keep rows where the
    short one is a whole word; falls back to the full query when rare."""
    sid = store.create_session()
    with_word = []
    for i in range(30):
        t = store.add_turn(sid, question_text=f"Q{i}")
        store.set_transcript(t, f"The GM asked us for feature {i}." if i % 3 == 0 else
                             f"The gmail team asked about feature {i}.", None)
        if i % 3 == 0:
            with_word.append(t)
    assert sorted(h.turn_id for h in store.search("GM asked", limit=50)) == with_word
    assert len(store.search("GM asked", limit=3)) == 3
    assert all(h.turn_id in with_word for h in store.search("asked gm", limit=3))
    assert store.search("asked zz") == []
    assert [h.turn_id for h in store.search("GM asked", session_id=sid + 1)] == []


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
