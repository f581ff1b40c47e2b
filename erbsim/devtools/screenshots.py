"""Render each view of the app for the README:
`python -m erbsim.devtools.screenshots OUT_DIR --answer-audio FILE.wav`.

Run it through packaging/screenshots.sh, which starts a virtual screen and a
sound server with a virtual microphone and names the recording to use. It
drives a real window with a fake clock (so "5 minutes left" can be shown
without waiting 40 minutes) and speaks that recorded answer into the microphone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget

from erbsim.core.clock import FakeClock
from erbsim.core.packet.io import load_packet_file
from erbsim.ui.bridge import process_events_until
from erbsim.ui.main_window import MainWindow
from erbsim.ui.services import Services
from erbsim.ui.settings_dialog import SettingsDialog
from erbsim.ui.settings_store import SettingsStore
from erbsim.ui.theme import apply_theme


def wait_until(condition, timeout: float = 30.0) -> bool:
    return process_events_until(condition, timeout)


def pump(seconds: float) -> None:
    wait_until(lambda: False, seconds)


def shoot(window, path: Path, *, screen: bool = True) -> None:
    """The whole virtual screen (menus and dialogs as a user sees them), or with
    screen=False only `window` (a second window that would overlap the first)."""
    pump(0.4)
    if screen and os.environ.get("DISPLAY") and shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(path)], check=True)
    else:
        window.grab().save(str(path))
    print(f"wrote {path}")


def shoot_welcome_and_about(window, out: Path, answer_clip: Path) -> None:
    """The welcome's microphone page with speech coming in, then the About box."""
    from erbsim.ui.about_dialog import show_about
    from erbsim.ui.welcome import open_welcome

    welcome = open_welcome(window)
    welcome.move(320, 150)
    welcome.show_page(welcome.mic)
    player = subprocess.Popen(["paplay", "-d", "vmic_in", str(answer_clip)])
    wait_until(lambda: welcome.mic.meter.level() > 0.2, 10)
    shoot(window, out / "welcome.png")
    player.kill()
    player.wait()
    welcome.reject()
    about = show_about(window)
    about.move(190, 110)
    pump(0.5)
    shoot(window, out / "about.png")
    about.close()
    pump(0.2)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m erbsim.devtools.screenshots",
                                     description="Render each view of the app into OUT_DIR.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"), metavar="OUT_DIR")
    parser.add_argument("--answer-audio", type=Path, required=True, metavar="FILE",
                        help="a recorded answer, played into the virtual microphone (vmic_in)")
    parser.add_argument("--packet", type=Path, metavar="FILE",
                        help="a packet (Markdown or YAML) to import; the defense is then packet-centred")
    parser.add_argument("--welcome-only", action="store_true",
                        help="only the first-run welcome and the About box (welcome.png, about.png)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not args.answer_audio.is_file():
        print(f"screenshots: no such recording: {args.answer_audio}", file=sys.stderr)
        return 1
    answer_clip = args.answer_audio
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("erbsim")
    app.setApplicationName("erbsim")
    apply_theme(app, "light")
    clock = FakeClock()
    services = Services(SettingsStore(), clock=clock)
    window = MainWindow(services)
    window.move(0, 0)
    window.resize(1280, 820)
    window.show()
    wait_until(lambda: services.model_fraction >= 1, 60)
    shoot_welcome_and_about(window, out, answer_clip)
    if args.welcome_only:
        window.close()
        pump(0.2)
        return 0
    if args.packet is not None:
        packet = load_packet_file(args.packet)
        packet_id = services.store.submit(lambda store: store.save_packet(packet.to_dict())).result(10)
        window.refresh_packets(str(packet_id), True)
        wait_until(lambda: window.home.selected_packet() == packet_id, 10)
        window.open_packet_editor()
        wait_until(lambda: window.packet_editor is not None and window.packet_editor.isVisible(), 10)
        window.packet_editor.resize(1260, 800)
        window.packet_editor.move(10, 10)
        pump(1.5)
        shoot(window.packet_editor, out / "packet.png", screen=False)
        window.packet_editor.close()
        pump(0.3)

    window.home.start_button.click()
    wait_until(lambda: window.controller is not None and window.defense.count_label.text() != "", 20)
    wait_until(lambda: not services.voice.is_busy(), 20)
    clock.advance(38 * 60 + 30)
    QTest.keyClick(window.defense, Qt.Key.Key_Space)
    player = subprocess.Popen(["paplay", "-d", "vmic_in", str(answer_clip)])
    last = time.monotonic()
    while player.poll() is None:
        pump(0.1)
        now = time.monotonic()
        clock.advance(now - last)  # the fake clock follows real time while speech plays
        last = now
    pump(0.5)
    clock.advance(80)  # past 40:00, so the banner is the five-minute warning
    window.defense.captions_button.setChecked(True)
    window.controller.tick()
    pump(1.5)
    shoot(window, out / "defense.png")

    QTest.keyClick(window.defense, Qt.Key.Key_Space)
    wait_until(lambda: services.recorder._pending == set(), 20)
    QTest.keyClick(window.defense, Qt.Key.Key_N)
    clock.advance(95)
    QTest.keyClick(window.defense, Qt.Key.Key_Space)
    clock.advance(80)
    QTest.keyClick(window.defense, Qt.Key.Key_Space)
    QTest.keyClick(window.defense, Qt.Key.Key_Escape)
    wait_until(lambda: window._end_box is not None, 5)
    window._end_box.buttons()[0].click()
    wait_until(lambda: window.stack.currentWidget() is window.summary, 20)
    services.recorder.wait_idle(10)
    pump(1)
    window.open_summary(window.summary._session_id)
    pump(1)
    shoot(window, out / "summary.png")

    window.show_home()
    wait_until(lambda: window.home.recent_tree.topLevelItemCount() > 0, 10)
    window._check_microphone("")  # the microphone check, with speech coming in
    player = subprocess.Popen(["paplay", "-d", "vmic_in", str(answer_clip)])
    pump(1.2)
    shoot(window, out / "home.png")
    wait_until(lambda: "works" in window.home.mic_status.text() or "silence" in window.home.mic_status.text(), 10)
    player.kill()

    dialog = SettingsDialog(services.prefs, services.input_devices(), services.voice.voice_list(),
                            services.voice.default_voices(), window, voice_note=services.voice.natural_voices_note())
    dialog.findChild(QTabWidget).setCurrentIndex(1)
    dialog.show()
    dialog.move(200, 120)
    shoot(window, out / "settings.png")
    dialog.close()
    window.close()
    window.deleteLater()
    pump(0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
