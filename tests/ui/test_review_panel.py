"""Reviewing a mentor-led panel on real stores: the mentor's review and the review of a second
data folder that imported the mentor's bundle show the same scores, flags, timed notes, pause,
vote, outcome, board and debrief; a moment in the answer plays from there; a candidate who
imports the mentor's bundle rates the answers and sees the mentor's scores beside their own;
solo sessions look as before."""

from __future__ import annotations

import html
import json
import re

import pytest
from panel_data import VOTES, make_panel
from PySide6.QtCore import Qt

from erbsim.core.store import Store


def plain(markup: str) -> str:
    """A rich label's text as a person reads it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def score_rows(markup: str) -> list[list[str]]:
    """The rows of the side-by-side scores table, as cell texts."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", markup, re.S):
        rows.append([plain(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)])
    return rows


@pytest.fixture
def open_view(qtbot, bridge):
    """open_view(data_root) -> a shown ReviewView over its own StoreClient, its list loaded."""
    from erbsim.ui.review import ReviewView
    from erbsim.ui.store_client import StoreClient

    made = []

    def make(root, rows: int):
        client = StoreClient(root, bridge)
        client.opened.result(20)
        view = ReviewView(client)
        qtbot.addWidget(view)
        view.resize(1400, 880)
        view.show()
        made.append((view, client))
        if rows:
            qtbot.waitUntil(lambda: view.list_panel.model.rowCount() == rows, timeout=10_000)
        return view

    yield make
    for view, client in made:
        view.detail.answer.player.stop()
        client.wait_until_idle()
        client.close()


def open_session(qtbot, view, row: int = 0) -> None:
    with qtbot.waitSignal(view.session_loaded, timeout=10_000):
        view.open_session(view.list_panel.model.rows[row].id)


def what_the_review_shows(qtbot, view) -> dict:
    """Every panel fact the review shows, answer by answer, then the vote page."""
    detail = view.detail
    shown = {"list_vote": view.list_panel.model.data(view.list_panel.model.index(0, 2)),
             "list_mode": view.list_panel.model.data(view.list_panel.model.index(0, 1)),
             "facts": detail.facts.text(), "answers": []}
    for row in range(len(detail.data.detail.turns)):
        detail.questions.setCurrentRow(row)
        answer = detail.answer
        shown["answers"].append({"question": answer.question.text(), "meta": answer.meta.text(),
                                 "scores": score_rows(answer.scores.text()), "scores_text": plain(answer.scores.text()),
                                 "moments": plain(answer.moments.text()),
                                 "judgement_shown": answer.judgement_box.isVisible(),
                                 "list_entry": detail.questions.item(row).text()})
    assert detail.show_verdict()
    assert detail.pages.currentWidget() is detail.verdict
    shown["verdict"] = plain(detail.verdict.body.text())
    shown["outside"] = plain(detail.verdict.outside.text())
    return shown


def test_a_panel_bundle_shows_the_same_review_in_a_second_data_folder(qtbot, open_view, tmp_path):
    with Store(data_root=tmp_path / "mentor") as store:
        make_panel(store, audio=True)
    mentor = open_view(tmp_path / "mentor", 1)
    open_session(qtbot, mentor)
    at_mentor = what_the_review_shows(qtbot, mentor)
    with qtbot.waitSignal(mentor.exported, timeout=10_000):
        mentor.export_to(mentor.detail.session_id(), "bundle", tmp_path / "panel.zip")

    other = open_view(tmp_path / "second", 0)
    with qtbot.waitSignal(other.session_loaded, timeout=10_000):
        other.import_bundle(tmp_path / "panel.zip")
    qtbot.waitUntil(lambda: other.list_panel.model.rowCount() == 1, timeout=5000)
    assert what_the_review_shows(qtbot, other) == at_mentor

    # and what it is: the mode and outcome in the list, scores side by side, moments, the vote
    assert (at_mentor["list_mode"], at_mentor["list_vote"]) == ("panel", "4–1 approved")
    first, probe = at_mentor["answers"]
    assert first["scores"][:3] == [["", "Self", "Mentor", "Priya Natarajan"],
                                   ["Strategic autonomy", "4", "2", "–"],
                                   ["Cross-BU impact", "–", "–", "3"]]
    assert first["scores_text"].endswith("Mentor: Ana Ruiz")
    assert first["moments"] == ("⚑ 0:37 into the answer: Flag “no metric” "
                                "✎ 1:00 into the answer: Note: Lead with the decision. · Mentor (Ana Ruiz)")
    assert probe["moments"] == ("⚑ 0:06 into the answer: Flag “whose decision?” "
                                "‖ 0:16 into the answer: Clock paused for 0:45 (fire drill)")
    assert "Rita Sun, General Manager, another business unit" in probe["meta"]
    assert "1 flag" in first["list_entry"] and "panel scores" in first["list_entry"]
    verdict = at_mentor["verdict"]
    assert "The board · My sponsor's board" in verdict
    assert "3 Priya Natarajan Chief Architect person in the room" in verdict
    assert "4 approve, 1 reject: approved (4 of 5 needed) shown to the candidate" in verdict
    for seat_name, word, why in (("Helen Zhou", "approve", VOTES[0][2]), ("Priya Natarajan", "reject", VOTES[2][2]),
                                 ("Rita Sun", "approve", VOTES[3][2])):
        assert re.search(rf"{seat_name}, [^<]*?Ana Ruiz {word} {re.escape(html.escape(why, quote=False))}",
                         html.escape(verdict, quote=False)), (seat_name, verdict)
    assert "Debrief Lead with the risk you saw. Name the adopters." in verdict


