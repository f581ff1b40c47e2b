"""A database that cannot be used is recognised before anything writes to it, and
backups are made, checked, pruned and put back (real files in tmp_path)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from broken_databases import CASES, a_database_with_a_session, digest, make_garbage

from erbsim.core.store import (
    DatabaseUnusable,
    DataFolderReadOnly,
    Store,
    health,
    list_backups,
    restore_backup,
    set_aside,
)


@pytest.mark.parametrize("kind", CASES)
def test_an_unusable_database_is_refused_and_left_as_it_is(tmp_path, kind):
    make, words = CASES[kind]
    path = tmp_path / "erbsim.db"
    make(path)
    before = digest(path)
    with pytest.raises(DatabaseUnusable) as refused:
        Store(data_root=tmp_path)
    assert refused.value.kind == kind
    assert words in str(refused.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["erbsim.db"]  # no -wal, no new database beside it


def test_a_healthy_database_opens_and_keeps_its_sessions(tmp_path):
    sid = a_database_with_a_session(tmp_path)
    with Store(data_root=tmp_path) as store:
        assert store.get_session(sid).session.candidate == "Mei"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder; a read-only mount "
                                               "is tested in tests/cli/test_storage_cli.py")
def test_a_read_only_folder_is_named(tmp_path):
    folder = tmp_path / "data"
    a_database_with_a_session(folder)
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFolderReadOnly, match=f"the data folder {folder} is read-only"):
            Store(data_root=folder)
    finally:
        folder.chmod(0o700)


class Days:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_one_daily_backup_a_day_and_the_last_seven_kept(tmp_path):
    clock = Days(datetime(2026, 3, 1, 9, tzinfo=UTC))
    made = []
    for day in range(10):
        with Store(data_root=tmp_path, clock=clock) as store:
            store.create_session(candidate=f"day {day}")
            made.append(store.daily_backup())
            assert store.daily_backup() is None  # once a day
        clock.now += timedelta(days=1)
    assert all(path is not None for path in made)
    kept = list_backups(tmp_path)
    assert [b.path.name for b in kept] == [f"erbsim-2026-03-{d:02d}.db" for d in range(10, 3, -1)]
    with Store(kept[0].path, data_root=tmp_path) as newest:  # a real, complete copy
        assert [s.candidate for s in newest.list_sessions(limit=20)][0] == "day 9"
        assert len(newest.list_sessions(limit=20)) == 10


def test_a_failed_backup_check_deletes_nothing_older(tmp_path, monkeypatch):
    clock = Days(datetime(2026, 3, 1, 9, tzinfo=UTC))
    for _ in range(7):
        with Store(data_root=tmp_path, clock=clock) as store:
            store.daily_backup()
        clock.now += timedelta(days=1)
    names = [b.path.name for b in list_backups(tmp_path)]
    with Store(data_root=tmp_path, clock=clock) as store:
        monkeypatch.setattr(health, "integrity", lambda conn: "page 3 is never used")
        with pytest.raises(Exception, match="failed its check"):
            store.daily_backup()
        monkeypatch.undo()
    assert [b.path.name for b in list_backups(tmp_path)] == names
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_restore_puts_a_backup_back_and_keeps_the_broken_file(tmp_path):
    a_database_with_a_session(tmp_path, "Before")
    with Store(data_root=tmp_path) as store:
        store.backup(tmp_path / "backups" / "erbsim-2026-03-01.db")
    database = tmp_path / "erbsim.db"
    make_garbage(database)
    broken = digest(database)
    aside = restore_backup(database, tmp_path / "backups" / "erbsim-2026-03-01.db", datetime(2026, 3, 2, 8))
    assert aside.name == "erbsim.db.broken-2026-03-02-080000"
    assert digest(aside) == broken
    with Store(data_root=tmp_path) as store:
        assert [s.candidate for s in store.list_sessions()] == ["Before"]


def test_setting_aside_moves_the_wal_with_the_file(tmp_path):
    a_database_with_a_session(tmp_path)
    database = tmp_path / "erbsim.db"
    (tmp_path / "erbsim.db-wal").write_bytes(b"old log")
    aside = set_aside(database, "broken", datetime(2026, 3, 2, 8))
    assert not database.exists() and not (tmp_path / "erbsim.db-wal").exists()
    assert (tmp_path / "erbsim.db.broken-2026-03-02-080000-wal").read_bytes() == b"old log"
    with Store(data_root=tmp_path) as fresh:
        assert fresh.list_sessions() == []
    assert aside.exists()
