"""pyproject.toml lists the wheel's packages by hand: none may be forgotten."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_in_the_checkout_ships_in_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "erbsim").rglob("__init__.py")}
    mapped = set(setuptools["package-dir"])
    assert {"erbsim", "erbsim.ui.audio", "erbsim.speech"} <= on_disk
    assert all((ROOT / folder / "__init__.py").is_file() for folder in setuptools["package-dir"].values())
    assert sorted(setuptools["packages"]) == sorted(on_disk | mapped)
