"""The first question of the next solo defense, rendered while the person is on the home page.

Every later question is rendered while the candidate answers the one before
(SessionRunner._prepare_ahead); the first has no answer before it. So the seed
of the next defense is chosen ahead of time, and whenever the home page's
choices (track, seats, banks, packet) settle, the question that seed will draw
first is worked out the way the defense will draw it (a peek: nothing is
drawn) and rendered into the voice's cache. Starting uses that seed
(`seed()`); once a defense has started, a new seed is chosen (`used()`).
A choice changed after the rendering simply means the first question is
rendered when drawn, as before.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from erbsim.core.drawing import fresh_seed
from erbsim.core.packet import Packet

log = logging.getLogger(__name__)


class FirstQuestion(QObject):
    def __init__(self, services, home, parent: QObject | None = None):
        super().__init__(parent)
        self._services = services
        self._home = home
        self._seed = fresh_seed()
        self._scheduled = False
        self._done_for: tuple | None = None  # what the last rendering was worked out for
        home.staff_radio.toggled.connect(self.schedule)
        home.packet_combo.currentIndexChanged.connect(self.schedule)
        home.packet_focus_check.toggled.connect(self.schedule)
        home.banks_list.itemChanged.connect(self.schedule)
        home.seats_list.itemChanged.connect(self.schedule)
        services.voice.warmed.connect(self.schedule)

    def seed(self) -> int:
        """The seed the next solo defense starts with (the one its first question was rendered for)."""
        return self._seed

    def used(self) -> None:
        """A defense started with the seed: the next one gets a new seed (and its own first question)."""
        self._seed = fresh_seed()
        self._done_for = None

    def schedule(self, *_args) -> None:
        """Work it out once the event loop is back (a burst of changes, as when the home page
        applies the saved choices, is worked out once)."""
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self._work_out)

    def _work_out(self) -> None:
        self._scheduled = False
        voice = self._services.voice
        if not self._home.isVisible() or not voice.enabled or not voice.warmed_up:
            return
        options = self._home.options()
        key = (self._seed, options.track, tuple(options.banks), tuple(options.seats), options.packet_id,
               options.packet_focus)
        if key == self._done_for:
            return
        self._done_for = key
        # Here, not at the top: the defense's modules bring the engine, the probe and the lens,
        # which the home window does not wait for (tests/ui/test_startup.py).
        from erbsim.ui.defense_controller import DefensePlan, first_question

        plan = DefensePlan(track=options.track, minutes=options.minutes, banks=options.banks, seats=options.seats,
                           packet_id=options.packet_id, packet_focus=options.packet_focus, seed=self._seed)
        questions = self._services.banks.questions
        packet_id = options.packet_id

        def read(store):
            packet = Packet.from_dict(store.get_packet(packet_id).body) if packet_id is not None else None
            return packet, store.question_scores()

        def render(result) -> None:
            plan.packet, scores = result
            if self._done_for != key:
                return  # the choices changed meanwhile; that change works it out again
            question = first_question(questions, plan, scores)
            if question is not None:
                voice.prepare(question.text, question.seat)

        def failed(error: BaseException) -> None:  # the defense reads them again and reports there
            log.info("working out the first question ahead failed: %s", error)

        self._services.store.submit(read, render, failed)
