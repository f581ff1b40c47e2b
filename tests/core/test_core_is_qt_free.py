"""The core and the speech layer must run where Qt cannot be imported."""

import importlib
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Each Qt-free package, with modules that must be among those found (so a
# search that finds nothing cannot pass).
QT_FREE = {"erbsim.core": ("engine", "banks"), "erbsim.speech": ("synthesis", "transcription", "recording")}


def _package(name: str):
    return importlib.import_module(name)


@pytest.mark.parametrize("package", sorted(QT_FREE))
def test_every_module_imports_with_pyside6_made_unimportable(package):
    modules = sorted(info.name for info in pkgutil.walk_packages(_package(package).__path__, package + "."))
    assert {f"{package}.{name}" for name in QT_FREE[package]} <= set(modules)
    script = textwrap.dedent(f"""
        import importlib, sys
        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")
        sys.meta_path.insert(0, BlockQt())
        for name in {modules!r}:
            importlib.import_module(name)
        assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
        print("ok", len({modules!r}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


@pytest.mark.parametrize("package", sorted(QT_FREE))
def test_no_source_file_mentions_pyside6(package):
    folder = Path(_package(package).__file__).parent
    offenders = [str(p) for p in folder.rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []
