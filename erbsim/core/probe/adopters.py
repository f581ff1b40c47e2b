"""Which other organisations use the candidate's work, read from the sentences that say so.

A sentence says the work is in use when it has a use or adoption verb ("Fliggy runs it", "it is now
used by Hema", "it went live in Lazada", "the way Amap dispatches now"), not negated and not only
planned or liked ("Lazada wants to adopt it", "Daraz liked it"). From such a sentence, and from a
short sentence right after it that goes on with the list ("Then Tmall too."), the organisations are:

- Alibaba business units and products (`BU_RX`), the longest name first ("Taobao Maicai" is one);
- teams said by a name: "the Growth team", "Wei's squad", "Tmall's pricing team", "the payments
  team in another BU" (a lower-case team only when the sentence says it is in another unit);
- capitalised names and abbreviations where an organisation stands: before the verb ("Koubei
  adopted it"), after "by", "at", "in", "to" ("used by Koubei"), or in a list with one of the
  above ("Hema, Koubei and Fliggy").

Not counted: organisations in a sentence that puts them inside the candidate's own unit, an
organisation the answer calls its own ("our Tmall team", "I'm at Ele.me"), a name the answer gives
its own product ("we built Atlas"), and capitalised customers ("brands like Nike use it").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["BU_RX", "OTHER_UNITS_RX", "adopters", "adoption_sentence", "clean_caps", "name_key", "organisations_in",
           "own_names"]

# Verbs by which an organisation is said to use the work (broader than the lens's list).
_VERB = (r"adopt\w*|picked (?:it |this |them |that )?up|pick (?:it |this )?up|reus\w*|rolled (?:it |this )?out|"
         r"migrated|moved (?:onto|to|over)|(?:re)?built (?:\w+ ){0,3}on|integrat\w*|copied|cop(?:y|ies) (?:it|this)|"
         r"replicated|forked|plugged|switched|onboarded|signed (?:up|on)|"
         r"(?:got|brought|moved|put) (?:\w+ ){0,4}(?:onto|on to|on board|into) (?:it|this|the)|"
         r"came on ?board|(?:is|are|were|was) on ?board|"
         r"standardi[sz]ed on|took (?:it|this|that|them|the \w+|our \w+|my \w+)|take (?:it|this)|"
         r"use[sd]?(?! to\b)|using|runs?|ran|running|rel(?:y|ies|ied) on|depends? on|"
         r"call(?:s|ed|ing)? (?:it|this|the|our|my)|decides? with|decided with|plans? with|planned with|"
         r"(?:plan|price|decide|score|forecast|route|size|schedul|budget|rank|triag|screen|review|launch)\w* "
         r"(?:\w+ ){0,3}(?:(?:with|through) (?:it|this|that|them|the|our|my)|on (?:it|this|that|them))|"
         r"fill(?:s|ed)? (?:it )?in|reserves? through|go(?:es)? through|went through|"
         r"went live|(?:is|are) live|live (?:in|at)|deployed|launched it|applied|appl(?:y|ies) (?:it|this|the)|"
         r"follows?|followed|joined|serves?|served|power(?:s|ed)|(?:has|have|had) it (?:live|running|in production)|"
         r"in production|(?:is|are|was|were|now) on (?:it|this|board)|on (?:it|this) now|extended it|licen[sc]ed|"
         r"embedded|wired (?:it|this) in|"
         r"(?:it's|it is|it was) (?:now |also |already )?(?:live )?(?:in|at|inside)(?= (?:both )?(?-i:[A-Z]))|"
         r"(?:have|has|had|built|run) (?:their|its) own (?:versions?|cop(?:y|ies)|forks?)|"
         r"(?:works?|dispatch\w*|plans?|prices?|decides?|launch\w*|routes?|sizes?|scores?) (?:this way|like this) now|"
         r"(?:works?|dispatch\w*|plans?|prices?|decides?|launch\w*|routes?) now")
_VERB_RX = re.compile(r"\b(?:" + _VERB + r")\b", re.I)
# Only planned, hoped or liked, or denied, just before the verb.
_NOT_YET_RX = re.compile(
    r"\b(?:wants? to|wanted to|plans? to|planning to|planned to|going to|gonna|will|would|'ll|might|may|could|"
    r"should|hopes? to|hoping to|about to|considering|consider|evaluating|evaluate|thinking about|interested in|"
    r"asked (?:about|whether|if)|looking (?:at|into)|talking about|in talks to|discussing|not|n't|never|no longer|"
    r"stopped|refused to|declined to|did not|didn't|nobody|no one|no other|if|whether|once)\b[^.;,]{0,25}$", re.I)
_NOBODY_RX = re.compile(
    r"\b(?:no other|nobody else|no one else|only (?:my|our)|(?:nobody|no one) (?:outside|beyond))\b", re.I)
# "the way Ele.me dispatches now": use said as a change in how the organisation works.
_WAY_NOW_RX = re.compile(r"\b(?:the way|how) [A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)? \w+ (?:now|today)\b")
# Other units counted or said without a name: "two other BUs", "other units followed".
OTHER_UNITS_RX = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|other|many|multiple|more|a few|a couple(?: of)?|"
    r"another (?:two|three|four|few)|a dozen|\d+)(?: other| more)? (?:business units|bus|organi[sz]ations|orgs|"
    r"units|divisions|subsidiaries|business groups)\b|\bother (?:bus|business units|units|orgs)\b|"
    r"\b(?:teams|squads|groups) (?:in|from|outside|beyond) (?:other|two|three|several|different|(?:my|our) (?:bu|unit|"
    r"business unit|org))\b", re.I)
# Adopters said by a pronoun, named in the sentence before: "They adopted it", "Both of them run it".
_THEY_RX = re.compile(r"^\W*(?:(?:and|so|now|today|then|soon|later|eventually|within \w+ \w+),? )?"
                      r"(?:they|both|all three|all four|the two|those two|those three)\b|"
                      r"\b(?:both of them|all of them|each of them)\b", re.I)
# Customers rather than units: a capitalised name next to these is a customer, not an adopting unit.
_CUSTOMER_RX = re.compile(r"\b(?:customers?|clients?|merchants?|sellers?|brands?|advertisers?|vendors?|"
                          r"suppliers?|restaurants?|retailers?|shops?|stores?|buyers?|users?|consumers?|"
                          r"hosts?|creators?|drivers?|couriers?|riders?|partners?|tenants?|accounts?)\b", re.I)
_TEAM_WORDS = r"(?:teams?|squads?|orgs?|organi[sz]ations?|units?|business|groups?|divisions?|departments?|folks|" \
              r"people|guys|side|crew|pods?|bu)"
# "the Growth team", "the Tmall trading team", "the payments squad"
_NAMED_TEAM_RX = re.compile(r"\b(?:the|their|a|an)\s+((?:[\w.&-]+\s){1,3})" + _TEAM_WORDS + r"\b", re.I)
# "Wei's team", "Tmall's pricing team", "Lazada's"
_POSSESSIVE_RX = re.compile(r"\b((?:[A-Z][\w.&-]*\s){0,2}[A-Z][\w.&-]*)'s\b")
_ANOTHER_UNIT_RX = re.compile(r"\b(?:another|other|outside|different|separate|sister) (?:bus?|business units?|"
                              r"units?|orgs?|organi[sz]ations?|divisions?|companies|company|business groups?)\b|"
                              r"\boutside (?:my|our) (?:bu|unit|org|business unit|division)\b", re.I)
_CAPS_RX = re.compile(r"(?<![\w.&'-])([A-Z][\w.&-]*(?:\s(?:[A-Z][\w.&-]*|\d+))*)")
# Where an organisation stands around the verb: "used by X", "live in X", "rolled out to X".
_AFTER_PREP_RX = re.compile(r"\b(?:by|at|in|to|into|across|inside|from|and|including|plus)\s+$")
# A list goes on: "Hema, Koubei and Fliggy" (a comma then a verb is an aside: "Wang Fang, said").
_LIST_NEXT_RX = re.compile(r"\s*(?:,\s*|,?\s+and\s+|\s*&\s*)(?:the\s+)?[A-Z0-9]")
_LIST_PREV_RX = re.compile(r"[A-Z0-9][\w.&-]*(?:'s(?: \w+){0,2} teams?)?\s*(?:,|,?\s+and|&)\s+(?:the\s+)?$")
# A person said by role just before the name: "their membership lead Tang Wei", "the GM, Li Na,".
_ROLE_BEFORE_RX = re.compile(r"\b(?:lead|leader|director|head|manager|gm|vp|cpo|ceo|cto|owner|pm|engineer|"
                             r"architect|counterpart|boss|colleague|friend|analyst|president|chief)\s*,?\s*$", re.I)
_OWN_NAME_RX = re.compile(
    r"\b(?i:our|my|i(?:'m| am| was| work)(?: a \w+| the \w+)?(?: at| in| on| with| for)|we(?:'re| are)? at|here at|"
    r"(?:called|named|dubbed|branded)|(?:owner|pm|lead|head) (?:for|of)|"
    r"(?:we|i) (?:built|wrote|made|created|launched|designed|shipped|call(?:ed)?))"
    r"\s+(?:it\s+)?(?:the\s+)?((?:[A-Z][\w.&-]*\s?){1,3})")
# Customers somewhere, not units: "merchants on Taobao and Tmall", "sellers in Lazada".
_CUSTOMER_AT_RX = re.compile(_CUSTOMER_RX.pattern + r"\s+(?:on|in|at|from|of|across|selling on|using)\s+(?:both\s+)?"
                             r"(?:[\w.&'-]+(?:\s+[A-Z][\w.&'-]*)?(?:,\s*|,?\s+and\s+|\s+or\s+))*$", re.I)
# Capitalised words that name no organisation (roles, things, fillers).
_NOT_ORG = {
    "i", "i'm", "i've", "i'd", "i'll", "okay", "ok", "so", "and", "but", "the", "we", "it", "its", "it's", "yes", "no",
    "well", "then", "now", "they", "them", "their", "our", "my", "this", "that", "these", "those", "both", "all",
    "each", "everyone", "nobody", "people", "teams", "team", "later", "first", "also", "most", "some", "many",
    "finally", "today", "eventually", "soon", "after", "before", "when", "once", "if", "because", "he", "she", "you",
    "there", "which", "who", "users", "honestly", "actually", "basically", "anyway", "um", "uh", "like", "plus",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3", "q4",
    "h1", "h2", "fy", "okrs", "okr", "kpi", "kpis", "ai", "ml", "pm", "pms", "gm", "gms", "cpo", "ceo", "cto", "coo",
    "cfo", "vp", "svp", "evp", "p7", "p8", "p9", "p10", "p11", "api", "apis", "sdk", "sla", "slo", "slas", "qps",
    "gmv", "sku", "skus", "ctr", "eta", "roi", "ux", "ui", "saas", "b2b", "b2c", "llm", "llms", "gpu", "gpus", "cpu",
    "sql", "etl", "ab", "a/b", "excel", "slack", "wiki", "english", "chinese", "mandarin", "china", "spain",
    "portugal", "europe", "asia", "singapore", "hangzhou", "beijing", "shanghai", "shenzhen", "double", "eleven",
    "singles", "day", "11.11", "618", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "every", "another", "other", "only", "even", "just", "still", "not", "nothing", "none", "what", "why", "how",
    "where", "yeah", "right", "sure", "mr", "ms", "dr", "hr", "ops", "pr", "ta", "director", "head",
    "manager", "chief", "officer", "president", "founder", "sponsor", "lead", "architect", "group", "company",
    "business", "unit", "bu", "bus", "framework", "model", "template", "platform", "service", "tool", "api's",
    "since", "until", "within", "across", "by", "at", "in", "on", "to", "for", "with", "from", "of", "as", "a", "an",
}
_BU_NAMES = (
    "taobao maicai", "taobao live", "tmall global", "tmall supermarket", "alibaba cloud", "alibaba health",
    "alibaba pictures", "alibaba.com", "ant group", "ant financial", "international digital commerce",
    "local services", "sesame credit", "idle fish", "uc browser", "sun art", "cainiao", "taobao", "tmall",
    "ele.me", "eleme", "freshippo", "hema", "lazada", "daraz", "trendyol", "aliexpress", "alipay", "dingtalk",
    "ding talk", "youku", "amap", "gaode", "fliggy", "xianyu", "1688", "aliyun", "damo", "tongyi", "qwen", "quark",
    "ucweb", "koubei", "alimama", "intime", "miravia", "kaola", "lingxi", "aidc", "taotian", "lazmall", "damai",
    "maicai", "feizhu", "zhima", "hujing", "banma", "cloud intelligence", "tao pu",
)
BU_RX = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n).replace(r"\ ", r"[\s-]?") for n in _BU_NAMES)
                   + r")(?![\w])", re.I)
_ALIASES = {"hema": "freshippo", "eleme": "ele.me", "gaode": "amap", "idle fish": "xianyu", "aliyun": "alibaba cloud",
            "ant financial": "ant group", "aidc": "international digital commerce", "ding talk": "dingtalk",
            "feizhu": "fliggy", "maicai": "taobao maicai"}


def name_key(name: str) -> str:
    """One key per organisation: aliases merged ("Hema" and "Freshippo"), case and spaces ignored."""
    low = " ".join(name.casefold().replace("-", " ").split())
    low = re.sub(r"'s$", "", low)
    for suffix in (" team", " teams", " squad", " org", " group", " unit", " business", " division", " folks",
                   " people", " guys", " side", " crew", " pod", " bu"):
        if low.endswith(suffix) and low != suffix.strip():
            low = low[: -len(suffix)]
    low = _ALIASES.get(low, low)
    return re.sub(r"[^a-z0-9]", "", low)


def _uses(text: str) -> list[re.Match]:
    """The use verbs of a sentence said as done: not planned, hoped, liked or denied just before."""
    out = []
    for m in _VERB_RX.finditer(text):
        if _NOT_YET_RX.search(text[max(0, m.start() - 40):m.start()]):
            continue
        out.append(m)
    return out


def adoption_sentence(text: str) -> bool:
    """Does the sentence say organisations (or teams) use the work, as done?"""
    if _NOBODY_RX.search(text):
        return False
    return bool(_uses(text)) or bool(_WAY_NOW_RX.search(text))


def _lens_sentence_stands(text: str) -> bool:
    """A sentence the lens reads as adoption, unless it denies it or only plans it ("Lazada wants to
    adopt it"): every use verb in it is said as not yet done."""
    if _NOBODY_RX.search(text):
        return False
    return not list(_VERB_RX.finditer(text)) or bool(_uses(text))


def own_names(answer: str) -> set[str]:
    """Keys of names the answer calls its own: "our Tmall team", "I'm at Ele.me", "we built Atlas"."""
    out: set[str] = set()
    for m in _OWN_NAME_RX.finditer(answer):
        words = m.group(1).split()
        while words and words[-1].casefold() in _NOT_ORG:
            words.pop()
        if words:
            out.add(name_key(" ".join(words)))
            out.add(name_key(words[0]))
    return out


def clean_caps(name: str) -> str:
    words = name.split()
    while words and (words[0].casefold().rstrip(".,") in _NOT_ORG or words[0].isdigit()):
        words = words[1:]
    while words and (words[-1].casefold().rstrip(".,") in _NOT_ORG or words[-1].isdigit()):
        words = words[:-1]
    return " ".join(words).rstrip(".,")


def organisations_in(text: str) -> list[str]:
    """Organisations said as taking up the work in one sentence that says it is in use."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []

    def add(name: str, start: int, end: int) -> None:
        name = name.strip().rstrip(".,")
        if name and not any(s <= start < e for s, e in spans):
            found.append(name)
            spans.append((start, end))

    for m in BU_RX.finditer(text):
        if not _CUSTOMER_AT_RX.search(text[:m.start()]):
            add(m.group(0), m.start(), m.end())
    customers = bool(_CUSTOMER_RX.search(text))
    another = bool(_ANOTHER_UNIT_RX.search(text))
    for m in _POSSESSIVE_RX.finditer(text):
        name = clean_caps(m.group(1))
        if name and not (customers and not re.match(r"\s+(?:\w+\s){0,2}" + _TEAM_WORDS, text[m.end():], re.I)):
            add(name, m.start(1), m.end(1))
    for m in _NAMED_TEAM_RX.finditer(text):
        words = m.group(1).split()
        if any(w[0].isupper() for w in words):
            name = clean_caps(" ".join(w for w in words if w[0].isupper()))
            if name:
                add(name, m.start(1), m.end(1))
        elif another and m.group(0)[:3].casefold() == "the" and not {w.casefold() for w in words} & {
                "same", "whole", "other", "own", "entire", "core", "my", "our", "of", "couple", "few", "two", "three"}:
            add(" ".join(words) + " team", m.start(1), m.end(1))
    if customers:
        return found
    verbs = _uses(text)
    for m in _CAPS_RX.finditer(text):
        name = clean_caps(m.group(1))
        if not name or name.casefold() in ("alibaba", "alibaba group") or any(s <= m.start() < e for s, e in spans):
            continue
        before, after = text[:m.start()], text[m.end():]
        first = not before.strip() or before.rstrip().endswith((".", "!", "?", ":", ";"))
        subject = any(0 <= v.start() - m.end() <= 25 and not re.search(r"[.;,]", text[m.end():v.start()])
                      for v in verbs) and not re.match(r"\s*(?:said|says|told)\b", after)
        placed = bool(_AFTER_PREP_RX.search(before[-14:])) and any(v.start() < m.start() for v in verbs)
        listed = bool(_LIST_NEXT_RX.match(after)) and bool(BU_RX.search(after[:40]) or spans)
        listed = listed or (bool(_LIST_PREV_RX.search(before)) and bool(spans))
        if first and not subject and not listed:
            continue
        if _ROLE_BEFORE_RX.search(before) or (len(name.split()) == 1 and name.casefold().endswith("ly")):
            continue  # a person by role ("their returns lead, Xu Bin, said"), an adverb ("Personally")
        if name.isupper() and len(name) <= 4 and not (subject or listed):
            continue  # "for POI matching": an abbreviation after a preposition is more often a thing
        if subject or placed or listed:
            add(name, m.start(), m.end())
    return found


def names_said(text: str) -> list[str]:
    """Organisations a sentence names, whatever it says of them: business units (not where customers
    are), capitalised teams ("the Growth team", "Wei's squad")."""
    out = [m.group(0) for m in BU_RX.finditer(text) if not _CUSTOMER_AT_RX.search(text[:m.start()])]
    for m in _NAMED_TEAM_RX.finditer(text):
        name = clean_caps(" ".join(w for w in m.group(1).split() if w[0].isupper()))
        if name and not BU_RX.search(name):
            out.append(name)
    return out


def adopters(sentences: Sequence[str], answer: str, own_unit: Sequence[str] = (),
             said_by_lens: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """(organisations named as using the work, the sentences that say so), in the order said; a
    sentence the lens reads as cross-BU adoption counts as saying so whatever its verb."""
    own = own_names(answer)
    names: list[str] = []
    said: list[str] = []
    previous = False
    before = ""
    for text in sentences:
        last, before = before, text
        if text in own_unit:
            previous = False
            continue
        if adoption_sentence(text) or (text in said_by_lens and _lens_sentence_stands(text)):
            orgs = organisations_in(text)
            if not orgs and _THEY_RX.search(text) and last not in own_unit:
                orgs = names_said(last)  # "I took it to Lazada and Daraz. Both of them run it now."
            said.append(text)
            previous = True
        elif previous and len(text.split()) <= 12 and (
                len(text.split()) <= 6 or re.search(r"\b(?:then|too|also|as well|followed|after that|later|next|"
                                                     r"soon|again)\b", text, re.I)):
            orgs = organisations_in(text)  # the list goes on: "Then Tmall Supermarket." / "Koubei followed."
            if not orgs:
                orgs = [m.group(0) for m in BU_RX.finditer(text)]
            if orgs:
                said.append(text)
            previous = bool(orgs)
        else:
            previous = False
            continue
        names += [o for o in orgs if name_key(o) not in own and name_key(o.split()[0]) not in own]
    seen: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key and not any(key.startswith(k) or k.startswith(key) or k.endswith(key) for k in seen):
            seen[key] = name
    return list(seen.values()), said
