"""The user's preferences, kept with QSettings (never in the session database)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QSettings

from erbsim.core.seats import SEAT_IDS
from erbsim.speech.engines import ENGINES

log = logging.getLogger(__name__)

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
    welcome_shown: bool = False  # the first-run welcome (erbsim.ui.welcome) was shown and closed


# key -> (attribute, type, allowed: a range for numbers, a set of choices, or None for any text)
_SIMPLE: dict[str, tuple[str, type, Any]] = {
    "audio/input_device": ("input_device", str, None),
    "audio/output_device": ("output_device", str, None),
    "transcription/engine": ("engine", str, tuple(ENGINES)),
    "transcription/model": ("model", str, None),
    "storage/data_folder": ("data_folder", str, None),
    "ui/theme": ("theme", str, THEMES),
    "ui/language": ("language", str, tuple(LANGUAGES)),
    "defense/track": ("track", str, ("staff", "principal")),
    "defense/minutes": ("minutes", int, range(1, 181)),  # the home page's spin box
    "defense/soft_limit_s": ("soft_limit_s", int, range(30, 901)),  # the settings dialog's
    "defense/cut_in_after_s": ("cut_in_after_s", int, range(0, 901)),
    "defense/follow_ups": ("follow_ups", int, range(0, 5)),
    "defense/packet": ("packet", str, None),
    "panel/board": ("board", str, None),
}
_FLAGS = (("defense/captions", "captions"), ("defense/packet_focus", "packet_focus"),
          ("ui/welcome_shown", "welcome_shown"))
_VOICE_RATES = range(80, 301)  # or 0: the seat's default
_VOICE_PITCHES = range(0, 100)  # or -1: the seat's default


def _as_bool(value) -> bool | None:
    """True/False from what QSettings hands back (bool, "true", "1" ...); None for anything else."""
    if value in (True, "true", "1", 1):
        return True
    if value in (False, "false", "0", 0, None, ""):
        return False
    return None


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit() and len(value) < 20:
        return int(value)
    return None


def _as_list(value) -> list[str] | None:
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value] if all(isinstance(v, str) for v in value) else None
    return [value] if isinstance(value, str) else None


class SettingsStore:
    """Reads and writes Preferences. A hand-edited or stale settings file never
    stops the app: every value of the wrong type or out of range falls back to
    its default, with a line in the log naming the key."""

    def __init__(self, settings: QSettings | None = None):
        self._settings = settings or QSettings()

    def _ignored(self, key: str, value: Any, why: str) -> None:
        log.warning("settings: ignored %s = %.80r (%s); using the default", key, value, why)

    def load(self) -> Preferences:
        prefs = Preferences()
        s = self._settings
        for key, (attr, kind, allowed) in _SIMPLE.items():
            if not s.contains(key):
                continue
            raw = s.value(key)
            value: Any = _as_int(raw) if kind is int else raw if isinstance(raw, str) else None
            if value is None:
                self._ignored(key, raw, "not a whole number" if kind is int else "not text")
            elif allowed is not None and value not in allowed:
                if isinstance(allowed, range):
                    self._ignored(key, raw, f"outside {allowed.start}-{allowed.stop - 1}")
                else:
                    self._ignored(key, raw, f"not one of {', '.join(allowed)}")
            else:
                setattr(prefs, attr, value)
        for key, attr in _FLAGS:
            flag = _as_bool(s.value(key, False))
            if flag is None:
                self._ignored(key, s.value(key), "not true or false")
            else:
                setattr(prefs, attr, flag)
        seats = _as_list(s.value("defense/seats", []))
        if seats is None or not set(seats) <= set(SEAT_IDS):
            self._ignored("defense/seats", s.value("defense/seats"), f"not a list of {', '.join(SEAT_IDS)}")
        else:
            prefs.seats = seats
        banks = _as_list(s.value("defense/banks", []))
        if banks is None:
            self._ignored("defense/banks", s.value("defense/banks"), "not a list of bank names")
        else:
            prefs.banks = banks
        s.beginGroup("voices")
        for seat in s.childGroups():
            if seat not in SEAT_IDS:
                self._ignored(f"voices/{seat}", seat, "no such seat")
                continue
            choice = VoiceChoice()
            voice = s.value(f"{seat}/voice", "")
            if isinstance(voice, str):
                choice.voice = voice
            else:
                self._ignored(f"voices/{seat}/voice", voice, "not text")
            rate, pitch = _as_int(s.value(f"{seat}/rate", 0)), _as_int(s.value(f"{seat}/pitch", -1))
            if rate == 0 or rate in _VOICE_RATES:
                choice.rate = rate
            else:
                self._ignored(f"voices/{seat}/rate", s.value(f"{seat}/rate"), "not 0 or 80-300")
            if pitch == -1 or pitch in _VOICE_PITCHES:
                choice.pitch = pitch
            else:
                self._ignored(f"voices/{seat}/pitch", s.value(f"{seat}/pitch"), "not -1 or 0-99")
            prefs.voices[seat] = choice
        s.endGroup()
        return prefs

    def save(self, prefs: Preferences) -> None:
        s = self._settings
        for key, (attr, _, _) in _SIMPLE.items():
            s.setValue(key, getattr(prefs, attr))
        for key, attr in _FLAGS:
            s.setValue(key, getattr(prefs, attr))
        s.setValue("defense/seats", prefs.seats)
        s.setValue("defense/banks", prefs.banks)
        s.remove("voices")
        for seat, choice in prefs.voices.items():
            s.setValue(f"voices/{seat}/voice", choice.voice)
            s.setValue(f"voices/{seat}/rate", choice.rate)
            s.setValue(f"voices/{seat}/pitch", choice.pitch)
        s.sync()