def test_a_moment_on_the_timeline_plays_the_answer_from_there(qtbot, open_view, tmp_path):
    with Store(data_root=tmp_path / "mentor") as store:
        make_panel(store, audio=True)
    view = open_view(tmp_path / "mentor", 1)
    open_session(qtbot, view)
    answer = view.detail.answer
    transcript = answer.transcript
    assert transcript.has_timings()
    # the flag (37 s into the answer) and the note (60 s) mark the words said then
    assert transcript.marked_words() == [transcript.word_at_time(37.0), transcript.word_at_time(60.0)]
    links = re.findall(r"href='(seek:[0-9.]+)'", answer.moments.text())
    assert links == ["seek:37.00", "seek:60.00"]
    answer.moments.linkActivated.emit(links[1])  # what a click on "1:00" does
    assert answer.player.position_s() == pytest.approx(60.0, abs=0.01)
    assert transcript.current_word() == transcript.word_at_time(60.0) == 99  # 0.3 + 0.6 * 99 = 59.7 s


def test_a_candidate_sees_the_mentor_scores_beside_their_own(qtbot, open_view, tmp_path):
    from erbsim.core.bundle import export_bundle

    with Store(data_root=tmp_path / "mentor") as store:
        export_bundle(store, make_panel(store, self_scores=False), tmp_path / "from-ana.zip")
    with Store(data_root=tmp_path / "mei") as store:  # the candidate's own folder, with a solo rehearsal
        solo = store.create_session(mode="solo", status="finished")
        store.rate(store.add_turn(solo, position=1, question_text="Who else uses it?", transcript_text="Two BUs."),
                   "cross_bu_impact", 3)
    view = open_view(tmp_path / "mei", 1)
    with qtbot.waitSignal(view.session_loaded, timeout=10_000):
        view.import_bundle(tmp_path / "from-ana.zip")
    answer = view.detail.answer
    assert score_rows(answer.scores.text())[:2] == [["", "Mentor", "Priya Natarajan"],
                                                    ["Strategic autonomy", "2", "–"]]
    # the candidate scores the answer as herself
    assert answer.rater.currentText() == "self"
    answer.score_boxes["strategic_autonomy"].setCurrentIndex(answer.score_boxes["strategic_autonomy"].findData(4))
    with qtbot.waitSignal(view.session_loaded, timeout=10_000):
        answer.save_rating_button.click()
    rows = score_rows(answer.scores.text())
    assert rows[:2] == [["", "Self", "Mentor", "Priya Natarajan"], ["Strategic autonomy", "4", "2", "–"]]
    # the mentor's lower score stands out against her own
    assert re.search(r"color:#b3261e;font-weight:600'>2<", answer.scores.text())
    model = view.list_panel.model  # newest first: her solo rehearsal today, then Ana's panel of March
    qtbot.waitUntil(lambda: [r.mode for r in model.rows] == ["solo", "panel"], timeout=5000)
    assert [model.data(model.index(row, 2)) for row in (0, 1)] == ["", "4–1 approved"]


def test_a_solo_session_shows_no_panel_parts(qtbot, open_view, tmp_path):
    with Store(data_root=tmp_path / "mei") as store:
        solo = store.create_session(mode="solo", status="finished")
        turn = store.add_turn(solo, position=1, question_text="Who else uses it?", transcript_text="Two BUs.")
        store.rate(turn, "cross_bu_impact", 3)
        store.add_note(solo, "Name them.", turn_id=turn)
    view = open_view(tmp_path / "mei", 1)
    open_session(qtbot, view)
    detail = view.detail
    assert not detail.answer.judgement_box.isVisible()
    assert detail.questions.count() == 1 and not detail.show_verdict()
    assert "Name them." in detail.answer.notes.text()
    assert view.list_panel.model.data(view.list_panel.model.index(0, 2)) == ""
    assert view.list_panel.model.data(view.list_panel.model.index(0, 1), Qt.ItemDataRole.DisplayRole) == "solo"


@pytest.mark.parametrize("passes,fails,expected", [(4, 1, "4–1 approved"), (3, 2, "3–2 not approved"),
                                                   (3, 0, "3–0 undecided")])
def test_the_sessions_list_shows_the_outcome(tmp_path, passes, fails, expected):
    from erbsim.ui.review.session_list import vote_text

    with Store(data_root=tmp_path) as store:
        votes = [(seat, "pass" if i < passes else "fail", why) for i, (seat, _v, why) in enumerate(VOTES)
                 if i < passes + fails]
        make_panel(store, votes)
        store.create_session(mode="solo", status="finished")
        panel, solo = sorted(store.list_sessions(), key=lambda r: r.mode)
    assert (panel.votes_pass, panel.votes_fail) == (passes, fails)
    assert (vote_text(panel), vote_text(solo)) == (expected, "")


def test_a_hostile_bundle_is_refused_in_the_app_with_one_line_and_nothing_added(qtbot, open_view, tmp_path):
    import zipfile

    from erbsim.core.bundle import export_bundle

    with Store(data_root=tmp_path / "mentor") as store:
        export_bundle(store, make_panel(store, audio=True), tmp_path / "panel.zip")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(tmp_path / "panel.zip") as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":  # missing_audio a number: it used to import the session anyway
                data = json.dumps({**json.loads(data), "missing_audio": 5}).encode()
            dst.writestr(item, data)
    view = open_view(tmp_path / "second", 0)
    with qtbot.waitSignal(view.failed, timeout=10_000) as blocker:
        view.import_bundle(bad)
    assert blocker.args[0] == ("Could not import bad.zip: the bundle's manifest is damaged: "
                               "missing_audio must be a list of file names")
    view.store.wait_until_idle()
    with Store(data_root=tmp_path / "second") as store:
        assert store.count_sessions() == 0
    assert not (tmp_path / "second" / "recordings").exists()
