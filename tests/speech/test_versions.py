"""erbsim.speech.versions: what the About box lists, read from the installed packages, cheaply."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys

from erbsim.speech import versions
from erbsim.speech.versions import UNKNOWN, components


def by_name() -> dict:
    return {c.name: c for c in components()}


def test_versions_and_licences_come_from_the_installed_packages():
    listed = by_name()
    for name in ("faster-whisper", "ctranslate2", "pyttsx3", "piper-tts"):
        meta = importlib.metadata.metadata(name)
        assert listed[name].version == meta["Version"]
        assert listed[name].licence == (meta.get("License-Expression") or meta.get("License"))
    assert listed["piper-tts"].licence == "GPL-3.0-or-later"
    assert listed["erbsim"].version == importlib.metadata.version("erbsim")


def test_espeak_ng_version_is_the_librarys_own():
    said = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
    assert by_name()["espeak-ng"].version == re.search(r"text-to-speech: (\S+)", said).group(1)


def test_the_voice_terms_are_read_from_its_model_card(tmp_path, monkeypatch):
    assert "lessac" in versions.voice_terms()
    card = tmp_path / "MODEL_CARD"
    card.write_text("# Model card\n\n## Dataset\n\n* License: CC-BY-4.0\n\n## Training\n\nTrained from scratch.\n")
    monkeypatch.setattr(versions, "voice_model_card", lambda: card)
    assert versions.voice_terms() == "model card: dataset licence CC-BY-4.0; trained from scratch"
    monkeypatch.setattr(versions, "voice_model_card", lambda: None)
    assert versions.voice_terms() == "no model card found in the package"


def test_a_missing_package_is_said_to_be_missing():
    assert versions.package_version("erbsim-no-such-package") == UNKNOWN
    assert versions._package("erbsim-no-such-package").licence == ""


def test_a_model_named_in_settings_is_described_without_downloading(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    model = versions.whisper_model("base.en")
    assert (model.name, model.note) == ("Whisper model base.en", "downloaded on first use")
    assert list(tmp_path.rglob("model.bin")) == []  # nothing was fetched
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert versions.whisper_model(str(folder)).note == f"from {folder}"


def test_the_sphinx_engine_lists_pocketsphinx_and_no_whisper_model():
    listed = {c.name: c for c in components(engine="sphinx")}
    assert listed["pocketsphinx"].version == importlib.metadata.version("pocketsphinx")
    assert not any(name.startswith("Whisper model") for name in listed)


def test_gathering_loads_no_engine_and_no_qt():
    """Cheap: no speech engine, model runtime or Qt is imported to list them."""
    probe = ("import json, sys; from erbsim.speech.versions import components; components(); "
             "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('faster_whisper', 'ctranslate2', 'piper', 'onnxruntime', 'pyttsx3', 'PySide6', 'numpy'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(result.stdout) == []
