"""The defense window driven like a user would: keys, a fake clock, real audio."""

from __future__ import annotations

import itertools
import os

import pytest
import soundfile as sf
from conftest import speak_into_microphone
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from erbsim.core.seats import seat_by_id
from erbsim.core.store import Store

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def start_defense(qtbot, window, follow_ups=1, minutes=45):
    window.home.follow_ups_spin.setValue(follow_ups)
    window.home.minutes_spin.setValue(minutes)
    qtbot.keyClick(window.home, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.controller is not None and window.defense.count_label.text() == "Question 1")
    return window.controller


def answer_with_clip(qtbot, window, clip, fake_clock):
    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    assert window.defense.answer_button.text() == "Stop answer"
    peaks: list[float] = []

    def heard(peak: float) -> None:
        peaks.append(peak)

    window.services.recorder.level_changed.connect(heard)
    player = speak_into_microphone(clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=30000)
    # The clip's tail is recorded once the microphone is digitally silent again: the
    # recording's own quiet moments never are (the clips' background noise).
    after_paplay = len(peaks)
    qtbot.waitUntil(lambda: 0.0 in peaks[after_paplay:], timeout=5000)
    window.services.recorder.level_changed.disconnect(heard)
    fake_clock.advance(20)
    with qtbot.waitSignal(window.controller.transcript_saved, timeout=30000) as saved:
        qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    return saved.args[0]


def read_turn(data_home, turn_id):
    with Store(data_root=data_home) as store:
        return store.get_turn(turn_id)


def test_keyboard_defense_with_warnings_overtime_and_a_recorded_answer(qtbot, make_window, fake_clock, data_home):
    window = make_window()
    controller = start_defense(qtbot, window)
    first = controller.session.current_turn
    seat = seat_by_id(first.seat)
    assert window.defense.seat_label.text() == seat.name
    assert window.defense.role_label.text() == seat.title
    assert first.text in window.defense.question_label.text()
    qtbot.waitUntil(lambda: not window.services.voice.is_busy(), timeout=20000)

    turn_id = answer_with_clip(qtbot, window, "ls_1988-24833-0000.wav", fake_clock)
    turn = read_turn(data_home, turn_id)
    assert "kittens" in turn.transcript_text.lower()
    assert turn.audio_path == f"recordings/{turn.session_id}/answer-001.opus"  # removed with the session
    assert (data_home / turn.audio_path).stat().st_size > 1000
    words, recorded_s = turn.words, sf.info(str(data_home / turn.audio_path)).duration
    assert len(words) >= 5 and all(word["start"] < word["end"] for word in words)
    assert all(before["end"] <= after["start"] for before, after in itertools.pairwise(words))  # one after another
    assert 2.5 < words[-1]["end"] - words[0]["start"] and words[-1]["end"] <= recorded_s  # the 3.3 s clip, recorded
    assert turn.answer_ended_s - turn.answer_started_s == pytest.approx(20, abs=0.5)

    qtbot.keyClick(window.defense, Qt.Key.Key_N)  # follow_ups=1: the same seat probes first
    second = controller.session.current_turn
    assert second.is_follow_up and second.question.id == first.question.id
    assert window.defense.count_label.text() == "Question 2"
    qtbot.keyClick(window.defense, Qt.Key.Key_F)
    assert controller.session.current_turn.follow_up_index == 1
    qtbot.keyClick(window.defense, Qt.Key.Key_N)
    assert controller.session.current_turn.question.id != first.question.id
    turns_before = len(controller.session.turns)
    qtbot.keyClick(window.defense, Qt.Key.Key_R)
    assert len(controller.session.turns) == turns_before

    banners = []
    for minutes_passed in (35, 40, 44):
        fake_clock.advance(minutes_passed * 60 - controller.session.elapsed_s())
        controller.tick()
        banners.append(window.defense.warning_label.text())
        assert window.defense.warning_label.isVisible()
    assert banners == ["10 minutes left.", "5 minutes left.", "One minute left."]
    fake_clock.advance(61)
    controller.tick()
    assert window.defense.status_label.text() == "Overtime"
    assert window.defense.clock_label.property("overtime") is True
    assert window.defense.clock_label.text().startswith("-0:0")

    qtbot.keyClick(window.defense, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window._end_box is not None)
    keep_going = [b for b in window._end_box.buttons() if b.text() == "Keep going"][0]
    keep_going.click()
    assert window.controller is controller
    qtbot.keyClick(window.defense, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window._end_box is not None)
    end = [b for b in window._end_box.buttons() if b.text() == "End session"][0]
    end.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary, timeout=10000)
    assert window.summary.table.rowCount() == len(controller.session.turns)
    with Store(data_root=data_home) as store:
        (summary,) = store.list_sessions()
    assert summary.status == "finished" and summary.question_count == len(controller.session.turns)
    with Store(data_root=data_home) as store:  # the soft limit it was rehearsed with, for the review
        assert store.get_session(summary.id).session.soft_limit_s == window.services.prefs.soft_limit_s

    # The recorded answer plays back in the review (Ogg/Opus from the recorder).
    with qtbot.waitSignal(window.review.session_loaded, timeout=10000):
        window.open_review(summary.id)
    player = window.review.detail.answer.player.player
    qtbot.waitUntil(lambda: player.duration() > 3000, timeout=10000)  # the 3.3 s clip, recorded in real time
    assert "kittens" in window.review.detail.answer.transcript.toPlainText().lower()


