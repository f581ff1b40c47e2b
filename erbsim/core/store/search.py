"""Full-text search over machine transcripts, corrections and notes.

The index is the FTS5 table ``search_index`` (trigram tokenizer, kept in sync
by triggers: see schema.py). User input never reaches FTS5 as syntax: it is
split into literal terms (`parse_query`), each searched as a quoted phrase.
Terms shorter than three characters cannot use the trigram index and are
checked by a scan with the SQL function ``erbsim_contains`` (`contains_term`,
registered on the connection by the Store).

Snippets mark matches with two control characters; the UI turns them into
bold (see `snippet_parts` / `snippet_html`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from sqlite_utils import Database

from erbsim.core.store.records import SearchHit
from erbsim.core.store.values import clean_text
from erbsim.core.store.words import time_of_offset

# They never occur in text that a person typed or a recogniser produced.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
_ELLIPSIS = "…"


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, highlighted) pieces."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def snippet_html(snippet: str, tag: str = "b") -> str:
    import html
    return "".join(f"<{tag}>{html.escape(t)}</{tag}>" if hit else html.escape(t)
                   for t, hit in snippet_parts(snippet))


_TRIM = "\"'*^()[]{}<>,.;:!?，。！？、；：“”‘’（）"


def parse_query(query: str) -> list[str]:
    """User input -> literal search terms: "quoted phrases" stay whole, other
    words are split on spaces and trimmed of punctuation. Nothing in the input
    is treated as an FTS5 operator."""
    query = clean_text(query or "")
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        term = phrase.strip() if phrase else word.replace('"', "").strip(_TRIM)
        term = term.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
        if term and term not in terms:
            terms.append(term)
    return terms


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _term_pattern(term: str) -> str:
    """Regex for one term: a short Latin word must match a whole word ("I" is
    not every i); anything else, including Chinese, matches as a substring."""
    if len(term) < 3 and term.isascii() and term.isalnum():
        return rf"(?<!\w){re.escape(term)}(?!\w)"
    return re.escape(term)


def _terms_regex(terms: Sequence[str]) -> re.Pattern:
    return re.compile("|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True)),
                      re.IGNORECASE)


def _first_match(text: str, terms: Sequence[str]) -> re.Match | None:
    if not terms:
        return None
    return _terms_regex(terms).search(text)


def contains_term(body: str | None, term: str) -> bool:
    """SQL function erbsim_contains(body, term) for terms the trigram index cannot serve."""
    if not body or not term:
        return False
    return re.search(_term_pattern(term), body, re.IGNORECASE) is not None


def _python_snippet(text: str, terms: Sequence[str], width: int = 120) -> str:
    """About `width` characters around the first match, every term marked."""
    text = " ".join(text.split())
    match = _first_match(text, terms)
    if match is None:
        return text[:width] + (_ELLIPSIS if len(text) > width else "")
    start = max(0, match.start() - width // 3)
    end = min(len(text), max(match.end(), start + width))
    if start:  # begin and end on word edges where there are any
        space = text.find(" ", start, match.start())
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space >= 0 else end
    window = text[start:end]
    marked = _terms_regex(terms).sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", window)
    return (_ELLIPSIS if start else "") + marked + (_ELLIPSIS if end < len(text) else "")


# A list of ids goes to SQLite as one JSON parameter, whatever its length.
_IN_JSON = "IN (SELECT value FROM json_each(?))"


def search(db: Database, query: str, limit: int = 50, *, session_id: int | None = None) -> list[SearchHit]:
    """See Store.search."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    indexed = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    clauses: list[str] = []
    params: list[str | int] = []
    likes: list[str] = []
    like_params: list[str | int] = []
    for term in short:  # LIKE is a fast C prefilter, the function checks word edges
        clauses.append("body LIKE ? ESCAPE '\\' AND erbsim_contains(body, ?)")
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [f"%{escaped}%", term]
        likes.append("body LIKE ? ESCAPE '\\'")
        like_params.append(f"%{escaped}%")
    if session_id is not None:
        for where, values in ((clauses, params), (likes, like_params)):
            where.append("session_id = ?")
            values.append(session_id)
    # A database error is raised, never turned into "no results": the caller
    # tells the user the search failed (the query itself is always quoted).
    if indexed:
        # rank first, then read the few rows kept by rowid; snippets are
        # made in Python (FTS5's snippet() would re-run the match)
        match = " ".join(_fts_phrase(t) for t in indexed)
        ranked = None
        if short:
            ranked = _ranked_with_short_terms(db, match, short, likes, like_params, int(limit))
        if ranked is None:
            ranked = db.execute(
                "SELECT rowid, bm25(search_index) FROM search_index WHERE search_index MATCH ?"
                + "".join(" AND " + c for c in clauses) + " ORDER BY 2 LIMIT ?",
                [match, *params, int(limit)]).fetchall()
        rank_of = {rowid: rank for rowid, rank in ranked}
        rows = sorted(db.query(
            "SELECT rowid, kind, session_id, turn_id, note_id, body, NULL AS snippet "
            f"FROM search_index WHERE rowid {_IN_JSON}", [json.dumps(list(rank_of))]),
            key=lambda r: rank_of[r["rowid"]])
        for r in rows:
            r["rank"] = rank_of[r["rowid"]]
    else:
        rows = list(db.query(
            "SELECT rowid, kind, session_id, turn_id, note_id, body, NULL AS snippet, "
            "0.0 AS rank FROM search_index WHERE " + " AND ".join(clauses)
            + " ORDER BY rowid DESC LIMIT ?", [*params, int(limit)]))
    turn_ids = sorted({r["turn_id"] for r in rows if r["turn_id"] is not None})
    turns = {t["id"]: t for t in db.query(
        f"SELECT id, position, question_text, transcript_text, words FROM turns WHERE id {_IN_JSON}",
        [json.dumps(turn_ids)])}
    session_ids = sorted({r["session_id"] for r in rows})
    started = {s["id"]: s["started_at"] for s in db.query(
        f"SELECT id, started_at FROM sessions WHERE id {_IN_JSON}", [json.dumps(session_ids)])}
    hits = []
    for r in rows:
        turn = turns.get(r["turn_id"])
        time_s = None
        if turn is not None and r["kind"] in ("transcript", "correction") and turn["words"]:
            machine = turn["transcript_text"] or ""
            found = _first_match(machine, terms)
            if found is not None:
                time_s = time_of_offset(machine, json.loads(turn["words"]), found.start())
        hits.append(SearchHit(
            session_id=r["session_id"], turn_id=r["turn_id"], note_id=r["note_id"], field=r["kind"],
            snippet=r["snippet"] if r["snippet"] is not None else _python_snippet(r["body"], terms),
            time_s=time_s, started_at=started.get(r["session_id"], ""),
            position=turn["position"] if turn else None,
            question_text=turn["question_text"] if turn else None, rank=float(r["rank"])))
    return hits


