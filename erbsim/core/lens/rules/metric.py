"""metric: a quantified outcome (docs/lens.md, "metric").

Each number in the answer is judged by the words right after and before it:
a percent, an amount of money, a volume or a time that changed, a number
reached; counts of things delivered, lead times and years are not outcomes.
Multipliers ("doubled", "3x") need no number.
"""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..numbers import NUMBER_PATTERN, NumberMention
from .scan import PatternRule, rx, scan

_PERCENT_RX = re.compile(r"^\s*(?:%|per\s*cent|percent(?:age)?(?:\s+points?)?|pp\b|points?\b|basis\s+points|bps\b)", re.I)
_MONEY_AFTER_RX = re.compile(r"^\s*(?:(?:thousand|million|billion|k|m|bn)\s+)?(?:yuan|rmb|dollars?|usd|cny|euros?|"
                             r"renminbi|bucks|in\s+(?:revenue|savings|cost|gmv|sales|profit)|a\s+year\s+in)\b", re.I)
_MONEY_BEFORE_RX = re.compile(r"(?:\$|¥|￥|rmb\s*|usd\s*|cny\s*)$", re.I)
_MULT_RX = rx(r"\b(?:doubled|tripled|quadrupled|halved|cut in half|(?:" + NUMBER_PATTERN +
              r"|\d+(?:\.\d+)?) ?(?:x|times) (?:faster|more|higher|lower|fewer|less|cheaper|bigger|the)|(?:\d+(?:\.\d+)?)x\b)")
_VOLUME_NOUNS = (r"(?:users?|customers?|merchants?|sellers?|buyers?|members?|subscribers?|shoppers?|"
                 r"orders?|transactions?|sessions?|requests?|queries|qps|tps|dau|mau|visits?|visitors?|"
                 r"downloads?|installs?|clicks?|conversions?|parcels?|packages?|deliveries|tickets? (?:a|per)|"
                 r"calls?|complaints?|refunds?|gmv|revenue|hours? (?:a|per|of)|impressions?)")
_VOLUME_AFTER_RX = rx(r"^ ?(?:(?:more|fewer|new|additional|extra|daily|monthly|active|paying|weekly|"
                      r"million|thousand|billion|k|m) )*" + _VOLUME_NOUNS + r"\b")
_TIME_UNITS = r"(?:milliseconds?|ms|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_DELIVERY_NOUNS_RX = rx(r"^ ?(?:(?:new|more|major|key|big|small|other|of (?:our|the|my)) )*(?:features?|okrs?|"
                        r"kpis?|milestones?|projects?|releases?|launches|products?|epics?|stories|tickets|"
                        r"sprints?|apis|services|pages?|teams?|people|engineers|pms|members of|designers|"
                        r"business units|bus|orgs?|organi[sz]ations|divisions|markets|countries|languages|"
                        r"initiatives|experiments|a/b tests|tests|iterations|versions|modules|screens|"
                        r"workshops|meetings|reviews|reports|dashboards|docs|documents|slides|rubrics?)\b")
_CHANGE_RX = rx(r"\b(?:rose|rise|rising|grew|grow|grown|growing|fell|fall|falling|fallen|dropped|drop|cut|cutting|"
                r"reduced|reduce|reducing|reduction|increased|increase|increasing|decreased|decrease|decreasing|"
                r"improved|improve|improving|improvement|lifted|lift|boosted|boost|climbed|declined|decline|"
                r"shrank|shrunk|saved|saving|savings|gained|gain|lost|jumped|jump|doubled|halved|went up|"
                r"went down|came down|go up|go down|up|down|from|to|by|hit|reached|reach|lowered|raised|"
                r"shaved|trimmed|accelerated|sped up|slashed|shortened|higher|lower|faster|slower|more|less|"
                r"fewer|took|takes|before|after|now)\b")
_BEFORE_AFTER_RX = rx(r"\b(?:from [^.;]{1,40}? to |before [^.;]{1,40}? after|(?:before|previously|used to) [^.;]{0,60}?"
                      r"(?:now|today)|(?:took|takes|was) [^.;]{1,30}? (?:before|and now))")

# A lead time is foresight, not an outcome: "ten months before".
_LEAD_TIME_AFTER_RX = re.compile(r"[\s,-]+" + _TIME_UNITS.replace(r"s\b", "s") +
                                 r"[\s,]+(?:and a half[\s,]+)?(?:before|ahead|earlier|prior|in advance)")
_CHANGE_AFTER_RX = re.compile(r"[\s,]*" + _TIME_UNITS + r"?[\s,]*(?:to|and now|after|before|faster|"
                              r"shorter|less|lower|higher|more|up|down)\b")
_TIME_UNIT_AFTER_RX = re.compile(r"[\s,-]*" + _TIME_UNITS)
# "grew to", "fell by", "reached": a bare number right after it is an outcome.
_CHANGE_VERB_BEFORE_RX = re.compile(r"\b(?:grew|rose|fell|dropped|increased|decreased|reached|hit|climbed|jumped|"
                                    r"doubled|went up|went down|came down|cut|reduced|improved|lifted|boosted|"
                                    r"declined|shrank) (?:\w+ ){0,2}(?:to|by|from)?[\s,]*$")


def _number_rule(ctx: AnswerContext, num: NumberMention) -> tuple[str, int] | None:
    """The metric rule a number fires, with the end of its trigger; None if it is no outcome."""
    clean = ctx.clean
    s = ctx.sentence_at(num.start)
    after = clean[num.end:num.end + 40]
    before = clean[max(s.start, num.start - 60):num.start]
    if num.value >= 1900 and num.value <= 2100 and not num.words and "." not in num.text:
        if not _PERCENT_RX.match(after) and not _MONEY_BEFORE_RX.search(before.rstrip()):
            return None  # a year: "in 2023"
    if percent := _PERCENT_RX.match(after):
        return "metric.percent", num.end + percent.end()
    if _MONEY_AFTER_RX.match(after) or _MONEY_BEFORE_RX.search(before.rstrip()):
        money = _MONEY_AFTER_RX.match(after)
        return "metric.money", num.end + (money.end() if money else 0)
    if _DELIVERY_NOUNS_RX.match(after):
        return None  # "five features", "3 OKRs", "three business units": counts, not outcomes
    if _LEAD_TIME_AFTER_RX.match(after):
        return None
    window = before[-45:]
    has_change = bool(_CHANGE_RX.search(window)) or bool(_CHANGE_AFTER_RX.match(after))
    sentence_ba = bool(_BEFORE_AFTER_RX.search(ctx.sent_clean(s)))
    volume = _VOLUME_AFTER_RX.match(after)
    if volume and (has_change or sentence_ba or num.value >= 1000):
        return "metric.volume", num.end + volume.end()
    unit = _TIME_UNIT_AFTER_RX.match(after)
    if unit and (has_change or sentence_ba):
        return "metric.before_after", num.end + unit.end()
    if not unit and _CHANGE_VERB_BEFORE_RX.search(before):
        return "metric.change", num.end
    return None


MULTIPLIER = PatternRule("metric.multiplier", _MULT_RX)


def rule_metric(ctx: AnswerContext) -> None:
    for num in ctx.numbers:
        found = _number_rule(ctx, num)
        if found:
            rule, end = found
            ctx.add("metric", rule, num.start, end, ctx.sentence_at(num.start))
    scan(ctx, "metric", (MULTIPLIER,))
