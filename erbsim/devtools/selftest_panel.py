"""`erbsim selftest --panel`: a scripted mentor-led panel through the real paths, offscreen.

The app's own main window starts the panel (both windows, the real board voices
rendered by the speech engine and played by QtMultimedia, the microphone and
streaming transcription when there is one, storage in a throwaway data folder).
The script does what a mentor does: asks the top of the queue, lets seat 3 ask
a typed question in its voice, fires a classic probe, asks the board's suggested
follow-up, asks the queue's top again, makes a seat cut into an answer, scores,
takes two notes, raises a flag, collects the votes 4-1 and reveals the result.
Each question is timed from the click to its first sound at the speaker, with a
speech cache of its own (nothing from an earlier run). A precise timer on the GUI thread measures the longest
stall while the console is used, and after every step every text of the
candidate's window is searched for mentor-only text. Prints JSON.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from erbsim.devtools.selftest import _wait

# The typed answers, when no microphone records (weak on purpose: the board has something to ask).
TYPED = ("We launched the merchant risk score in Q4 because the GM asked for it, shipped twelve features "
         "and approvals got faster.")
CUSTOM = "Which part of the scoring model would you throw away first, and why?"
TYPED_FOLLOW_UP = "Who in that unit would say so, in their own words?"
_APP = None  # the QApplication of the run (see run_panel_selftest)
VOTES = (("cpo", True, "Clear decision and a real trade-off."),
         ("peer_exec", True, "Two other units run it as their standard."),
         ("tech_fellow", True, "The architecture held at peak."),
         ("gm", True, "Owned the cost and said who paid."),
         ("talent_lead", False, "No framework others decide with yet."))


def run_panel_selftest(answer_seconds: float = 4.0, answer_audio: str | None = None,
                       answer_sink: str = "vmic_in") -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    work = Path(tempfile.mkdtemp(prefix="erbsim-selftest-panel-"))
    from erbsim.core.paths import HOME_ENV

    os.environ[HOME_ENV] = str(work)  # the speech cache too: nothing rendered by an earlier run

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from erbsim.core.board import CLASSIC_PROBES, default_board
    from erbsim.core.store import Store
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.panel.stall import StallMeter
    from erbsim.ui.panel.start_dialog import PanelSetup
    from erbsim.ui.services import Services
    from erbsim.ui.settings_store import SettingsStore

    global _APP
    # Held by the module, not by this function: when the function returns, its
    # windows must not outlive the application object they were made under.
    _APP = QApplication.instance() or QApplication(sys.argv[:1])
    services = Services(SettingsStore(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)),
                        data_dir=work / "data")
    window = MainWindow(services)
    window.show()
    _wait(lambda: services.model_fraction >= 1 or services.model_fraction < -1, 120)
    window.start_panel(PanelSetup(mentor="Selftest mentor", board=default_board(), screen=None, packet_id=None,
                                  track="staff", minutes=45))
    _wait(lambda: window.panel is not None and window.panel.session_id is not None, 10)
    panel = window.panel
    if panel is None:
        raise RuntimeError("the panel did not start")
    from erbsim.devtools.heard import SpeakerListener

    voice = services.voice
    listener = SpeakerListener(voice)
    spoken: list[str] = []
    voice.spoken.connect(spoken.append)
    heard: dict[str, list[float | None]] = {"queue": [], "probe": [], "suggestion": [], "typed": []}
    prepared: dict[str, list[bool]] = {"queue": [], "probe": [], "suggestion": [], "typed": []}

    def ask_timed(kind: str, text: str, seat: str, ask) -> None:
        """Ask `text` in `seat`'s voice (a console action, `ask`), noting whether it was rendered
        ahead, and time it from the click to its first sound at the speaker."""
        prepared[kind].append(voice.is_prepared(text, seat))
        clicked = time.perf_counter()
        ask()
        heard[kind].append(listener.heard_after(text, clicked))
    voiced = panel.recorder is not None and services.recorder.available()
    leaks = 0
    stall = StallMeter()

    def check() -> None:
        nonlocal leaks
        leaks = max(leaks, len(panel.leaked_texts()))

    def answer(interrupt_seat: str | None = None) -> None:
        panel.toggle_answer()  # the candidate starts answering
        if not voiced:
            if interrupt_seat is not None:
                panel.interrupt(interrupt_seat, "Let me stop you there: what did you decide?")
                check()
            panel.submit_typed_answer(TYPED)  # ends the answer and saves what was "said"
            return
        player = subprocess.Popen(["paplay", "-d", answer_sink, answer_audio]) if answer_audio else None
        _wait(lambda: False, answer_seconds / 2)
        if interrupt_seat is not None:
            panel.interrupt(interrupt_seat, "Let me stop you there: what did you decide?")
            check()
        _wait(lambda: False, answer_seconds / 2)
        if player is not None:
            player.kill()
        panel.toggle_answer()

    def spoken_through(text: str) -> bool:
        return _wait(lambda: text in spoken or not services.voice.enabled, 30)

    stall.start()
    top = panel.queue.items[0]
    _wait(lambda: voice.is_prepared(top.question.text, top.seat), 5)  # while the mentor reads the queue
    ask_timed("queue", top.question.text, top.seat, lambda: panel.ask_next(0))
    first = panel.session.current_turn.text if panel.session.current_turn else ""
    spoken_through(first)
    check()
    answer(interrupt_seat="gm")
    for dimension, score in (("strategic_autonomy", 2), ("cross_bu_impact", 3), ("talent_multiplier", 2)):
        panel.score(dimension, score)
    panel.add_note("Answered the how before the why.")
    panel.raise_flag("whose decision?")
    check()
    voice.forget(CUSTOM, "tech_fellow")  # timed as a question never rendered before
    asked_custom = time.perf_counter()
    panel.ask_custom(CUSTOM, "tech_fellow")  # seat 3
    custom_heard_s = listener.heard_after(CUSTOM, asked_custom)
    custom_spoken = spoken_through(CUSTOM) and CUSTOM in spoken
    check()
    panel.console.ask.select_seat("peer_exec")  # the mentor picks the seat for a probe while listening
    answer()
    ask_timed("probe", CLASSIC_PROBES[1], "peer_exec", lambda: panel.ask_probe(CLASSIC_PROBES[1], "peer_exec"))
    spoken_through(CLASSIC_PROBES[1])
    answer()
    if _wait(lambda: panel._suggestion is not None, 30):  # the board has read the answer
        suggested, seat = panel._suggestion[1].text, panel.session.current_turn.seat
        _wait(lambda: voice.is_prepared(suggested, seat), 5)  # as the mentor reads it
        ask_timed("suggestion", suggested, seat, panel.ask_suggestion)
        spoken_through(suggested)
        answer()
    # A follow-up typed on the console the way a mentor types it, a short pause, then Enter.
    edit = panel.console.ask.custom_edit
    QTest.keyClicks(edit, TYPED_FOLLOW_UP)
    _wait(lambda: False, 1.5)  # the mentor reads it over
    ask_timed("typed", TYPED_FOLLOW_UP, "peer_exec", lambda: QTest.keyClick(edit, Qt.Key.Key_Return))
    spoken_through(TYPED_FOLLOW_UP)
    answer()
    top = panel.queue.items[0]
    ask_timed("queue", top.question.text, top.seat, lambda: panel.ask_next(0))  # rendered during the answer
    spoken_through(panel.session.current_turn.text)
    answer()
    panel.add_note("No second business unit named.")
    check()
    panel.end()
    for seat, approve, why in VOTES:
        panel.vote(seat, approve, why)
    panel.reveal()
    check()
    longest_stall = stall.stop()
    listener.close()
    session_id = panel.session_id
    panel.finish("Lead with the decision; name the second adopter.")
    _wait(lambda: window.panel is None, 15)
    services.store.wait_until_idle()
    window.close()
    # Delete the windows (and the stopped panel's) while the event loop can still run their clean-up.
    window.deleteLater()
    stall.deleteLater()
    _wait(lambda: False, 0.2)
    with Store(data_root=work / "data") as store:
        detail = store.get_session(session_id)
    outcome = detail.outcome
    custom_turns = [t for t in detail.turns if t.origin == "custom"]
    return {
        "mode": detail.session.mode,
        "outcome": "approved" if outcome.approved else "rejected" if outcome.approved is False else "undecided",
        "votes": {"approve": outcome.passes, "reject": outcome.fails},
        "revealed": detail.session.revealed_at is not None,
        "questions_asked": len(detail.turns),
        "custom_questions_spoken": sum(1 for t in custom_turns if t.question_text in spoken),
        # click -> first sound at the speaker (erbsim.devtools.heard); a typed question is rendered when asked
        "custom_question_heard_s": custom_heard_s if custom_spoken else None,
        "question_heard_s": heard["queue"],
        "probe_heard_s": heard["probe"],
        "suggestion_heard_s": heard["suggestion"],
        "typed_follow_up_heard_s": heard["typed"],  # typed on the console, Enter after a 1.5 s pause
        "prepared_before_asked": prepared,  # per question asked, as in the lists above
        "heard_by": listener.method,
        "probes_asked": sum(1 for t in detail.turns if t.origin == "probe"),
        "interruptions": sum(1 for e in detail.events if e.kind == "interruption"),
        "scores": sum(len(t.ratings) for t in detail.turns),
        "notes": len(detail.notes),
        "flags": sum(1 for e in detail.events if e.kind == "flag"),
        "answers": "spoken" if voiced else "typed",
        "longest_gui_stall_ms": round(longest_stall, 1),
        "mentor_text_in_candidate_window": leaks,
        "data_dir": str(work / "data"),
    }
