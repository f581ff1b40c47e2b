"""The running app names its desktop entry and carries its icon, so task bars group its windows."""

from __future__ import annotations

import pytest

from erbsim.assets import APP_ID


def test_the_app_names_its_desktop_entry_and_has_its_icon_at_small_and_large_sizes(tmp_path, monkeypatch, qapp):
    from PySide6.QtCore import QSize

    import erbsim.ui.app
    import erbsim.ui.logging_setup

    class Stop(Exception):
        pass

    def stop(_folder):  # the identity is set before the log file: stop there, no window needed
        raise Stop

    monkeypatch.setenv("ERBSIM_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(erbsim.ui.logging_setup, "set_up_logging", stop)
    qapp.setDesktopFileName("")
    with pytest.raises(Stop):
        erbsim.ui.app.run_app([])
    assert qapp.desktopFileName() == APP_ID
    sizes = qapp.windowIcon().availableSizes()
    assert QSize(16, 16) in sizes and QSize(256, 256) in sizes