def test_summary_ratings_are_saved(qtbot, make_window, fake_clock, data_home):
    window = make_window()
    controller = start_defense(qtbot, window, follow_ups=0)
    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    fake_clock.advance(30)
    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    qtbot.keyClick(window.defense, Qt.Key.Key_N)
    controller.end("finished")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary, timeout=10000)
    window.summary.table.cellWidget(0, 6).setCurrentIndex(2)
    window.summary.table.cellWidget(1, 8).setCurrentIndex(5)
    window.summary.save_button.click()
    qtbot.waitUntil(lambda: window.summary.status.text().startswith("Saved"), timeout=10000)
    assert window.summary.status.text() == "Saved 2 rating(s)."
    with Store(data_root=data_home) as store:
        turns = store.get_turns(window.summary._session_id)
        scores = {(t.position, r.dimension): r.score for t in turns for r in t.ratings}
        assert scores == {(1, "strategic_autonomy"): 2, (2, "talent_multiplier"): 5}
        assert store.question_scores()[turns[0].question_id] == 2

    review_button = [b for b in window.summary.findChildren(QPushButton) if b.text() == "Listen back and review"][0]
    with qtbot.waitSignal(window.review.session_loaded, timeout=10000) as loaded:
        review_button.click()
    assert loaded.args[0] == window.summary._session_id
    assert window.stack.currentWidget() is window.review


def test_closing_mid_answer_keeps_audio_then_resume(qtbot, make_window, fake_clock, data_home):
    window = make_window()
    start_defense(qtbot, window, follow_ups=0)
    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    player = speak_into_microphone("ls_1988-24833-0002.wav")
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=30000)
    fake_clock.advance(12 * 60)
    window.close()  # mid-answer
    with Store(data_root=data_home) as store:
        (session,) = store.list_sessions()
        assert session.status == "interrupted"
        (turn,) = store.get_turns(session.id)
        assert (data_home / turn.audio_path).stat().st_size > 1000
        assert "asthma" in (turn.transcript_text or "").lower()

    again = make_window()
    qtbot.waitUntil(lambda: again.home.interrupted_frame.isVisible(), timeout=10000)
    assert "interrupted after 1 question" in again.home.interrupted_label.text()
    again.home.resume_button.click()
    qtbot.waitUntil(lambda: again.controller is not None, timeout=10000)
    resumed = again.controller
    assert resumed.session.remaining_s() == pytest.approx(45 * 60 - 12 * 60, abs=1)
    qtbot.keyClick(again.defense, Qt.Key.Key_N)
    assert again.defense.count_label.text() == "Question 2"
    assert resumed.session.current_turn.question.id != turn.question_id
    resumed.end("finished")
    qtbot.waitUntil(lambda: again.stack.currentWidget() is again.summary, timeout=10000)
    with Store(data_root=data_home) as store:
        (session,) = store.list_sessions()
        assert session.status == "finished" and session.question_count == 2


