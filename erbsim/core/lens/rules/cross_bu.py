"""cross_bu_adoption: two or more other teams, orgs or BUs adopted it
(docs/lens.md, "cross_bu_adoption").

Only a sentence that adopts (an adoption verb, not negated, and nothing like
"no other team") is looked at; in it, a count of two or more organisations,
or two or more organisations named.
"""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..numbers import NUMBER_PATTERN, find_numbers
from ..results import Sentence
from .scan import SEP, PatternRule, rx, scan_sentence

# Alibaba business units and products, as they are said.
_BU_NAMES = (
    "taobao", "tmall", "cainiao", "ele\\.me", "eleme", "freshippo", "hema", "lazada", "daraz",
    "trendyol", "aliexpress", "alipay", "ant group", "ant financial", "dingtalk", "youku", "amap",
    "gaode", "fliggy", "xianyu", "idle fish", "1688", "alibaba\\.com", "alibaba cloud", "aliyun",
    "damo", "tongyi", "qwen", "quark", "ucweb", "uc browser", "koubei", "alimama", "intime",
    "sun art", "miravia", "kaola", "tmall global", "taobao live", "lingxi", "alibaba health",
    "alibaba pictures", "cloud intelligence", "local services", "international digital commerce",
    "aidc", "cainiao smart logistics", "taotian", "ele\\.me", "ding ?talk",
)
_BU_RX = re.compile(r"\b(?:" + "|".join(n.replace(" ", SEP) for n in _BU_NAMES) + r")\b", re.I)
# "the Search team", "the payments org" ... (captured in the original text)
_NAMED_TEAM_RX = re.compile(
    r"\b(?:the|our|their|her|his)\s+((?:[A-Z0-9][\w.&-]*\s+){1,3})(?:team|org|organi[sz]ation|group|"
    r"division|unit|business|squad|department|bu)\b")
_ORG_NOUNS = (r"(?:other\s+|sister\s+|partner\s+|different\s+|separate\s+|product\s+|engineering\s+|"
              r"business\s+|more\s+)*(?:teams|business\s+units|bus|orgs|organi[sz]ations|divisions|"
              r"departments|product\s+lines|subsidiaries|companies|groups|markets|brands|businesses|"
              r"sister\s+companies|platforms|bus?\b)")

_ADOPT_VERB = (r"(?:adopted|adopt|adopts|adopting|picked (?:it |this |them )?up|pick (?:it )?up|reused|reuse|reuses|"
               r"rolled (?:it |this )?out (?:to|across|in)|migrated (?:to|onto)|moved (?:to|onto)|built on|"
               r"integrated|standardi[sz]ed on|copied|replicated|took (?:it|this) (?:up|over|on)|"
               r"(?:now |also |all )?(?:use|uses|used|using|run|runs|running|rely on|relies on|depend on|"
               r"depends on|apply|applies)(?= (?:it|this|that|them|these|our|my|the same|the \w+ i|the \w+ we|"
               r"the (?:framework|model|tool|api|platform|layer|service|rubric|template|engine|process|"
               r"method|system|harness|playbook)))|(?:is|are|was|were) (?:now )?(?:used|run|adopted) (?:by|in|across)|"
               r"(?:onboarded|signed up|switched) (?:to|onto)|(?:now )?decides?)")
_ADOPT_RX = rx(r"\b" + _ADOPT_VERB + r"\b")
_COUNT_ORGS_RX = rx(r"\b(?P<n>" + NUMBER_PATTERN + r"|several|multiple|many|numerous|both|all) (?:of )?(?:the )?"
                    r"(?P<org>" + _ORG_NOUNS + r")\b")
_ACROSS_RX = rx(r"\b(?:across|by|in|to) (?:the |all )?(?P<n>" + NUMBER_PATTERN +
                r"|several|multiple|many|all|other|every) (?:other |sister |partner )?(?:business units|bus|orgs|organi[sz]ations|divisions|teams)\b")
# Nobody outside the team: "outside my team", "no other", "only our".
NOT_OTHER_RX = rx(r"\b(?:outside (?:my|our) (?:team|group|org)|nobody else|no other|no one else|only (?:my|our))\b")
_VAGUE_MANY = ("several", "multiple", "many", "numerous", "both", "all", "every", "other")


def _orgs_in(ctx: AnswerContext, s: Sentence) -> list[tuple[str, int, int]]:
    """Distinct organisations named in sentence `s`: (name, start, end) in the text."""
    sc = ctx.sent_clean(s)
    found: dict[str, tuple[str, int, int]] = {}
    for m in _BU_RX.finditer(sc):
        key = re.sub(r"\W+", "", m.group(0))
        found.setdefault(key, (m.group(0), s.start + m.start(), s.start + m.end()))
    for m in _NAMED_TEAM_RX.finditer(s.text):
        name = m.group(1).strip()
        if name.lower() in ("i", "we", "my", "our") or name.split()[0] in ("I",):
            continue
        key = re.sub(r"\W+", "", name.lower())
        if any(key.startswith(k) or k.startswith(key) for k in found):
            continue
        found.setdefault(key, (name, s.start + m.start(1), s.start + m.end(1)))
    return list(found.values())


def _adopts(ctx: AnswerContext, s: Sentence) -> bool:
    """An adoption verb, not negated, and not "outside my team" / "no other"."""
    sc = ctx.sent_clean(s)
    adopt = [m for m in _ADOPT_RX.finditer(sc)
             if not ctx.negated(s, m.start(), 35) and ctx.achieved(s, m.start(), m.end())]
    return bool(adopt) and not NOT_OTHER_RX.search(sc)


def _fewer_than_two(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    n = m.group("n").strip()
    value: float
    if n in _VAGUE_MANY:
        value = 2
    else:
        nums = find_numbers(n)
        value = nums[0].value if nums else (2 if re.search(r"couple|few|dozen", n) else 0)
    return value < 2


# "three business units adopted it", "adopted across several BUs"
COUNT = PatternRule("cross_bu.count", _COUNT_ORGS_RX, negation_window=15, skip=_fewer_than_two)
ACROSS = PatternRule("cross_bu.count", _ACROSS_RX, negation_window=15, skip=_fewer_than_two)


def rule_cross_bu(ctx: AnswerContext) -> None:
    for s in ctx.sentences:
        if not _adopts(ctx, s):
            continue
        scan_sentence(ctx, "cross_bu_adoption", s, (COUNT, ACROSS))
        # two or more named organisations in a sentence that adopts
        orgs = _orgs_in(ctx, s)
        if len(orgs) >= 2:
            start = min(o[1] for o in orgs)
            end = max(o[2] for o in orgs)
            ctx.add("cross_bu_adoption", "cross_bu.named_orgs", start, end, s)
