"""The first-run welcome (issue 13): greeting, microphone check, one board voice, where the data
is kept, and a 5-minute practice defense, with the speech model loading in the background.

`erbsim.ui.app.run_app` opens it once home is on screen, when the settings say it was not shown
yet (`erbsim --no-welcome` skips it); Help → Welcome… opens it again. MainWindow never opens it
on its own, so the tools and tests that build a window get none.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt

from erbsim.core.seats import SEAT_IDS
from erbsim.ui.welcome.dialog import WelcomeDialog
from erbsim.ui.welcome.pages import PRACTICE_MINUTES

__all__ = ["WelcomeDialog", "open_welcome", "start_practice"]

log = logging.getLogger(__name__)


def open_welcome(window) -> WelcomeDialog:
    """Show the welcome over the main window (or raise the one already open)."""
    existing = window.findChild(WelcomeDialog, "welcomeDialog")
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    services = window.services
    dialog = WelcomeDialog(services, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # one user of the microphone at a time

    def device_chosen(device_id: str) -> None:
        services.save_prefs(replace(services.prefs, input_device=device_id))
        services.recorder.set_device(device_id)
        window.home.set_devices(services.input_devices(), device_id)

    def practice() -> None:
        dialog.accept()
        start_practice(window)

    dialog.mic.device_chosen.connect(device_chosen)
    dialog.practice_requested.connect(practice)
    log.info("showing the welcome")
    dialog.show()
    dialog.next_button.setFocus()
    return dialog


def start_practice(window) -> None:
    """A solo defense of PRACTICE_MINUTES with the home page's other choices, started the way the
    home page starts one; the minutes the person set for real defenses stay as they were."""
    services = window.services
    if window.controller is not None or window.panel is not None:
        window.statusBar().showMessage("A session is already running: end it first (Esc).", 10_000)
        return
    options = replace(window.home.options(), minutes=PRACTICE_MINUTES)
    if not options.banks or not options.seats:  # nothing to ask with: all banks and seats, as by default
        options = replace(options, banks=list(services.banks.banks), seats=list(SEAT_IDS))
    minutes = services.prefs.minutes
    window.start_defense(options)
    services.prefs.minutes = minutes
    services.save_prefs(services.prefs)
