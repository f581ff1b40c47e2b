"""The core must run where Qt cannot be imported."""

import subprocess
import sys
import textwrap
from pathlib import Path

import erbsim.core


def test_core_imports_with_pyside6_made_unimportable():
    core = Path(erbsim.core.__file__).parent
    modules = sorted(p.stem for p in core.glob("*.py") if p.stem != "__init__")
    modules += sorted(p.name for p in core.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert "engine" in modules and "banks" in modules
    script = textwrap.dedent(f"""
        import importlib, sys
        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")
        sys.meta_path.insert(0, BlockQt())
        for name in {modules!r}:
            importlib.import_module("erbsim.core." + name)
        assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
        print("ok", len({modules!r}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_no_source_file_in_core_mentions_pyside6():
    core = Path(erbsim.core.__file__).parent
    offenders = [str(p) for p in core.rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []
