"""Which data folder the app uses: --data-dir, then $ERBSIM_HOME, then Settings, then the platform's."""

from __future__ import annotations

from erbsim.ui.services import Services, resolve_data_root
from erbsim.ui.settings_store import Preferences


def test_data_folder_precedence(tmp_path, monkeypatch):
    named, home, chosen = tmp_path / "named", tmp_path / "home", tmp_path / "chosen"
    prefs = Preferences(data_folder=str(chosen))
    monkeypatch.setenv("ERBSIM_HOME", str(home))
    assert resolve_data_root(prefs, named) == named
    assert resolve_data_root(prefs) == home
    monkeypatch.delenv("ERBSIM_HOME")
    assert resolve_data_root(prefs) == chosen
    assert named.is_dir() and home.is_dir() and chosen.is_dir()


def test_services_open_the_store_in_the_named_folder(qapp, settings_store, tmp_path, monkeypatch):
    named, home = tmp_path / "named", tmp_path / "home"
    monkeypatch.setenv("ERBSIM_HOME", str(home))
    services = Services(settings_store, load_model=False, data_dir=named)
    try:
        services.store.opened.result(30)
        assert services.data_root == named
        assert (named / "erbsim.db").is_file()
        assert not (home / "erbsim.db").exists()
    finally:
        services.shutdown()
