"""Preferences survive a save and a reload, through the settings dialog too."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton

from erbsim.ui.settings_dialog import SettingsDialog
from erbsim.ui.settings_store import Preferences, SettingsStore, VoiceChoice

DEFAULT_VOICES = {"cpo": ("gmw/en-us+f2", 160, 55), "gm": ("gmw/en-gb-scotland+f4", 185, 68)}
VOICES = [("gmw/en-us+m3", "American English, male 3"), ("gmw/en-gb-x-rp+f2", "British English, female 2")]


def test_store_round_trip(tmp_path):
    path = str(tmp_path / "settings.ini")
    prefs = Preferences(input_device="vmic", engine="sphinx", model="/models/small.en", data_folder="/data/erb",
                        theme="dark", track="principal", minutes=30, soft_limit_s=150, cut_in_after_s=0, follow_ups=2,
                        captions=True, seats=["cpo", "tech_fellow"], banks=["Strategy"], welcome_shown=True,
                        voices={"gm": VoiceChoice("gmw/en-us+m3", 200, 40)})
    SettingsStore(QSettings(path, QSettings.Format.IniFormat)).save(prefs)
    loaded = SettingsStore(QSettings(path, QSettings.Format.IniFormat)).load()
    assert loaded == prefs


def test_single_item_lists_and_bad_values_load_cleanly(tmp_path):
    path = str(tmp_path / "settings.ini")
    raw = QSettings(path, QSettings.Format.IniFormat)
    raw.setValue("defense/seats", ["gm"])
    raw.setValue("defense/minutes", "forty")
    raw.setValue("transcription/engine", "cloud-magic")
    raw.setValue("ui/theme", "neon")
    raw.setValue("ui/welcome_shown", "maybe")
    raw.sync()
    loaded = SettingsStore(QSettings(path, QSettings.Format.IniFormat)).load()
    assert loaded.seats == ["gm"]
    assert (loaded.minutes, loaded.engine, loaded.theme) == (45, "whisper", "system")
    assert loaded.welcome_shown is False  # the welcome shows rather than being lost to a bad value


def test_dialog_edits_come_back_as_preferences(qtbot, tmp_path):
    prefs = Preferences(voices={"cpo": VoiceChoice("", 0, -1)})
    dialog = SettingsDialog(prefs, [("", "System default"), ("vmic", "Virtual mic")], VOICES, DEFAULT_VOICES)
    qtbot.addWidget(dialog)
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("vmic"))
    dialog.engine_combo.setCurrentIndex(dialog.engine_combo.findData("sphinx"))
    dialog.model_edit.setText("  base.en ")
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    assert dialog.cut_in_spin.text() == "45 s past the soft limit"  # the default
    dialog.cut_in_spin.setValue(0)
    assert dialog.cut_in_spin.text() == "Never"
    voice_combo, rate, pitch = dialog._voice_rows["gm"]
    assert (rate.value(), pitch.value()) == (185, 68)  # the seat's defaults are shown
    voice_combo.setCurrentIndex(voice_combo.findData("gmw/en-gb-x-rp+f2"))
    rate.setValue(210)
    with qtbot.waitSignal(dialog.preview_requested) as preview:
        previews = [b for b in dialog.findChildren(QPushButton) if b.text() == "Preview"]
        previews[3].click()  # the rows follow the seats: 4 is the general manager
    assert preview.args == ["gm", VoiceChoice("gmw/en-gb-x-rp+f2", 210, 68)]
    edited = dialog.preferences()
    assert (edited.input_device, edited.engine, edited.model, edited.theme) == ("vmic", "sphinx", "base.en", "dark")
    assert edited.cut_in_after_s == 0
    assert edited.voices["gm"] == VoiceChoice("gmw/en-gb-x-rp+f2", 210, 68)
    store = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    store.save(edited)
    assert store.load() == edited


def test_dark_and_light_themes_change_the_palette(qapp):
    from PySide6.QtGui import QPalette

    from erbsim.ui.theme import apply_theme

    apply_theme(qapp, "dark")
    dark = qapp.palette().color(QPalette.ColorRole.Window).lightness()
    apply_theme(qapp, "light")
    light = qapp.palette().color(QPalette.ColorRole.Window).lightness()
    assert dark < 60 < 180 < light


def test_wrong_types_and_ranges_in_the_settings_file_fall_back_with_a_log_line(tmp_path, caplog):
    path = tmp_path / "settings.ini"
    path.write_text("[defense]\nminutes=9999\nsoft_limit_s=-5\nfollow_ups=1e9\ncut_in_after_s=forty\n"
                    "captions=perhaps\nseats=cpo, ceo\ntrack=director\n"
                    "[ui]\nlanguage=klingon\ntheme=dark\n"
                    "[voices]\ngm\\voice=gmw/en-us+m3\ngm\\rate=fast\ngm\\pitch=500\ncpo\\rate=200\n")
    with caplog.at_level("WARNING", logger="erbsim.ui.settings_store"):
        loaded = SettingsStore(QSettings(str(path), QSettings.Format.IniFormat)).load()
    default = Preferences()
    assert (loaded.minutes, loaded.soft_limit_s, loaded.follow_ups, loaded.cut_in_after_s, loaded.captions,
            loaded.seats, loaded.track, loaded.language) == (
        default.minutes, default.soft_limit_s, default.follow_ups, default.cut_in_after_s, default.captions,
        default.seats, default.track, default.language)
    assert loaded.theme == "dark"  # a good value beside bad ones is kept
    assert loaded.voices == {"gm": VoiceChoice("gmw/en-us+m3", 0, -1), "cpo": VoiceChoice("", 200, -1)}
    logged = {record.getMessage().split(" = ")[0].removeprefix("settings: ignored ") for record in caplog.records}
    assert logged == {"defense/minutes", "defense/soft_limit_s", "defense/follow_ups", "defense/cut_in_after_s",
                      "defense/captions", "defense/seats", "defense/track", "ui/language", "voices/gm/rate",
                      "voices/gm/pitch"}
