"""The menu entry, AppStream metadata, icons and the no-root install of the desktop bundle.

The bundle itself is built by packaging/build.sh (slow, not part of the test command); here
install.sh and uninstall.sh run on a tarball folder staged around a stand-in program.
"""

from __future__ import annotations

import os
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from erbsim.assets import APP_ID

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
HICOLOR = ROOT / "assets" / "icons" / "hicolor"


def desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_desktop_entry_passes_desktop_file_validate_and_names_the_shipped_icon():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    entry = desktop_entry(DESKTOP)
    assert entry["Icon"] == DESKTOP.stem
    assert (HICOLOR / "scalable" / "apps" / f"{entry['Icon']}.svg").is_file()
    assert (HICOLOR / "48x48" / "apps" / f"{entry['Icon']}.png").is_file()


def test_the_metainfo_passes_appstreamcli_and_shows_the_readme_screenshots():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    images = [image.text.strip() for image in component.iter("image")]
    assert len(images) >= 3
    for url in images:  # published from the repository's docs/screenshots/, so each must be there
        relative = url.split("/main/", 1)[1]
        assert relative.startswith("docs/screenshots/") and (ROOT / relative).is_file(), url


def test_the_icon_is_rendered_at_every_hicolor_size_it_claims():
    sizes = [folder.name for folder in HICOLOR.iterdir() if folder.name != "scalable"]
    assert {"16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256"} <= set(sizes)
    for size in sizes:
        side = int(size.split("x")[0])
        assert png_size(HICOLOR / size / "apps" / f"{APP_ID}.png") == (side, side)


@pytest.fixture
def staged(tmp_path) -> Path:
    """The tarball's folder as build.sh lays it out, with a stand-in for the PyInstaller bundle."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "_internal").mkdir()
    program = bundle / "erbsim"
    program.write_text('#!/bin/sh\necho "stand-in erbsim $*"\n')
    program.chmod(0o755)
    out = tmp_path / "erbsim-9.9.9-linux-x86_64"
    subprocess.run(["bash", str(LINUX / "stage.sh"), str(bundle), str(out), "9.9.9"], check=True, timeout=60)
    return out


def test_install_puts_a_valid_menu_entry_and_icons_in_the_users_home_and_uninstall_takes_them_away(
        staged, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "ERBSIM_"))}
    env.update(HOME=str(home), PATH=f"{home}/.local/bin:{env['PATH']}")
    installed = subprocess.run(["bash", str(staged / "install.sh")], env=env, capture_output=True, text=True,
                               timeout=60)
    assert installed.returncode == 0, installed.stderr
    local = home / ".local"
    assert "9.9.9" in installed.stdout
    ran = subprocess.run(["erbsim", "--help"], env=env, capture_output=True, text=True, timeout=30)
    assert ran.stdout == "stand-in erbsim --help\n"
    desktop = local / "share" / "applications" / DESKTOP.name
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    assert desktop_entry(desktop)["Exec"] == f'"{local}/lib/erbsim/erbsim"'
    assert (local / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (local / "share" / "metainfo" / METAINFO.name).is_file()

    data = local / "share" / "erbsim"  # the user's sessions: never removed by uninstall
    data.mkdir()
    (data / "erbsim.db").write_bytes(b"sessions")
    removed = subprocess.run(["bash", str(local / "lib" / "erbsim" / "uninstall.sh")], env=env,
                             capture_output=True, text=True, timeout=60)
    assert removed.returncode == 0, removed.stderr
    # The menu's and the icon theme's caches (mimeinfo.cache, icon-theme.cache) are the desktop's, rebuilt.
    left = sorted(str(path.relative_to(home)) for path in home.rglob("*")
                  if path.is_file() and path.suffix != ".cache")
    assert left == [".local/share/erbsim/erbsim.db"]
