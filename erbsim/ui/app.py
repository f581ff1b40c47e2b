"""Start the desktop app: set up the log file, build the services, show the window."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from erbsim import __version__
from erbsim.core.startup import READY_PROBE_ENV


def run_app(argv: list[str] | None = None, *, data_dir: Path | None = None, driver=None,
            welcome: bool = True) -> int:
    """Show the main window and run the event loop; returns the exit code.

    `data_dir`: the folder named with --data-dir (None: $ERBSIM_HOME, else the
    folder chosen in Settings, else the platform's). `driver(app, window, services)`, if given,
    runs once the event loop starts: a developer tool scripting the real app. `welcome`: False
    (`erbsim --no-welcome`) never opens the first-run welcome; neither does a timing run
    (READY_PROBE_ENV) nor an app that opened the data folder read-only."""
    from erbsim.core.paths import make_private, private_umask

    private_umask()  # the database, recordings and logs it writes are the user's alone
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        print("erbsim: no display found (DISPLAY and WAYLAND_DISPLAY are unset). Run it from a desktop "
              "session; `erbsim --help` lists the commands that need no window.", file=sys.stderr)
        return 1
    from erbsim.core.startup import mark

    mark("arguments")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    mark("qt_imports")
    from erbsim.ui import single_instance
    from erbsim.ui.logging_setup import set_up_logging
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services, resolve_data_root
    from erbsim.ui.settings_store import SettingsStore
    from erbsim.ui.theme import apply_theme

    mark("app_imports")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("erbsim")
    app.setApplicationName("erbsim")
    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    from erbsim.assets import APP_ID, asset_path, icon_pngs

    # The Wayland app id names the desktop file, so the task bar groups the windows under
    # the menu entry's icon (on X11 the desktop file's StartupWMClass=erbsim does it).
    app.setDesktopFileName(APP_ID)
    icon = QIcon()
    for path in icon_pngs() or [asset_path("erbsim.svg")]:  # rendered at each size: crisp when small
        icon.addFile(path)
    app.setWindowIcon(icon)
    mark("qt_application")
    settings = SettingsStore()
    # Before the services, so that whatever goes wrong while they start is in the file too.
    # Kept until the process ends (logging flushes it at exit).
    log = logging.getLogger(__name__)
    try:
        data_root = resolve_data_root(settings.load(), data_dir)
    except OSError as error:  # the folder cannot be created (a read-only parent): say so, no traceback
        from PySide6.QtWidgets import QMessageBox

        message = (f"The data folder cannot be created ({error.strerror or error}): make its parent folder "
                   "writable or choose another with --data-dir.")
        print(f"erbsim: {message}", file=sys.stderr)
        QMessageBox.critical(None, "erbsim", message)
        return 1
    narrowing_started = time.perf_counter()
    narrowed = make_private(data_root)  # what an older version or a copy left readable by others
    narrowing_ms = (time.perf_counter() - narrowing_started) * 1000
    try:
        logs = set_up_logging(data_root)
    except OSError as error:  # a read-only data folder: the app still tells the person what fails
        logs = None
        log.warning("no log file in %s: %s", data_root, error)
    log.info("erbsim %s started; data folder %s", __version__, data_root)
    if narrowed:
        log.info("made %d file(s) and folder(s) in the data folder readable by you alone (%.0f ms)",
                 narrowed, narrowing_ms)
    mark("data_folder_and_log")
    instance = single_instance.claim(data_root)
    if instance.claim is single_instance.Claim.RAISED:
        print(f"erbsim: {single_instance.ALREADY_OPEN}", file=sys.stderr)
        return 0
    read_only = instance.claim is single_instance.Claim.UNREACHABLE
    if read_only and not single_instance.offer_read_only():
        return 0
    mark("single_instance")
    apply_theme(app, settings.load().theme)
    # "Follow the system": re-apply when the desktop switches between light and dark.
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: services.prefs.theme == "system" and apply_theme(app, "system"))
    mark("theme")
    services = Services(settings, load_model=False, data_dir=data_dir, read_only=read_only)
    mark("services")
    window = MainWindow(services)
    mark("window_built")
    if read_only:
        window.setWindowTitle(f"{window.windowTitle()} (read-only: open in another erbsim)")
    instance.activation_requested.connect(lambda: single_instance.bring_to_front(window))
    app.aboutToQuit.connect(instance.release)
    if logs is not None:
        # An uncaught exception is logged by the hooks; the person also gets a sentence in the window.
        logs.notify = lambda error: services.bridge.tell_user("The last action", error)
    # Once home has painted and the event loop is idle: the ready probe of `erbsim bench startup`
    # (which closes the app), then the speech model, loading in the background. It shares the
    # CPU (and Python's lock) with the window, so it waits until home is interactive.
    after_home = [_ready_probe(window)] if os.environ.get(READY_PROBE_ENV) else []
    after_home.append(lambda: services.load_model() if window.isVisible() else None)
    skip_welcome = ("--no-welcome" if not welcome else "a timing run" if os.environ.get(READY_PROBE_ENV)
                    else "the data folder is read-only" if read_only
                    else "shown before" if services.prefs.welcome_shown else "")
    if skip_welcome:
        log.info("no first-run welcome: %s", skip_welcome)
    else:
        after_home.append(lambda: _open_welcome(window) if window.isVisible() else None)  # once home is on screen
    when_painted(window, after_home)
    window.show()
    mark("window_shown")
    if driver is not None:  # a developer tool drives the real app (erbsim bench crash)
        QTimer.singleShot(0, lambda: driver(app, window, services))
    return app.exec()


WHEN_NOT_PAINTED_MS = 1500  # a platform that never paints a hidden window still gets them


def _open_welcome(window) -> None:
    from erbsim.ui.welcome import open_welcome  # imported only on a first run

    open_welcome(window)


def when_painted(window, callbacks) -> None:
    """Run `callbacks` in order once `window` has first painted and the events queued
    before that are handled (or after WHEN_NOT_PAINTED_MS, whichever comes first)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from erbsim.core.startup import mark

    def run() -> None:
        if watcher.done:
            return
        watcher.done = True
        window.removeEventFilter(watcher)
        for callback in callbacks:
            callback()

    class FirstPaint(QObject):
        painted = done = False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
            if watched is window and event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                mark("first_paint")
                QTimer.singleShot(0, run)
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(WHEN_NOT_PAINTED_MS, run)


def _ready_probe(window):
    """For `erbsim bench startup`: mark "ready", print the seconds since the process
    started (`erbsim-ready S`) and the CPU seconds it used, all threads (`erbsim-cpu S`),
    then close the window."""
    from erbsim.core.startup import CPU_PREFIX, READY_PREFIX, mark, seconds_since_start

    def ready() -> None:
        mark("ready")
        print(f"{READY_PREFIX} {seconds_since_start():.3f}\n{CPU_PREFIX} {time.process_time():.3f}", flush=True)
        window.close()

    return ready
