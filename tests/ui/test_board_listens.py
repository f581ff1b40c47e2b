"""The board listens during a defense (typed answers, a fake clock) and shows what it heard
only afterwards: the follow-up chosen from the answer, the board cutting in, and the
summary and review showing listen_for coverage and why a follow-up was asked."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from erbsim.core.banks import default_bank_paths, load_banks
from erbsim.core.interruptions import INTERRUPTIONS
from erbsim.core.listening import listen_to_session
from erbsim.core.probe import choose_follow_up, listen_for_coverage

NO_ADOPTER = "Nobody asked me to rebuild the query planner. I rebuilt it over one quarter and we shipped it."


class SilentVoice:
    def __init__(self):
        self.said: list[tuple[str, str]] = []
        self.prepared: list[tuple[str, str]] = []  # asked to be rendered ahead, in order

    def speak(self, text, seat, interrupt=True):
        self.said.append((text, seat))

    def prepare(self, text, seat):
        self.prepared.append((text, seat))

    def stop(self):
        pass


@pytest.fixture(scope="module")
def questions():
    return load_banks(default_bank_paths()).questions


@pytest.fixture
def defense(qtbot, data_home, fake_clock, questions):
    """A DefenseView with a controller in typed mode; yields a factory taking plan changes."""
    from erbsim.ui.bridge import FutureBridge
    from erbsim.ui.defense_controller import DefenseController, DefensePlan
    from erbsim.ui.defense_view import DefenseView
    from erbsim.ui.store_client import StoreClient

    view = DefenseView()
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    store = StoreClient(data_home, FutureBridge())
    store.opened.result(20)
    built = []

    def build(bank=None, **changes):
        plan = DefensePlan(track="principal", minutes=45, banks=["Strategy", "Trade-offs", "Replication"],
                           seats=["tech_fellow"], follow_ups=1, cut_in_after_s=0, seed=5)
        for key, value in changes.items():
            setattr(plan, key, value)
        voice = SilentVoice()
        if built:  # the view is shared: the defense before lets go of it, as the main window's does
            built[-1].detach()
        controller = DefenseController(view, store, voice, None, bank or questions, plan, clock=fake_clock)
        controller.start()
        built.append(controller)
        return view, store, controller, voice

    build.store = store
    yield build
    for controller in built:
        if not controller._closed:
            controller.end("finished")
    store.wait_until_idle()
    store.close()


def type_answer(qtbot, view, controller, text):
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClicks(view.typed_answer, text)
    with qtbot.waitSignal(controller.transcript_saved, timeout=10000) as saved:
        qtbot.keyClick(view.typed_answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return saved.args[0]


def visible_text(widget) -> str:
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit) if w.isVisible()]
    return "\n".join(parts)


def plain(rich: str) -> str:
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def end_session(qtbot, controller) -> int:
    with qtbot.waitSignal(controller.ended, timeout=10000) as ended:
        controller.end("finished")
    return ended.args[0]


def test_the_follow_up_comes_from_the_answer_and_is_shown_only_afterwards(qtbot, defense, questions, store_review):
    view, store, controller, _voice = defense()
    main = controller.session.current_turn
    with qtbot.waitSignal(controller.follow_up_offered, timeout=1000) as offered:  # ready within 1 s
        type_answer(qtbot, view, controller, NO_ADOPTER)
    chosen = offered.args[1]
    asked_so_far = (main.text,)
    expected = choose_follow_up(NO_ADOPTER, main.question, None, asked=asked_so_far,
                                bank=tuple(controller.session.conditionals.values()),
                                answer_s=main.answer_duration_s, soft_limit_s=180.0)
    assert chosen == expected

    qtbot.keyClick(view, Qt.Key.Key_N)  # follow_ups=1: the board probes what the answer lacked
    probe = controller.session.current_turn
    assert probe.is_follow_up and probe.follow_up == expected
    assert view.question_label.text() == expected.text
    # During the defense the board gives nothing away: no reason, no listen_for.
    shown = visible_text(view)
    assert expected.reason not in shown and main.question.listen_for not in shown

    type_answer(qtbot, view, controller, "Two other business units use it now.")
    session_id = end_session(qtbot, controller)
    detail = store.call("get_session", session_id).result()
    first, second = detail.turns
    assert (second.follow_up_reason, second.follow_up_signal) == (expected.reason, expected.signal or None)
    assert second.question_text == expected.text and second.parent_turn_id == first.id

    # The summary, beside each answer.
    from erbsim.ui.summary_view import SummaryView

    summary = SummaryView()
    qtbot.addWidget(summary)
    summary.resize(1180, 780)
    summary.show()
    summary.show_session(detail, listen_to_session(detail, {q.id: q for q in questions}))
    points = listen_for_coverage(NO_ADOPTER, main.question)
    assert points and "The board listens for" in plain(summary.heard.text())
    assert points[0].text in plain(summary.heard.text())
    summary.table.setCurrentCell(1, 2)
    assert f"Why the board asked: {expected.reason}" in plain(summary.heard.text())
    assert summary.table.item(1, summary.table.columnCount() - 1).text().endswith("why asked")

    # The review, beside the answer.
    review = store_review(store)
    with qtbot.waitSignal(review.session_loaded, timeout=10000):
        review.open_session(session_id, second.id)
    heard = plain(review.detail.answer.heard.text())
    assert f"Why the board asked: {expected.reason}" in heard
    assert "over the answer and its follow-ups so far" in heard
    review.detail.select_turn(first.id)
    assert points[0].text in plain(review.detail.answer.heard.text())
    assert "Why the board asked" not in plain(review.detail.answer.heard.text())


def test_when_choosing_fails_the_bank_follow_up_is_asked(qtbot, defense, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the lens is out")

    monkeypatch.setattr("erbsim.ui.session_runner.choose_follow_up", broken)
    view, store, controller, _voice = defense()
    main = controller.session.current_turn
    with caplog.at_level(logging.ERROR, logger="erbsim.ui.defense_controller"):
        type_answer(qtbot, view, controller, NO_ADOPTER)
        qtbot.waitUntil(lambda: "choosing the follow-up for answer 1 failed" in caplog.text, timeout=5000)
    assert view.warning_label.text() == "Typed answer saved. Press N for the next question."  # nothing alarming
    qtbot.keyClick(view, Qt.Key.Key_N)
    probe = controller.session.current_turn
    assert probe.text == main.question.follow_ups[0] and probe.follow_up is None
    session_id = end_session(qtbot, controller)
    (_, second) = store.call("get_session", session_id).result().turns
    assert second.follow_up_reason is None


def test_the_board_cuts_in_and_the_review_shows_when(qtbot, defense, fake_clock, store_review):
    view, store, controller, voice = defense(soft_limit_s=60, cut_in_after_s=30)
    fake_clock.advance(4)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    fake_clock.advance(89.5)
    controller.tick()
    assert "Come to the decision" in view.warning_label.text()
    with qtbot.waitSignal(controller.interruption_saved, timeout=5000):
        fake_clock.advance(0.5)
        controller.tick()
    (text, seat) = voice.said[-1]
    assert seat == "tech_fellow" and text in INTERRUPTIONS["tech_fellow"]
    assert view.warning_label.text() == f"Wen Gao cuts in: “{text}”" and view.warning_label.isVisible()
    fake_clock.advance(60)
    controller.tick()  # once per answer
    qtbot.keyClicks(view.typed_answer, "The decision was to drop the cache layer.")
    qtbot.keyClick(view.typed_answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    session_id = end_session(qtbot, controller)

    detail = store.call("get_session", session_id).result()
    (event,) = detail.events
    (turn,) = detail.turns
    assert (event.kind, event.turn_id, event.author, event.text) == ("interruption", turn.id, "tech_fellow", text)
    assert event.at_s == pytest.approx(94) and turn.answer_started_s == pytest.approx(4)
    review = store_review(store)
    with qtbot.waitSignal(review.session_loaded, timeout=10000):
        review.open_session(session_id, turn.id)
    assert f"Wen Gao cut in at 1:30 into the answer: “{text}”" in plain(review.detail.answer.heard.text())


@pytest.fixture
def store_review(qtbot, questions):
    """A ReviewView over a given StoreClient, with the bank questions."""
    from erbsim.ui.review import ReviewView

    def build(store):
        view = ReviewView(store, questions=questions)
        qtbot.addWidget(view)
        view.resize(1400, 880)
        view.show()
        return view

    return build


def test_resume_keeps_the_follow_ups_the_board_chose(qtbot, defense, questions):
    view, store, controller, _voice = defense(follow_ups=3)
    with qtbot.waitSignal(controller.follow_up_offered, timeout=1000):
        type_answer(qtbot, view, controller, NO_ADOPTER)
    qtbot.keyClick(view, Qt.Key.Key_N)
    chosen = controller.session.current_turn
    controller.interrupt()
    store.wait_until_idle()
    session_id = controller.session_id
    stored = store.call("resume_session", session_id).result()
    assert [t.question_text for t in stored][1] == chosen.text

    view2, _store, again, _voice2 = defense(follow_ups=3, resume_session_id=session_id, resume_turns=stored,
                                            resume_elapsed_s=120.0)
    assert [t.text for t in again.session.turns] == [t.question_text for t in stored]
    assert again.session.turns[1].follow_up_index == 0 and again.session.turns[1].is_follow_up
    qtbot.keyClick(view2, Qt.Key.Key_N)  # no offer for the resumed answer: the bank's next, never a repeat
    probe = again.session.current_turn
    assert probe.is_follow_up and probe.follow_up_index == 1
    assert probe.text in chosen.question.follow_ups and probe.text != chosen.text


def test_a_packet_defense_stores_the_packet_and_example_and_reads_the_answer_with_it(
        qtbot, defense, questions, monkeypatch):
    import dataclasses

    from erbsim.core.packet import Example, Packet
    from erbsim.ui import session_runner

    packet = Packet("Cycle 2027", "Mei", "principal", examples=(Example("ex1", "Query planner rebuild"),))
    seen = []

    def spy(answer, question, example=None, **kwargs):
        seen.append(example)
        return choose_follow_up(answer, question, example, **kwargs)

    monkeypatch.setattr(session_runner, "choose_follow_up", spy)
    about_ex1 = [dataclasses.replace(q, example_id="ex1") for q in questions]  # as the drawer fills them
    packet_id = defense.store.call("save_packet", packet.to_dict()).result()
    view, store, controller, _voice = defense(bank=about_ex1, packet=packet, packet_id=packet_id)
    turn = controller.session.current_turn
    with qtbot.waitSignal(controller.follow_up_offered, timeout=1000):
        type_answer(qtbot, view, controller, NO_ADOPTER)
    assert seen == [packet.example(turn.example_id) if turn.example_id else None]
    session_id = end_session(qtbot, controller)
    detail = store.call("get_session", session_id).result()
    assert detail.session.packet_id == packet_id
    assert detail.turns[0].example_id == (turn.example_id or None)



def test_the_board_renders_its_chosen_follow_up_before_asking_it(qtbot, defense):
    """While the candidate answers, the voice renders what N would ask (the bank's follow-up);
    once the board has read the answer, its own choice, which N then asks."""
    view, _store, controller, voice = defense()
    main = controller.session.current_turn
    assert voice.prepared[-1] == (main.question.follow_ups[0], main.seat)  # before any answer
    with qtbot.waitSignal(controller.follow_up_offered, timeout=10000) as offered:
        type_answer(qtbot, view, controller, NO_ADOPTER)
    chosen = offered.args[1]
    assert chosen.text != main.question.follow_ups[0]
    assert voice.prepared[-1] == (chosen.text, main.seat)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert voice.said[-1] == (chosen.text, main.seat)
    nxt = controller.session.peek_next()
    assert voice.prepared[-1] == (nxt.text, nxt.seat) and not nxt.is_follow_up  # then a new question
