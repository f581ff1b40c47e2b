"""Full-text search over transcripts, corrections and notes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fixtures import ANSWER, record_session, words_for

from erbsim.core.store import HIGHLIGHT_END, HIGHLIGHT_START, snippet_html, snippet_parts


def test_search_finds_a_phrase_from_a_transcript_with_the_time_of_the_word(store):
    sid, (t1, _) = record_session(store)
    hits = store.search("privacy first recommendation")
    assert [(h.session_id, h.turn_id, h.field) for h in hits] == [(sid, t1, "transcript")]
    hit = hits[0]
    assert f"{HIGHLIGHT_START}privacy" in hit.snippet and HIGHLIGHT_END in hit.snippet
    index = ANSWER.split().index("privacy")
    assert hit.time_s == pytest.approx(words_for(ANSWER)[index]["start"])
    assert hit.position == 1 and hit.question_text == "Who asked you to do this?"
    assert ("privacy", True) in [(t.strip(), h) for t, h in snippet_parts(hit.snippet)]
    assert "<b>privacy</b>" in snippet_html(hit.snippet)
    # a quoted phrase, any case
    assert [h.turn_id for h in store.search('"PRIVACY FIRST"')] == [t1]
    # words in the wrong order are still all required, but not as a phrase
    assert store.search('"first privacy"') == []


def test_search_finds_notes_and_corrections(store):
    sid, (t1, t2) = record_session(store)
    note_hits = store.search("pilot business unit")
    assert [(h.field, h.turn_id, h.session_id) for h in note_hits] == [("note", t1, sid)]
    assert store.search("execution language")[0].turn_id is None
    store.set_correction(t2, "Three business units and the Cainiao logistics team adopted it")
    hits = store.search("Cainiao logistics")
    assert [(h.field, h.turn_id) for h in hits] == [("correction", t2)]
    # the machine transcript is still searchable, and a correction's hit gets a
    # time when its words are also in the machine transcript
    assert {h.field for h in store.search("business units adopted")} == {"transcript", "correction"}
    assert all(h.time_s == pytest.approx(1.0) for h in store.search("Three business"))
    store.set_correction(t2, None)
    assert store.search("Cainiao logistics") == []


def test_search_index_follows_edits_and_deletes(store):
    sid, (t1, _) = record_session(store)
    store.set_transcript(t1, "Completely different words now", None)
    assert store.search("privacy first") == []
    assert store.search("completely different")[0].time_s is None  # no word timings
    note = store.add_note(sid, "temporary remark")
    store.update_note(note, "permanent remark")
    assert store.search("temporary") == [] and store.search("permanent")[0].note_id == note
    store.delete_note(note)
    assert store.search("permanent") == []
    store.delete_session(sid)
    assert store.search("completely") == [] and store.search("pilot") == []
    assert store.db.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0


def test_search_chinese_and_short_terms(store):
    sid = store.create_session(lang="zh")
    turn = store.add_turn(sid, question_text="谁让你做的？")
    store.set_transcript(turn, "我在新规生效前八个月看到了风险，主动搭建了隐私优先的推荐层。", None)
    assert [h.turn_id for h in store.search("隐私优先")] == [turn]
    assert [h.turn_id for h in store.search("风险")] == [turn]  # two characters: scanned, still found
    assert HIGHLIGHT_START + "风险" + HIGHLIGHT_END in store.search("风险")[0].snippet
    record_session(store)
    assert [h.field for h in store.search("I saw")] == ["transcript"]
    assert store.search("xyzzy") == []


HOSTILE = ['"', '""', "'", 'privacy"', '"privacy', "AND", "OR NOT", "NEAR(privacy first, 2)", "privacy*",
           "*", "^privacy", "body:privacy", "kind:note", "(", ")", "-privacy", "+", "a OR b AND NOT c",
           "'; DROP TABLE sessions; --", "\\", "%", "_", "\x00", "\ud800", "privacy\x02\x03", "   ", "",
           "{privacy first}", "privacy NEAR/3 first", "\"\"\"privacy\"\"\""]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_do_not_raise(store, query):
    record_session(store)
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.list_sessions()  # the database is intact


def test_operators_are_searched_as_plain_words(store):
    sid = store.create_session()
    turn = store.add_turn(sid, question_text="q")
    store.set_transcript(turn, 'We chose speed OR safety, not both; the "NEAR term" plan won', None)
    assert [h.turn_id for h in store.search("speed OR safety")] == [turn]
    assert [h.turn_id for h in store.search('"NEAR term"')] == [turn]
    assert store.search("privacy*") == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query(store, query):
    if not store.list_sessions():
        record_session(store)
    assert isinstance(store.search(query, limit=5), list)


def test_short_term_with_indexed_term_ranks_then_checks_word_edges(store):
    """The quick path for "GM asked": rank by the long term, keep rows where the
    short one is a whole word; falls back to the full query when rare."""
    sid = store.create_session()
    with_word = []
    for i in range(30):
        t = store.add_turn(sid, question_text=f"Q{i}")
        store.set_transcript(t, f"The GM asked us for feature {i}." if i % 3 == 0 else
                             f"The gmail team asked about feature {i}.", None)
        if i % 3 == 0:
            with_word.append(t)
    assert sorted(h.turn_id for h in store.search("GM asked", limit=50)) == with_word
    assert len(store.search("GM asked", limit=3)) == 3
    assert all(h.turn_id in with_word for h in store.search("asked gm", limit=3))
    assert store.search("asked zz") == []
    assert [h.turn_id for h in store.search("GM asked", session_id=sid + 1)] == []


def test_rebuild_search_index(store):
    sid, (t1, _) = record_session(store)
    store.db.execute("DELETE FROM search_index")
    assert store.search("privacy first") == []
    store.rebuild_search_index()
    assert store.search("privacy first")[0].turn_id == t1


def test_a_database_error_in_search_is_raised_not_shown_as_no_results(store):
    """The review tells the user "Search failed"; an empty list would say nothing matched."""
    import sqlite3

    record_session(store)
    store.db.execute("DROP TABLE search_index")  # the index lost, as a damaged file would
    with pytest.raises(sqlite3.OperationalError):
        store.search("business units")
