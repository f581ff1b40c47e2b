"""Start the desktop app: set up the log file, build the services, show the window."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from erbsim import __version__


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
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from erbsim.ui import single_instance
    from erbsim.ui.logging_setup import set_up_logging
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services, resolve_data_root
    from erbsim.ui.settings_store import SettingsStore
    from erbsim.ui.theme import apply_theme

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
    instance = single_instance.claim(data_root)
    if instance.claim is single_instance.Claim.RAISED:
        print(f"erbsim: {single_instance.ALREADY_OPEN}", file=sys.stderr)
        return 0
    read_only = instance.claim is single_instance.Claim.UNREACHABLE
    if read_only and not single_instance.offer_read_only():
        return 0
    apply_theme(app, settings.load().theme)
    # "Follow the system": re-apply when the desktop switches between light and dark.
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: services.prefs.theme == "system" and apply_theme(app, "system"))
    services = Services(settings, load_model=False, data_dir=data_dir, read_only=read_only)
    window = MainWindow(services)
    if read_only:
        window.setWindowTitle(f"{window.windowTitle()} (read-only: open in another erbsim)")
    instance.activation_requested.connect(lambda: single_instance.bring_to_front(window))
    app.aboutToQuit.connect(instance.release)
    if logs is not None:
        # An uncaught exception is logged by the hooks; the person also gets a sentence in the window.
        logs.notify = lambda error: services.bridge.tell_user("The last action", error)
    window.show()
    # The model loads once the window is up, so start-up does not share the CPU with it.
    QTimer.singleShot(0, services.load_model)
    skip_welcome = ("--no-welcome" if not welcome else "a timing run" if os.environ.get(READY_PROBE_ENV)
                    else "the data folder is read-only" if read_only
                    else "shown before" if services.prefs.welcome_shown else "")
    if skip_welcome:
        log.info("no first-run welcome: %s", skip_welcome)
    else:
        QTimer.singleShot(0, lambda: _open_welcome(window))  # once home is on screen
    if driver is not None:  # a developer tool drives the real app (erbsim bench crash)
        QTimer.singleShot(0, lambda: driver(app, window, services))
    if os.environ.get(READY_PROBE_ENV):
        _report_ready_and_quit(app, window)
    return app.exec()


READY_PROBE_ENV = "ERBSIM_EXIT_WHEN_READY"


def _open_welcome(window) -> None:
    from erbsim.ui.welcome import open_welcome  # imported only on a first run

    open_welcome(window)


def _report_ready_and_quit(app, window) -> None:
    """For `erbsim bench startup`: once the home window has painted and the event
    loop is idle, print the time since the process started, then close."""
    import psutil
    from PySide6.QtCore import QTimer

    def ready() -> None:
        started = psutil.Process().create_time()
        import time

        print(f"erbsim-ready {time.time() - started:.3f}", flush=True)
        window.close()

    QTimer.singleShot(0, ready)
