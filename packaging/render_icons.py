"""Render assets/erbsim.svg into the hicolor icon sizes desktops ask for.

    .venv/bin/python packaging/render_icons.py

Writes assets/icons/hicolor/<N>x<N>/apps/io.github.erbsim.Erbsim.png for each size,
a copy of the SVG as the scalable icon, and from the same PNGs the Windows icon
(assets/icons/erbsim.ico) and the macOS one (assets/icons/erbsim.icns) that
packaging/erbsim.spec names. Run it again after changing the SVG; the files are
committed, so neither the wheel nor a bundle needs Qt to make them.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

APP_ID = "io.github.erbsim.Erbsim"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parents[1]


def render(svg: Path, out_root: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting needs it
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    scalable = out_root / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    return [*written, scalable]


def write_ico(pngs: dict[int, bytes], target: Path) -> Path:
    """A Windows .ico holding PNG images (read by Windows Vista and later), 16 to 256 pixels."""
    sizes = [size for size in sorted(pngs) if size <= 256]
    offset = 6 + 16 * len(sizes)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size == 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    target.write_bytes(header + entries + images)
    return target


# The macOS icon types that hold a PNG, by pixel size (the @2x types reuse the larger renders).
ICNS_TYPES = ((b"ic11", 32), (b"ic12", 64), (b"ic07", 128), (b"ic13", 256), (b"ic08", 256), (b"ic14", 512),
              (b"ic09", 512))


def write_icns(pngs: dict[int, bytes], target: Path) -> Path:
    """A macOS .icns made of PNG entries."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return target


if __name__ == "__main__":
    icons = ROOT / "assets" / "icons"
    written = render(ROOT / "assets" / "erbsim.svg", icons / "hicolor")
    pngs = {int(path.parent.parent.name.split("x")[0]): path.read_bytes() for path in written if path.suffix == ".png"}
    written += [write_ico(pngs, icons / "erbsim.ico"), write_icns(pngs, icons / "erbsim.icns")]
    for path in written:
        print(path.relative_to(ROOT))
