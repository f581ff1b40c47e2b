"""Numbers in a cleaned transcript, in digits ("18", "1,200", "40k") or in words
("eighteen", "twenty two", "two point one", "four and a half")."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberMention", "find_numbers", "NUMBER_PATTERN"]

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
_WORD_RX = re.compile(r"[a-z]+(?:-[a-z]+)*|\d+(?:[.,]\d+)*|%|\$|¥|￥", re.I)


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: float
    text: str
    words: bool  # spelled out


def find_numbers(clean: str) -> list[NumberMention]:
    """Numbers in a cleaned (lower-case) text: "18", "2.5", "1,200", "eighteen",
    "twenty two", "one hundred and twenty", "two point one", "a half"
    (after a number), "40k", "three million". Quarter and percentile labels
    ("Q4", "p99", "FY24") are not numbers; neither are 4-digit years."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD_RX.finditer(clean)]
    out: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        tok, s, e = tokens[i]
        if tok[0].isdigit():
            if s > 0 and clean[s - 1].isalpha():  # q4, p99, fy24
                i += 1
                continue
            raw = tok.replace(",", "")
            try:
                value = float(raw)
            except ValueError:
                value = float(re.sub(r"[^\d.]", "", raw) or 0)
            end = e
            # 40k, 3m, 1.2bn
            m = re.match(r"(k|m|bn|mn)\b", clean[e:])
            if m:
                value *= _SCALES[m.group(1)]
                end = e + m.end()
            j = i + 1
            if j < len(tokens) and tokens[j][0] in ("thousand", "million", "billion", "hundred"):
                value *= _SCALES[tokens[j][0]]
                end = tokens[j][2]
                j += 1
            out.append(NumberMention(s, end, value, clean[s:end], False))
            i = j
            continue
        parts = tok.split("-")
        if all(p in _UNITS or p in _TENS for p in parts):
            total, current, j, end = 0.0, 0.0, i, e
            decimals = None
            while j < len(tokens):
                w = tokens[j][0]
                if j > i and clean[tokens[j - 1][2]:tokens[j][1]].strip(" -"):
                    break  # a comma or full stop ends the number: "twenty, two"
                ws = w.split("-")
                if all(p in _UNITS or p in _TENS for p in ws):
                    if decimals is not None:
                        for p in ws:
                            decimals += str(_UNITS.get(p, _TENS.get(p, 0)))
                    else:
                        for p in ws:
                            current += _UNITS.get(p, _TENS.get(p, 0))
                    end = tokens[j][2]
                    j += 1
                elif w in ("hundred",) and decimals is None:
                    current = (current or 1) * 100
                    end = tokens[j][2]
                    j += 1
                elif w in ("thousand", "million", "billion") and decimals is None:
                    total += (current or 1) * _SCALES[w]
                    current = 0
                    end = tokens[j][2]
                    j += 1
                elif (w == "and" and j + 1 < len(tokens) and decimals is None
                      and tokens[j + 1][0].split("-")[0] in {**_UNITS, **_TENS}
                      and tokens[j - 1][0] in ("hundred", "thousand", "million", "billion")):
                    j += 1
                elif (w == "point" and decimals is None and j + 1 < len(tokens)
                      and tokens[j + 1][0] in _UNITS):
                    decimals = ""
                    j += 1
                elif (w == "and" and j + 2 < len(tokens) and tokens[j + 1][0] == "a"
                      and tokens[j + 2][0] == "half"):
                    current += 0.5
                    end = tokens[j + 2][2]
                    j += 3
                    break
                else:
                    break
            value = total + current
            if decimals:
                value += float("0." + decimals)
            out.append(NumberMention(s, end, value, clean[s:end], True))
            i = j
            continue
        i += 1
    return out


# Regex fragment for "a number" inside the rules' patterns (its value is not needed):
# digits, number words, and vague amounts ("a couple of", "several", "over a dozen").
NUMBER_PATTERN = (r"(?:\d+(?:[.,]\d+)*|(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                  r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                  r"sixty|seventy|eighty|ninety|hundred|and|a|an|half|couple|of|few|several|dozen|"
                  r"about|around|roughly|almost|nearly|over|more|than|some|full)(?:[\s-]+(?:zero|one|two|three|"
                  r"four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|and|"
                  r"a|half|of|couple|few|dozen|more|than)){0,6})")

