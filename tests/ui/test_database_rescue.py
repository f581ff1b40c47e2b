"""The app at start with a database it cannot use: it says what is wrong, never shows an
empty history, changes nothing, and offers a way out (open a backup, start fresh with
the old file kept, quit). Also: the daily backup, and a read-only data folder. Real
window (offscreen), real files in the data folder."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime

import pytest
from broken_databases import CASES, a_database_with_a_session, digest, make_garbage

from erbsim.core.store import Store
from erbsim.ui.database_rescue import DatabaseRescueDialog
from erbsim.ui.home_view import NO_SESSIONS_YET


def rescue_dialog(qtbot, window) -> DatabaseRescueDialog:
    qtbot.waitUntil(lambda: isinstance(window.rescue, DatabaseRescueDialog) and window.rescue.isVisible(),
                    timeout=10_000)
    return window.rescue


@pytest.mark.parametrize("kind", CASES)
def test_an_unusable_database_opens_the_way_out_and_changes_nothing(qtbot, open_window, data_home, kind):
    make, words = CASES[kind]
    data_home.mkdir(parents=True)
    make(data_home / "erbsim.db")
    before = digest(data_home / "erbsim.db")
    window = open_window()
    dialog = rescue_dialog(qtbot, window)
    assert words in dialog.message.text() and dialog.message.text().endswith("Nothing was changed.")
    assert [dialog.open_button.text(), dialog.quit_button.text()] == ["Open a backup", "Quit"]
    assert dialog.fresh_button.text() == (
        f"Start fresh (the old file is kept as erbsim.db.broken-{datetime.now():%Y-%m-%d})")
    home = window.home
    assert home.recent_empty.text().startswith("Your sessions cannot be shown: ")
    assert words in home.recent_empty.text() and NO_SESSIONS_YET not in home.recent_empty.text()
    window.services.store.wait_until_idle()
    assert digest(data_home / "erbsim.db") == before
    assert not (data_home / "backups").exists()  # no backup of a file that is not a database


def test_start_fresh_keeps_the_old_file_aside(qtbot, open_window, data_home):
    data_home.mkdir(parents=True)
    make_garbage(data_home / "erbsim.db")
    broken = digest(data_home / "erbsim.db")
    window = open_window()
    dialog = rescue_dialog(qtbot, window)
    dialog.fresh_button.click()
    qtbot.waitUntil(lambda: window.home.recent_empty.text() == NO_SESSIONS_YET, timeout=10_000)
    (aside,) = data_home.glob("erbsim.db.broken-*")
    assert digest(aside) == broken
    assert window.statusBar().currentMessage() == f"Started a new database; the old file is kept as {aside.name}."
    window.services.store.wait_until_idle()
    with Store(data_root=data_home) as store:
        assert store.list_sessions() == []


def test_open_a_backup_brings_the_sessions_back(qtbot, open_window, data_home):
    a_database_with_a_session(data_home, "Mei")
    with Store(data_root=data_home) as store:
        store.backup(data_home / "backups" / "erbsim-2026-03-01.db")
    (data_home / "erbsim.db").write_bytes(b"")  # emptied
    window = open_window()
    dialog = rescue_dialog(qtbot, window)
    assert dialog.backups.count() == 1 and dialog.backups.item(0).text().startswith("2026-03-01 (erbsim-2026-03-01.db")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.home.recent_tree.topLevelItemCount() == 1, timeout=10_000)
    assert window.home.recent_tree.isVisible() and not window.home.recent_empty.isVisible()
    (aside,) = data_home.glob("erbsim.db.broken-*")
    assert aside.stat().st_size == 0
    assert window.statusBar().currentMessage().startswith("Opened the backup erbsim-2026-03-01.db; the old file")


def test_quit_closes_the_app_and_leaves_the_file(qtbot, open_window, data_home):
    data_home.mkdir(parents=True)
    make_garbage(data_home / "erbsim.db")
    before = digest(data_home / "erbsim.db")
    window = open_window()
    rescue_dialog(qtbot, window).quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert digest(data_home / "erbsim.db") == before
    assert sorted(p.name for p in data_home.iterdir() if p.name.startswith("erbsim.db")) == ["erbsim.db"]


def test_the_app_backs_up_once_a_day(qtbot, open_window, data_home, fake_clock):
    a_database_with_a_session(data_home)
    window = open_window()
    today = data_home / "backups" / f"erbsim-{datetime.now(UTC):%Y-%m-%d}.db"  # the store keeps UTC
    qtbot.waitUntil(today.exists, timeout=10_000)
    window.services.store.wait_until_idle()
    made = today.stat().st_mtime_ns
    window.close()
    second = open_window()  # same day: the backup is not made again
    second.services.store.wait_until_idle()
    assert today.stat().st_mtime_ns == made
    assert [p.name for p in (data_home / "backups").iterdir()] == [today.name]
    with Store(today, data_root=data_home) as copy:
        assert len(copy.list_sessions()) == 1


@pytest.fixture
def read_only_home(data_home):
    data_home.mkdir(parents=True)
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(data_home)],
                                 capture_output=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
        a_database_with_a_session(data_home)
        subprocess.run(["mount", "-o", "remount,ro", str(data_home)], check=True)
        yield data_home
        subprocess.run(["umount", "-l", str(data_home)], check=True)
    else:
        a_database_with_a_session(data_home)
        data_home.chmod(0o500)
        yield data_home
        data_home.chmod(0o700)


def test_a_read_only_data_folder_is_one_sentence(qtbot, open_window, read_only_home):
    from PySide6.QtWidgets import QMessageBox

    window = open_window()
    qtbot.waitUntil(lambda: isinstance(window.rescue, QMessageBox) and window.rescue.isVisible(), timeout=10_000)
    assert window.rescue.text() == (
        f"The data folder {read_only_home} is read-only (Read-only file system): erbsim needs to write its "
        "database and recordings there (make it writable or choose another folder with --data-dir)."
        if os.geteuid() == 0 else
        f"The data folder {read_only_home} is read-only (Permission denied): erbsim needs to write its "
        "database and recordings there (make it writable or choose another folder with --data-dir).")
    assert window.home.recent_empty.text().startswith("Your sessions cannot be shown: The data folder")
