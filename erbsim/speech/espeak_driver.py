"""Make pyttsx3's espeak-ng driver render each file from its own text and voice only.

pyttsx3 (2.99) runs libespeak-ng in its asynchronous mode: setting the rate,
volume or pitch only queues a command for espeak's own thread, synthesis is
queued the same way, and the WAV file is written from espeak's thread when the
message ends. `Engine.runAndWait()` begins by calling the driver's `stop()`,
which cancels espeak whenever it is busy, and it is busy right then, applying
the settings just queued. `espeak_Cancel()` drops the queued commands and puts
back the parameters of the previous utterance. So a board member's question
was now and then spoken at the rate and pitch of the member rendered before,
more often on a slower or busier machine: the same text in the same voice came
out 43,000 to 53,000 samples long depending on what was said before it. The
same cancel also ended the loop before the file was written (the "wrote no
audio" retries), and the first render of a process returned while espeak was
still synthesising.

`prepare(engine)` turns that `stop()` into a no-op (erbsim never interrupts a
render: each one ends before the next begins) and returns `wait_idle`, which
waits until espeak's thread has run everything queued, the file included.
Other drivers (SAPI5, NSSS) are left as they are and get a wait_idle that
returns at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

WaitIdle = Callable[[float], None]


def _never_busy(timeout: float) -> None:
    return None


def prepare(engine) -> WaitIdle:
    """Make `engine` (a pyttsx3 Engine) render deterministically; returns wait_idle(timeout)."""
    if getattr(engine, "driver_name", None) != "espeak":
        return _never_busy
    try:
        from pyttsx3.drivers import _espeak

        is_busy = _espeak.IsPlaying
        driver = engine.proxy._driver
        driver.stop  # noqa: B018 - the method replaced below must exist
    except (ImportError, AttributeError) as error:
        log.warning("unexpected pyttsx3 espeak driver (%s): a question may be spoken with the settings "
                    "of the one before", error)
        return _never_busy
    driver.stop = lambda: None  # an instance attribute: shadows EspeakDriver.stop for this engine only

    def wait_idle(timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while is_busy():  # a ctypes call: releases the GIL, so espeak's callbacks run meanwhile
            if time.monotonic() > deadline:
                raise RuntimeError(f"the text-to-speech engine was still busy after {timeout:.0f} s")
            time.sleep(0.002)

    return wait_idle
