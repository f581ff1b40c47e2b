"""The one table of filler words for the whole app.

Three readers of an answer must agree on what a filler is: the ERB lens blanks
fillers before its rules run (`erbsim.core.lens.cleaning`), the delivery
analytics count them (`erbsim.core.analytics`), and the transcriber keeps
them and scores how many it kept (`erbsim.speech.transcription`, `erbsim
bench speech`). They all read this module.

Two kinds of filler:

- **Hesitation sounds** (um, uh, er, ah, hmm): never a real word, so a filler
  wherever they stand. Each is written many ways ("umm", "erm", "uhh",
  "hmmm", "mhm"); `hesitation_kind()` gives the one name a spelling counts
  as, so "erm" is the same filler ("er") everywhere.
- **Phrase fillers** ("like", "you know", "I mean", ...): real words that are
  a filler only in some places ("it was, like, huge" but "tools like
  DingTalk"). Which places is a heuristic of the reader: the analytics decide
  word by word (`analytics._filler_at`); the lens, which must not lose
  meaning, blanks only a "you know" set off by commas.
"""

from __future__ import annotations

import re

__all__ = ["HESITATIONS", "HESITATION_SPELLINGS", "HESITATION_RX", "PHRASE_FILLERS", "FILLER_KINDS",
           "hesitation_kind"]

# Each hesitation, by the name it is counted as, with every spelling of it
# (a regular expression for one lower-case word). Order matters only in that
# the first pattern that matches a word names it: "uhm" is um, not uh.
HESITATION_SPELLINGS: dict[str, str] = {
    "um": r"u+m+|u+h+m+",  # um, umm, uhm
    "uh": r"u+h+|e+h+",  # uh, uhh, eh
    "er": r"e+r+m*",  # er, err, erm
    "ah": r"a+h+",  # ah, ahh, aah
    "hmm": r"h+m+|m{2,}|m+h+m+",  # hm, hmm, mm, mhm
}
HESITATIONS: frozenset[str] = frozenset(HESITATION_SPELLINGS)

# Any spelling of a hesitation, as a whole word, in running text.
HESITATION_RX = re.compile(r"\b(?:" + "|".join(HESITATION_SPELLINGS.values()) + r")\b", re.I)

_KIND_RX = {kind: re.compile(pattern, re.I) for kind, pattern in HESITATION_SPELLINGS.items()}

# Real words that are sometimes fillers; the names the analytics count them as.
PHRASE_FILLERS: tuple[str, ...] = ("like", "you know", "i mean", "so basically", "kind of", "sort of")

# Every name a filler can be counted as.
FILLER_KINDS: frozenset[str] = HESITATIONS | frozenset(PHRASE_FILLERS)


def hesitation_kind(word: str) -> str | None:
    """The hesitation a single word is ("Umm" -> "um", "erm" -> "er"), or None.

    The word must be bare: strip punctuation first ("um," is not matched)."""
    for kind, rx in _KIND_RX.items():
        if rx.fullmatch(word):
            return kind
    return None