def _ranked_with_short_terms(db: Database, match: str, short: Sequence[str], likes: list[str],
                             params: list[str | int],
                             limit: int) -> list[tuple[int, float]] | None:
    """Best `limit` (rowid, rank) matching `match` whose bodies hold every short
    term as a word, or None when a quick look does not settle it.

    Calling the Python word-edge check from SQL on every candidate was the
    slow part, so candidates are ranked first and checked in rank order
    until `limit` are kept: a common short term ("GM", "um") is settled
    within the first few hundred ranked rows (~20 ms at 1,000 sessions
    instead of ~160). When it is not, the caller runs the full query."""
    where = [w for w in likes if w.startswith("session_id")]
    where_params = params[len(params) - len(where):] if where else []
    probe = 4 * limit + 64

    def take(sql_where: list[str], sql_params: list, budget: int | None) -> list[tuple[int, float]] | None:
        cursor = db.execute(
            "SELECT rowid, bm25(search_index) FROM search_index WHERE search_index MATCH ?"
            + "".join(" AND " + c for c in sql_where) + " ORDER BY 2", [match, *sql_params])
        kept: list[tuple[int, float]] = []
        seen = 0
        while len(kept) < limit:
            batch = cursor.fetchmany(max(64, 2 * (limit - len(kept))))
            if not batch:
                return kept
            if budget is not None and seen >= budget:
                return None
            seen += len(batch)
            bodies = dict(db.execute(
                f"SELECT rowid, body FROM search_index WHERE rowid {_IN_JSON}",
                [json.dumps([rowid for rowid, _ in batch])]).fetchall())
            for rowid, rank in batch:
                if all(contains_term(bodies.get(rowid), t) for t in short):
                    kept.append((rowid, rank))
                    if len(kept) == limit:
                        break
        return kept

    return take(where, where_params, probe)
