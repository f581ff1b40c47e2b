"""The user's preferences, kept with QSettings (never in the session database)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from erbsim.speech.engines import ENGINES

THEMES = ("system", "light", "dark")
LANGUAGES = {"en": "English"}  # Mandarin interface comes with the Mandarin issue


@dataclass
class VoiceChoice:
    voice: str = ""  # "" = the seat's default voice
    rate: int = 0  # 0 = the seat's default rate
    pitch: int = -1  # -1 = the seat's default pitch


@dataclass
class Preferences:
    input_device: str = ""  # "" = the system default microphone
    output_device: str = ""
    engine: str = "whisper"
    model: str = ""  # "" = bundled tiny.en; a model name or a local folder
    data_folder: str = ""  # "" = the platform default
    theme: str = "system"
    language: str = "en"
    track: str = "staff"
    minutes: int = 45
    soft_limit_s: int = 180
    cut_in_after_s: int = 45  # the board cuts in this long past the soft limit; 0: never
    follow_ups: int = 1
    captions: bool = False
    packet: str = ""  # the packet chosen for a defense: "" the most recently edited, "none", or its id
    packet_focus: bool = False  # a packet-centred defense
    seats: list[str] = field(default_factory=list)  # [] = all five
    banks: list[str] = field(default_factory=list)  # [] = all
    voices: dict[str, VoiceChoice] = field(default_factory=dict)
    board: str = ""  # the board last used for a panel: "" the standard board, or a saved board's id


_SIMPLE = {
    "audio/input_device": ("input_device", str),
    "audio/output_device": ("output_device", str),
    "transcription/engine": ("engine", str),
    "transcription/model": ("model", str),
    "storage/data_folder": ("data_folder", str),
    "ui/theme": ("theme", str),
    "ui/language": ("language", str),
    "defense/track": ("track", str),
    "defense/minutes": ("minutes", int),
    "defense/soft_limit_s": ("soft_limit_s", int),
    "defense/cut_in_after_s": ("cut_in_after_s", int),
    "defense/follow_ups": ("follow_ups", int),
    "defense/packet": ("packet", str),
    "panel/board": ("board", str),
}


def _as_bool(value) -> bool:
    return value in (True, "true", "1", 1)


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


class SettingsStore:
    def __init__(self, settings: QSettings | None = None):
        self._settings = settings or QSettings()

    def load(self) -> Preferences:
        prefs = Preferences()
        s = self._settings
        for key, (attr, kind) in _SIMPLE.items():
            if s.contains(key):
                try:
                    setattr(prefs, attr, kind(s.value(key)))
                except (TypeError, ValueError):
                    pass  # a hand-edited or stale value: keep the default
        prefs.captions = _as_bool(s.value("defense/captions", False))
        prefs.packet_focus = _as_bool(s.value("defense/packet_focus", False))
        prefs.seats = _as_list(s.value("defense/seats", []))
        prefs.banks = _as_list(s.value("defense/banks", []))
        s.beginGroup("voices")
        for seat in s.childGroups():
            prefs.voices[seat] = VoiceChoice(
                voice=str(s.value(f"{seat}/voice", "")),
                rate=int(s.value(f"{seat}/rate", 0) or 0),
                pitch=int(s.value(f"{seat}/pitch", -1)),
            )
        s.endGroup()
        if prefs.engine not in ENGINES:
            prefs.engine = "whisper"
        if prefs.theme not in THEMES:
            prefs.theme = "system"
        if prefs.track not in ("staff", "principal"):
            prefs.track = "staff"
        prefs.minutes = min(max(prefs.minutes, 1), 180)
        prefs.cut_in_after_s = min(max(prefs.cut_in_after_s, 0), 900)
        return prefs

    def save(self, prefs: Preferences) -> None:
        s = self._settings
        for key, (attr, _) in _SIMPLE.items():
            s.setValue(key, getattr(prefs, attr))
        s.setValue("defense/captions", prefs.captions)
        s.setValue("defense/packet_focus", prefs.packet_focus)
        s.setValue("defense/seats", prefs.seats)
        s.setValue("defense/banks", prefs.banks)
        s.remove("voices")
        for seat, choice in prefs.voices.items():
            s.setValue(f"voices/{seat}/voice", choice.voice)
            s.setValue(f"voices/{seat}/rate", choice.rate)
            s.setValue(f"voices/{seat}/pitch", choice.pitch)
        s.sync()
