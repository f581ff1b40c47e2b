"""Delivery analytics for one spoken answer.

From the transcriber's words with timings (`[{"text", "start", "end"}]`, in
seconds from the start of the answer) this computes: duration against the
soft limit, words per minute, fillers with counts and a per-minute rate,
pauses longer than 2 s, and the longest stretch spoken without such a pause.
Without timings (`analyze_text`) only what the words alone allow is computed;
the rest is None. Pure functions; results are dataclasses with `to_dict()`.

Fillers counted: the hesitations of `erbsim.core.fillers` (um, uh, er, ah,
hmm, in any spelling: umm, erm, uhh, mhm...), "like" used as a filler, "you
know", "I mean", "so basically", "kind of", "sort of". The heuristics that keep
real uses out are in `_filler_at` and in docs/lens.md ("Delivery analytics").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from erbsim.core.fillers import hesitation_kind

__all__ = ["Word", "FillerHit", "Pause", "Stretch", "DeliveryStats",
           "analyze_words", "analyze_text", "find_fillers", "PAUSE_THRESHOLD_S"]

PAUSE_THRESHOLD_S = 2.0


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class FillerHit:
    filler: str  # normalised form: "um", "like", "you know" ...
    index: int  # index of its first word
    words: int  # how many words it spans
    start: float | None = None  # seconds, when timings exist
    end: float | None = None


@dataclass(frozen=True)
class Pause:
    start: float  # end of the word before
    end: float  # start of the word after
    duration: float
    after_word: int  # index of the word before the pause (-1: before the first word)


@dataclass(frozen=True)
class Stretch:
    start: float
    end: float
    duration: float
    first_word: int
    last_word: int
    word_count: int


@dataclass
class DeliveryStats:
    timings: bool  # computed from word timings (False: from text only)
    word_count: int
    duration_s: float | None  # the answer's duration (given, or first to last word)
    soft_limit_s: float | None
    over_limit_s: float | None  # how far past the soft limit (0.0 when within it)
    over_limit: bool | None
    words_per_minute: float | None
    speaking_words_per_minute: float | None  # excluding pauses over the threshold
    filler_count: int
    fillers_per_minute: float | None
    fillers_per_100_words: float
    filler_counts: dict[str, int] = field(default_factory=dict)
    fillers: list[FillerHit] = field(default_factory=list)
    pause_threshold_s: float = PAUSE_THRESHOLD_S
    pauses: list[Pause] | None = None
    total_pause_s: float | None = None
    longest_stretch: Stretch | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------
# Fillers

# "like" after these is a verb: "I like", "they'd like", "would like", "to like".
_LIKE_VERB_PREV = {
    "i", "you", "we", "they", "he", "she", "would", "'d", "i'd", "we'd", "they'd", "you'd", "do", "don't",
    "dont", "did", "didn't", "does", "doesn't", "to", "really", "not", "also", "who", "people", "users",
    "customers", "merchants", "sellers", "teams", "might", "may", "will", "could", "should", "all",
    "still", "actually", "genuinely", "truly", "much", "particularly", "especially",
}
# "like" after these is a preposition or comparison: "looks like", "things like X".
_LIKE_PREP_PREV = {
    "look", "looks", "looked", "looking", "sound", "sounds", "sounded", "seem", "seems", "seemed",
    "feel", "feels", "felt", "something", "anything", "nothing", "everything", "more", "less", "much",
    "exactly", "just", "things", "stuff", "tools", "products", "companies", "platforms", "markets",
    "apps", "features", "metrics", "partners", "brands", "cases", "ones", "one", "someone", "somebody",
    "act", "acts", "acted", "behave", "behaves", "behaved", "treat", "treated", "is", "was", "were",
    "are", "be", "been", "'s", "it's", "that's", "what's", "it", "them", "this", "that", "unlike",
    "businesses", "teams", "services", "systems", "regions", "countries", "players", "competitors",
}
# After these, and after a hesitation, "like" is a filler: "and like we", "so like", "um like".
_LIKE_FILLER_PREV = {"and", "but", "so", "then", "because", "or", "oh", "yeah", "well", "okay", "ok", "right"}
_KIND_DET = {"a", "an", "the", "this", "that", "what", "which", "some", "any", "every", "same", "one",
             "these", "those", "no", "each", "another", "different", "new", "right", "other", "whole"}
_YOU_KNOW_NOT = {"do", "did", "don't", "didn't", "if", "would", "as", "whether", "should", "will", "can"}


def _norm(token: str) -> str:
    return re.sub(r"^[^\w']+|[^\w']+$", "", token.lower().replace("’", "'"))


def _filler_at(tokens: list[str], raw: list[str], i: int, gap_before: float | None = None,
               gap_after: float | None = None) -> tuple[str, int] | None:
    """The filler starting at word i, as (name, number of words), or None.

    `tokens` are normalised words, `raw` the words as transcribed (with their
    punctuation), gaps are silences around word i when timings exist.
    """
    w = tokens[i]
    prev = tokens[i - 1] if i > 0 else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    hesitation = hesitation_kind(w)
    if hesitation:
        return hesitation, 1
    if w == "like":
        comma_before = i > 0 and raw[i - 1].rstrip().endswith((",", "...", "—", "-"))
        comma_after = raw[i].rstrip().endswith((",", "...", "—"))
        if comma_before or comma_after:
            return "like", 1  # set off by commas: "it was, like, huge"
        if prev in _LIKE_VERB_PREV or prev in _LIKE_PREP_PREV:
            return None
        if i == 0 or prev in _LIKE_FILLER_PREV or hesitation_kind(prev):
            return "like", 1  # "like we did", "and like the team"
        if gap_before is not None and gap_before >= 0.3 or gap_after is not None and gap_after >= 0.3:
            return "like", 1  # hesitation around it
        return None  # default: a real use
    if w == "you" and nxt == "know":
        if prev in _YOU_KNOW_NOT:
            return None  # "do you know", "if you know"
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if after in ("what", "how", "why", "where", "who", "whether") and not raw[i + 1].endswith(","):
            return None  # "you know how it works": a real question or clause
        return "you know", 2
    if w == "i" and nxt == "mean":
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if after in ("it", "that", "this", "to", "business") or prev in ("what", "do", "did", "don't"):
            return None  # "I mean it", "what I mean is" (a real statement)
        return "i mean", 2
    if w == "so" and nxt == "basically":
        return "so basically", 2
    if w in ("kind", "sort") and nxt == "of":
        if prev in _KIND_DET:
            return None  # "a kind of framework": a real noun
        return f"{w} of", 2
    return None


def find_fillers(words: list[str], gaps: list[tuple[float | None, float | None]] | None = None) -> list[FillerHit]:
    """Fillers in a list of words (as transcribed); no overlapping hits."""
    tokens = [_norm(w) for w in words]
    hits: list[FillerHit] = []
    i = 0
    while i < len(tokens):
        if not tokens[i]:
            i += 1
            continue
        g_before, g_after = gaps[i] if gaps else (None, None)
        found = _filler_at(tokens, words, i, g_before, g_after)
        if found:
            name, span = found
            hits.append(FillerHit(name, i, span))
            i += span
        else:
            i += 1
    return hits


# --------------------------------------------------------------------------
# Computation


def _coerce(words: Iterable[Mapping | Word]) -> list[Word]:
    out = []
    for w in words:
        if isinstance(w, Word):
            out.append(w)
        else:
            out.append(Word(str(w["text"]), float(w["start"]), float(w["end"])))
    return [w for w in out if w.text.strip()]


def _limit(duration, soft_limit):
    if duration is None or soft_limit is None:
        return None, None
    over = round(max(0.0, duration - soft_limit), 3)
    return over, over > 0


def _per_minute(count, seconds):
    if not seconds or seconds <= 0:
        return None
    return round(count * 60.0 / seconds, 2)


def _counts(hits: list[FillerHit]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.filler] = counts.get(h.filler, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def analyze_words(words: Iterable[Mapping | Word], duration: float | None = None,
                  soft_limit: float | None = None,
                  pause_threshold: float = PAUSE_THRESHOLD_S) -> DeliveryStats:
    """Delivery analytics from timed words.

    duration: the answer's length in seconds (from pressing start to stop);
    defaults to the end of the last word. Silence before the first word and
    after the last one counts as a pause when it exceeds the threshold (the
    clock is running during it).
    """
    ws = sorted(_coerce(words), key=lambda w: (w.start, w.end))
    if not ws:
        over, is_over = _limit(duration, soft_limit)
        pauses: list[Pause] = [Pause(0.0, duration, duration, -1)] if duration and duration > pause_threshold else []
        return DeliveryStats(True, 0, duration, soft_limit, over, is_over, 0.0 if duration else None,
                             None, 0, 0.0 if duration else None, 0.0, {}, [], pause_threshold, pauses,
                             round(sum(p.duration for p in pauses), 3), None)
    if duration is None:
        duration = ws[-1].end
    gaps_between = [max(0.0, ws[i + 1].start - ws[i].end) for i in range(len(ws) - 1)]
    gaps = [((gaps_between[i - 1] if i > 0 else None), (gaps_between[i] if i < len(gaps_between) else None))
            for i in range(len(ws))]
    hits = [FillerHit(h.filler, h.index, h.words, ws[h.index].start, ws[h.index + h.words - 1].end)
            for h in find_fillers([w.text for w in ws], gaps)]

    pauses = []
    if ws[0].start > pause_threshold:
        pauses.append(Pause(0.0, round(ws[0].start, 3), round(ws[0].start, 3), -1))
    for i, gap in enumerate(gaps_between):
        if gap > pause_threshold:
            pauses.append(Pause(round(ws[i].end, 3), round(ws[i + 1].start, 3), round(gap, 3), i))
    tail = duration - ws[-1].end
    if tail > pause_threshold:
        pauses.append(Pause(round(ws[-1].end, 3), round(duration, 3), round(tail, 3), len(ws) - 1))

    # Longest stretch of speech between pauses over the threshold.
    best: Stretch | None = None
    first = 0
    for i in range(len(ws)):
        last_of_stretch = i == len(ws) - 1 or gaps_between[i] > pause_threshold
        if last_of_stretch:
            st = Stretch(round(ws[first].start, 3), round(ws[i].end, 3), round(ws[i].end - ws[first].start, 3),
                         first, i, i - first + 1)
            if best is None or st.duration > best.duration:
                best = st
            first = i + 1

    total_pause = round(sum(p.duration for p in pauses), 3)
    speaking = duration - total_pause
    over, is_over = _limit(duration, soft_limit)
    return DeliveryStats(
        timings=True, word_count=len(ws), duration_s=round(duration, 3), soft_limit_s=soft_limit,
        over_limit_s=over, over_limit=is_over,
        words_per_minute=_per_minute(len(ws), duration),
        speaking_words_per_minute=_per_minute(len(ws), speaking),
        filler_count=len(hits), fillers_per_minute=_per_minute(len(hits), duration),
        fillers_per_100_words=round(100.0 * len(hits) / len(ws), 2),
        filler_counts=_counts(hits), fillers=hits, pause_threshold_s=pause_threshold,
        pauses=pauses, total_pause_s=total_pause, longest_stretch=best,
    )


def analyze_text(text: str, duration: float | None = None, soft_limit: float | None = None) -> DeliveryStats:
    """What can be computed from a plain transcript: words, fillers (commas
    help tell filler "like" from the verb), fillers per 100 words; with the
    answer's duration also words per minute, fillers per minute and the soft
    limit. Pauses and stretches need timings: they are None."""
    words = text.split()
    hits = find_fillers(words)
    over, is_over = _limit(duration, soft_limit)
    return DeliveryStats(
        timings=False, word_count=len(words), duration_s=duration, soft_limit_s=soft_limit,
        over_limit_s=over, over_limit=is_over,
        words_per_minute=_per_minute(len(words), duration), speaking_words_per_minute=None,
        filler_count=len(hits), fillers_per_minute=_per_minute(len(hits), duration),
        fillers_per_100_words=round(100.0 * len(hits) / len(words), 2) if words else 0.0,
        filler_counts=_counts(hits), fillers=hits, pauses=None, total_pause_s=None, longest_stretch=None,
    )
