"""pyproject.toml lists the wheel's packages by hand: none may be forgotten."""

from __future__ import annotations

from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_in_the_checkout_ships_in_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "erbsim").rglob("__init__.py")}
    mapped = set(setuptools["package-dir"])
    assert {"erbsim", "erbsim.ui.audio", "erbsim.speech"} <= on_disk
    assert all((ROOT / folder / "__init__.py").is_file() for folder in setuptools["package-dir"].values())
    assert sorted(setuptools["packages"]) == sorted(on_disk | mapped)


def test_the_built_wheel_runs_on_its_own_and_finds_banks_assets_and_models(tmp_path):
    """What `pipx install .` or `pip install erbsim-*.whl` gets: the wheel's files alone, no checkout."""
    import json
    import os
    import subprocess
    import sys
    import zipfile

    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "wheel"),
                            str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("erbsim-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    banks = {f"erbsim/question_banks/{p.name}" for p in (ROOT / "question_banks").glob("*.yaml")}
    assert len(banks) >= 3 and banks <= names
    assert {"erbsim/assets/erbsim.svg", "erbsim/core/lens/model.json",
            "erbsim/assets/icons/hicolor/48x48/apps/io.github.erbsim.Erbsim.png"} <= names
    assert "erbsim = erbsim.cli:main" in entry_points

    # Unpacked on its own path, outside the checkout: the command line must find everything it ships.
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site), ERBSIM_HOME=str(tmp_path / "home"))
    probe = ("import json, erbsim; from erbsim.assets import asset_path, icon_pngs; "
             "from erbsim.core.lens.learned import MODEL_PATH; from erbsim.core.banks import shipped_bank_dir; "
             "print(json.dumps([erbsim.__file__, asset_path('erbsim.svg'), str(MODEL_PATH), "
             "str(shipped_bank_dir()), len(icon_pngs())]))")
    found = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=60)
    assert found.returncode == 0, found.stderr[-2000:]
    package, svg, model, bank_dir, icons = json.loads(found.stdout)
    assert all(path.startswith(str(site)) for path in (package, svg, model, bank_dir)), found.stdout
    assert icons == 9
    stats = subprocess.run([sys.executable, "-m", "erbsim", "banks", "stats", "--json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert stats.returncode == 0, stats.stderr[-2000:]
    shipped = sum(len(yaml.safe_load(path.read_text(encoding="utf-8"))["questions"])
                  for path in (ROOT / "question_banks").glob("*.yaml"))
    assert sum(json.loads(stats.stdout)["category"].values()) == shipped