def test_typed_answers_when_there_is_no_microphone(qtbot, data_home, fake_clock):
    from erbsim.core.banks import default_bank_paths, load_banks
    from erbsim.ui.bridge import FutureBridge
    from erbsim.ui.defense_controller import DefenseController, DefensePlan
    from erbsim.ui.defense_view import DefenseView
    from erbsim.ui.store_client import StoreClient

    class SilentVoice:
        def speak(self, *args, **kwargs): pass
        def prepare(self, *args): pass
        def stop(self): pass

    view = DefenseView()
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    store = StoreClient(data_home, FutureBridge())
    questions = load_banks(default_bank_paths()).questions
    plan = DefensePlan(track="principal", minutes=45, banks=["Strategy", "Trade-offs", "Replication"],
                       seats=["tech_fellow"], follow_ups=0)
    controller = DefenseController(view, store, SilentVoice(), None, questions, plan, clock=fake_clock)
    controller.start()
    assert view.typed_answer.isVisible()
    assert controller.session.current_turn.seat == "tech_fellow"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClicks(view.typed_answer, "Nobody asked me to rebuild the query planner.")
    with qtbot.waitSignal(controller.transcript_saved, timeout=10000) as saved:
        qtbot.keyClick(view.typed_answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    store.wait_until_idle()
    turn = store.call("get_turn", saved.args[0]).result()
    assert turn.transcript_text == "Nobody asked me to rebuild the query planner."
    assert turn.engine == "typed"
    controller.end("finished")
    store.close()


def test_after_a_crash_mid_answer_resume_keeps_the_time_already_used(qtbot, make_window, fake_clock, data_home):
    window = make_window()
    controller = start_defense(qtbot, window, follow_ups=0)
    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    fake_clock.advance(10 * 60)  # ten minutes into an answer, then the app dies
    controller._beat()  # the heartbeat the timer sends every few seconds
    window.services.store.wait_until_idle()
    controller._ticker.stop()
    controller._heartbeat.stop()
    window.controller = None  # the process is gone: nothing closes the session cleanly
    with Store(data_root=data_home) as store:
        (session,) = store.list_sessions()
        assert store.get_session(session.id).session.board_elapsed_s == pytest.approx(600, abs=1)
        (turn,) = store.get_turns(session.id)
        assert turn.answer_ended_s is None  # the answer's end was never saved
        # ...but its start and its recording were, when it started: the recovery needs both
        assert turn.answer_started_s == pytest.approx(0, abs=1) and turn.audio_path.endswith("answer-001.opus")
    # The next start, another process, finds the session's owner gone (this process owns it,
    # so the liveness check is the one injected) and marks it interrupted.
    with Store(data_root=data_home, pid=os.getpid() + 1, is_alive=lambda pid, started: False) as next_start:
        (recovered,) = next_start.recover_interrupted()
    assert recovered.id == session.id
    assert recovered.status == "interrupted"

    again = make_window()
    qtbot.waitUntil(lambda: again.home.interrupted_frame.isVisible(), timeout=10000)
    again.home.resume_button.click()
    qtbot.waitUntil(lambda: again.controller is not None, timeout=10000)
    assert again.controller.session.remaining_s() == pytest.approx(35 * 60, abs=1)
    again.controller.end("finished")
    qtbot.waitUntil(lambda: again.stack.currentWidget() is again.summary, timeout=10000)
