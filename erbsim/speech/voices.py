"""Voice settings for the five board seats.

Each seat speaks with its own espeak-ng voice and variant (+f2, +m3, ...),
rate and pitch, so the board sounds like five different people. On engines
other than espeak-ng (SAPI5 on Windows, NSSS on macOS) the espeak voice name
does not exist; `synthesis` then falls back to the engine's English voices,
picked by `gender` and seat, and keeps rate, pitch and volume.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class VoiceSettings:
    voice: str  # engine voice id; for espeak-ng "language+variant", e.g. "gmw/en-us+f2"
    rate: int = 170  # words per minute
    pitch: int = 50  # espeak-ng 0-99 (50 is normal); ignored by engines without pitch
    volume: float = 1.0  # 0-1
    gender: str = ""  # "female" / "male": hint for the fallback on non-espeak engines

    def key(self) -> dict:
        return asdict(self)


DEFAULT_VOICE = VoiceSettings("gmw/en-us", 170, 50, 1.0)

_SEAT_VOICES: dict[str, VoiceSettings] = {
    # Voices chosen so that tiny.en still understands each of them (espeak-ng
    # variants differ a lot in clarity) while accent, pitch and pace differ.
    # Helen Zhou, CPO and chair: measured American female voice.
    "cpo": VoiceSettings("gmw/en-us+f2", rate=160, pitch=55, gender="female"),
    # Marcus Li, peer executive: brisk British (RP) male.
    "peer_exec": VoiceSettings("gmw/en-gb-x-rp+m2", rate=178, pitch=42, gender="male"),
    # Wen Gao, Chief Architect: slow, low American male.
    "tech_fellow": VoiceSettings("gmw/en-us+m1", rate=150, pitch=30, gender="male"),
    # Rita Sun, GM of another business unit: higher British (RP) female.
    "gm": VoiceSettings("gmw/en-gb-x-rp+f3", rate=168, pitch=62, gender="female"),
    # David Ma, HR business partner: warm American male, mid pitch.
    "talent_lead": VoiceSettings("gmw/en-us+m3", rate=165, pitch=56, gender="male"),
}


def voice_for_seat(seat_id: str) -> VoiceSettings:
    """The default voice of a seat (ids from erbsim.core.seats); unknown ids get the plain voice."""
    return _SEAT_VOICES.get(seat_id, DEFAULT_VOICE)


def seat_voices() -> dict[str, VoiceSettings]:
    return dict(_SEAT_VOICES)
