"""The Review view on a real database made by a recorded session (espeak-ng
speech, FLAC per answer, real Whisper word timings)."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from erbsim.core.store import Store

HOSTILE_CANDIDATE = 'Mei <script>alert("x")</script> & co'  # as in conftest.py

pytestmark = pytest.mark.slow  # loads the whisper model once, to record the session


def open_first_answer(qtbot, view, session_index: int = 1):
    """Open the older (session_index=1 is the newest-first row) session."""
    session_id = view.list_panel.model.rows[session_index].id
    with qtbot.waitSignal(view.session_loaded, timeout=10_000):
        view.open_session(session_id)
    return session_id


def wait_media(qtbot, player):
    from PySide6.QtMultimedia import QMediaPlayer

    qtbot.waitUntil(lambda: player.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                            QMediaPlayer.MediaStatus.BufferedMedia), timeout=10_000)


def chips(markup: str) -> list[str]:
    """The signal names shown as chips, in order."""
    return [html.unescape(name) for name in re.findall(r"&nbsp;(.+?)&nbsp;", markup)]


def headlines(markup: str) -> list[str]:
    """The bold first line of each feedback item, in order."""
    return [html.unescape(line) for line in re.findall(r"font-weight:600'>(.+?)</span>", markup)]


# ---------------------------------------------------------------- list and search


def test_list_sorts_and_filters(qtbot, review):
    rows = review.list_panel.model.rows
    assert [r.mode for r in rows] == ["panel", "solo"]  # newest first
    assert rows[0].avg_mentor == 3.0 and rows[1].avg_self == 2.0
    panel = review.list_panel
    with qtbot.waitSignal(review.sessions_listed, timeout=5000):
        panel.sort.setCurrentIndex(panel.sort.findData("oldest"))
    assert [r.mode for r in panel.model.rows] == ["solo", "panel"]
    with qtbot.waitSignal(review.sessions_listed, timeout=5000) as blocker:
        panel.track.setCurrentIndex(panel.track.findData("principal"))
    assert blocker.args == [1] and panel.model.rows[0].track == "principal"
    assert "1 session" in panel.count_label.text()


def test_search_jumps_to_the_answer_at_that_moment(qtbot, review, data_root):
    with Store(data_root=data_root) as store:
        hits = store.search("business units")
    expected = [h for h in hits if h.field == "transcript"][0]
    assert expected.time_s is not None and expected.time_s > 1.0
    with qtbot.waitSignal(review.search_done, timeout=5000) as blocker:
        qtbot.keyClicks(review.list_panel.search, "business units")
    assert blocker.args == [len(hits)]
    # the match is highlighted in the result
    label = review.list_panel.hits.itemWidget(review.list_panel.hits.item(0))
    for term in ("business", "units"):  # each word is marked
        assert re.search(rf"<span style='background:#ffe58f;font-weight:600'>{term}</span>", label.text(), re.I)
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        review.list_panel.activate_hit(0)
    answer = review.detail.answer
    assert review.detail.current_turn_id() == expected.turn_id
    assert answer.player.position_s() == pytest.approx(expected.time_s, abs=0.01)
    word = answer.transcript.words()[answer.transcript.current_word()]
    assert word["text"].strip(" ,.").lower() == "business"
    wait_media(qtbot, answer.player)
    qtbot.waitUntil(lambda: abs(answer.player.player.position() - expected.time_s * 1000) < 60, timeout=5000)


def test_search_without_matches_and_back_to_the_list(qtbot, review):
    with qtbot.waitSignal(review.search_done, timeout=5000) as blocker:
        qtbot.keyClicks(review.list_panel.search, "zebra")
    assert blocker.args == [0] and "No matches" in review.list_panel.count_label.text()
    with qtbot.waitSignal(review.sessions_listed, timeout=5000):
        review.list_panel.search.clear()
    assert review.list_panel.pages.currentWidget() is review.list_panel.table


# ---------------------------------------------------------------- one answer


def test_clicking_a_word_seeks_there_and_playback_highlights(qtbot, review):
    open_first_answer(qtbot, review)
    answer = review.detail.answer
    transcript, player = answer.transcript, answer.player
    assert transcript.has_timings() and player.available()
    wait_media(qtbot, player)
    words = transcript.words()
    index = len(words) // 2
    qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=transcript.word_rect(index).center())
    start = float(words[index]["start"])
    assert transcript.current_word() == index
    qtbot.waitUntil(lambda: abs(player.player.position() - start * 1000) < 60, timeout=5000)
    assert player.position_s() == pytest.approx(start, abs=0.06)
    # seeking elsewhere moves the highlight to the word being played
    later = float(words[index + 3]["start"]) + 0.01
    player.seek(later)
    qtbot.waitUntil(lambda: transcript.current_word() == index + 3, timeout=5000)


def test_speed_and_play_pause(qtbot, review):
    open_first_answer(qtbot, review)
    player = review.detail.answer.player
    wait_media(qtbot, player)
    player.set_speed(1.5)
    assert player.player.playbackRate() == 1.5
    with qtbot.waitSignal(player.playing_changed, timeout=5000) as blocker:
        player.play_button.click()
    assert blocker.args == [True]
    with qtbot.waitSignal(player.playing_changed, timeout=5000) as blocker:
        player.play_button.click()
    assert blocker.args == [False]


def test_flicking_through_answers_with_the_keyboard_ends_on_a_playable_answer(qtbot, review):
    """Arrow keys held down: each answer's audio starts loading and is replaced
    before it finishes. The view must keep up and end on the last answer."""
    open_first_answer(qtbot, review)
    detail = review.detail
    questions, player = detail.questions, detail.answer.player
    assert questions.count() >= 2
    questions.setFocus()
    for _ in range(20):
        for key in [Qt.Key.Key_Down] * (questions.count() - 1) + [Qt.Key.Key_Up] * (questions.count() - 1):
            qtbot.keyClick(questions, key)
    qtbot.keyClick(questions, Qt.Key.Key_End)
    last = detail.data.detail.turns[-1]
    assert detail.current_turn_id() == last.id
    assert player.source() == detail.audio_file(last.audio_path)
    wait_media(qtbot, player)
    with qtbot.waitSignal(player.playing_changed, timeout=5000) as blocker:
        player.play()
    assert blocker.args == [True]
    player.stop()


def test_leaving_the_answer_stops_playback(qtbot, review):
    open_first_answer(qtbot, review)
    player = review.detail.answer.player
    wait_media(qtbot, player)
    with qtbot.waitSignal(player.playing_changed, timeout=5000):
        player.play()
    with qtbot.waitSignal(player.playing_changed, timeout=5000) as blocker:
        review.show_list()  # back to the sessions list
    assert blocker.args == [False] and not player.is_playing()
    # closing the window while an answer plays stops it too
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        review.open_session(review.list_panel.model.rows[1].id)
    wait_media(qtbot, player)
    with qtbot.waitSignal(player.playing_changed, timeout=5000):
        player.play()
    with qtbot.waitSignal(player.playing_changed, timeout=5000) as blocker:
        review.close()
    assert blocker.args == [False]


def test_each_session_is_judged_by_its_own_soft_limit(qtbot, review):
    older, newer = review.list_panel.model.rows[1].id, review.list_panel.model.rows[0].id
    assert review.soft_limit_s == 180  # today's setting; the older session was rehearsed with 1:00
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        review.open_session(older)
    assert "of 1:00" in review.detail.answer.delivery.text()
    # a session saved without its own limit (before schema v4) falls back to the setting
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        review.open_session(newer)
    assert "of 3:00" in review.detail.answer.delivery.text()


def test_correction_changes_the_analytics_and_keeps_the_machine_text(qtbot, review, data_root):
    session_id = open_first_answer(qtbot, review)
    answer = review.detail.answer
    before = answer.review
    machine = answer.turn.transcript_text
    assert not before.corrected and before.stats.filler_count <= 1
    answer.correct_button.click()
    assert answer.correction_editor.isVisible()
    assert answer.correction_editor.toPlainText() == machine  # starts from the machine transcript
    answer.correction_editor.setPlainText("Um, eight months ahead I saw the risk, and, uh, on my own initiative I "
                                          "built it. Um, three business units adopted it, you know, and it is now "
                                          "the standard.")
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        answer.save_correction_button.click()
    after = answer.review
    assert after.corrected and after.stats.filler_count >= before.stats.filler_count + 3
    assert after.stats.word_count != before.stats.word_count
    assert "cross_bu_adoption" in after.signals and "cross_bu_adoption" not in before.signals
    assert after.stats.pauses == before.stats.pauses  # pauses are the audio's
    assert "corrected text" in answer.delivery.text()
    assert answer.correction_text.isVisible() and "standard" in answer.correction_text.toPlainText()
    assert answer.transcript.toPlainText().split() == [w["text"].strip() for w in answer.turn.words]
    with Store(data_root=data_root) as store:
        turn = store.get_turn(answer.turn.id)
        assert turn.transcript_text == machine and turn.corrected_text.startswith("Um, eight months ahead")
    # and back to the machine transcript
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        answer.remove_correction_button.click()
    assert not answer.review.corrected and answer.review.stats.filler_count == before.stats.filler_count
    assert review.detail.session_id() == session_id


def test_rating_and_note(qtbot, review, data_root):
    open_first_answer(qtbot, review)
    answer = review.detail.answer
    assert answer.score_boxes["strategic_autonomy"].currentData() == 2  # the stored self rating
    answer.score_boxes["cross_bu_impact"].setCurrentIndex(answer.score_boxes["cross_bu_impact"].findData(3))
    answer.note_editor.setPlainText("Say who asked <nobody>.")
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        answer.save_rating_button.click()
    assert "Say who asked &lt;nobody&gt;." in answer.notes.text()
    assert answer.note_editor.toPlainText() == ""
    with Store(data_root=data_root) as store:
        turn = store.get_turn(answer.turn.id)
        assert {(r.dimension, r.score) for r in turn.ratings if r.rater == "self"} == \
               {("strategic_autonomy", 2), ("cross_bu_impact", 3)}


def test_delivery_and_lens_are_shown(qtbot, review):
    open_first_answer(qtbot, review)
    answer = review.detail.answer
    assert answer.review.stats.pauses == []  # one piece of speech, no pause over 2 s
    assert "Fillers" in answer.delivery.text() and "wpm" in answer.delivery.text()
    # The weak answer: "The GM asked us to deliver it in Q4, and we shipped twelve features.
    # Click through rate went up eighteen percent."
    assert chips(answer.signals.text()) == ["Mandate from above", "Metric", "Execution language"]
    assert headlines(answer.feedback.text()) == [
        "You described what shipped, not what you decided.",
        "Feature counts and OKRs met read as execution, not a decision.",
        "Who asked you to do this? It sounds like a mandate from above.",
        "Who else uses it? No other team is named.",
        "A number with no story: say what you decided and why.",
        "When did you see it coming? Nothing says you acted before it was urgent.",
        "What can others decide with? No reusable framework is named.",
    ]
    assert "we shipped 12 features." in html.unescape(answer.feedback.text())  # the sentence it points at
    # the two-piece answer of the newer session has its 2.6 s pause found from the timings
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        review.open_session(review.list_panel.model.rows[0].id)
    assert len(review.detail.answer.review.stats.pauses) >= 1


# ---------------------------------------------------------------- compare and trends


def test_compare_attempts_side_by_side(qtbot, review):
    open_first_answer(qtbot, review)
    assert review.detail.answer.compare_button.isEnabled()
    with qtbot.waitSignal(review.attempts_shown, timeout=10_000) as blocker:
        review.detail.answer.compare_button.click()
    assert blocker.args == [2]
    assert review.tabs.currentIndex() == review.TAB_COMPARE
    cards = review.compare.cards
    assert cards[0].attempt.started_at < cards[1].attempt.started_at
    with qtbot.waitSignal(review.session_loaded, timeout=10_000):
        cards[1].open_button.click()
    assert review.detail.current_turn_id() == cards[1].attempt.turn.id


def test_trends_tab_draws_charts(qtbot, review):
    with qtbot.waitSignal(review.trends_loaded, timeout=15_000) as blocker:
        review.show_trends()
    assert blocker.args == [2]
    assert review.trends.pace.series_names == ["words per minute"]
    assert review.trends.scores.series_names == ["Autonomy self", "Autonomy mentor"]
    first, second = review.trends.trends.points
    assert first.started_at < second.started_at
    assert first.signals["execution_language"] == 0.5  # "we shipped twelve features", in one of two answers
    assert len(review.trends.strengths.series_names) == 7 and len(review.trends.warnings.series_names) == 2


# ---------------------------------------------------------------- export, bundle, delete


def pdf_pages(path: Path) -> int:
    if shutil.which("gs"):
        out = subprocess.run(["gs", "-q", "-dNODISPLAY", "-dNOSAFER", "-c",
                              f"({path}) (r) file runpdfbegin pdfpagecount = quit"],
                             capture_output=True, text=True, timeout=60)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", path.read_bytes())
    return max(int(c) for c in counts) if counts else 0


def test_export_files_open(qtbot, review, tmp_path):
    session_id = open_first_answer(qtbot, review)
    out = {}
    for fmt, suffix in (("md", "md"), ("html", "html"), ("json", "json"), ("pdf", "pdf")):
        path = tmp_path / f"session.{suffix}"
        with qtbot.waitSignal(review.exported, timeout=20_000) as blocker:
            review.export_to(session_id, fmt, path)
        assert blocker.args == [fmt, str(path)]
        out[fmt] = path
    text = out["html"].read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "<script>" not in text

    class Parser(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)
    parser = Parser()
    parser.feed(text)
    assert "script" not in parser.tags and HOSTILE_CANDIDATE in "".join(parser.text)
    assert json.loads(out["json"].read_text(encoding="utf-8"))["session"]["candidate"] == HOSTILE_CANDIDATE
    assert "\\<script\\>" in out["md"].read_text(encoding="utf-8")
    assert out["pdf"].read_bytes().startswith(b"%PDF") and pdf_pages(out["pdf"]) >= 1


def test_export_dialog_uses_the_chosen_path(qtbot, review, tmp_path):
    open_first_answer(qtbot, review)
    target = tmp_path / "chosen"
    review.ask_save_path = lambda title, suggested, flt: str(target)
    with qtbot.waitSignal(review.exported, timeout=10_000) as blocker:
        review.export_dialog("md")
    assert blocker.args[1] == str(target) + ".md" and Path(blocker.args[1]).read_text().startswith("# ERB")


def test_bundle_round_trip_between_two_data_folders(qtbot, review, bridge, tmp_path):
    from erbsim.ui.review import ReviewView
    from erbsim.ui.store_client import StoreClient

    session_id = review.list_panel.model.rows[0].id  # the panel session: ratings, mentor note, vote
    bundle = tmp_path / "mei.zip"
    with qtbot.waitSignal(review.exported, timeout=10_000):
        review.export_to(session_id, "bundle", bundle)
    mentor_client = StoreClient(tmp_path / "mentor-data", bridge)
    mentor_client.opened.result(20)
    try:
        mentor = ReviewView(mentor_client)
        qtbot.addWidget(mentor)
        mentor.show()
        qtbot.waitUntil(lambda: mentor.list_panel.pages.currentIndex() == 2, timeout=5000)  # empty
        with qtbot.waitSignal(mentor.session_loaded, timeout=10_000):
            mentor.import_bundle(bundle)
        assert mentor.list_panel.model.rowCount() == 1
        answer = mentor.detail.answer
        assert answer.player.available()
        assert answer.player.source().is_relative_to(tmp_path / "mentor-data")
        assert answer.transcript.has_timings()
        assert "Helen Zhou" in answer.notes.text()
        # a second import is refused with a plain message
        with qtbot.waitSignal(mentor.failed, timeout=10_000) as blocker:
            mentor.import_bundle(bundle)
        assert "already here" in blocker.args[0] and mentor.banner.isVisible()
        mentor.detail.answer.player.stop()
        mentor_client.wait_until_idle()
    finally:
        mentor_client.close()


def test_delete_asks_first_and_removes_the_audio(qtbot, review, data_root):
    session_id = open_first_answer(qtbot, review)
    audio = [review.detail.answer.player.source()]
    asked = []
    review.confirm = lambda title, text: asked.append(text) or False
    review.delete_current()
    assert asked and "cannot be undone" in asked[0]
    review.store.wait_until_idle()
    assert audio[0].exists()
    review.confirm = lambda title, text: True
    with qtbot.waitSignal(review.session_deleted, timeout=10_000):
        review.delete_current()
    assert not audio[0].exists()
    qtbot.waitUntil(lambda: review.list_panel.model.rowCount() == 1, timeout=5000)
    assert review.session_pages.currentWidget() is review.list_panel
    with Store(data_root=data_root) as store:
        assert [s.id for s in store.list_sessions()] != [session_id]
        assert store.count_sessions() == 1
