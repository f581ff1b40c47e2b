"""read_track(): does the language read as a Staff or a Principal PM?

The domain notes: a Staff PM talks about market creation, customer segments,
pricing models, partner ecosystems, go-to-market and org incentives; a
Principal PM about architecture, API design, algorithms, latency, query
optimisation, fault tolerance and load tests. Each sentence is scored on two
vocabularies (strong terms 1, weak terms 0.5; a further different term of the
same kind in the sentence adds half, up to twice the weight);
the answer's or the session's totals decide. The lists and their limits are
in docs/probe.md, "Track".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from erbsim.core.lens import split_sentences

from .results import TrackReading, TrackSentence

__all__ = ["read_track", "STAFF_TERMS", "PRINCIPAL_TERMS", "MIN_SCORE", "MIXED_RATIO", "MAX_SENTENCES"]

# term label -> (pattern, weight). Patterns are matched case-insensitively on word boundaries.
STAFF_TERMS: dict[str, tuple[str, float]] = {
    "market creation": (r"market creation|creat\w* (?:a |the |an? new )?(?:new )?markets?|new markets?|"
                        r"markets? (?:that|which) did(?: not|n't) exist", 1.0),
    "customer segment": (r"(?:customer |user |merchant |seller |market )?segment(?:s|ed|ing|ation)?", 1.0),
    "pricing": (r"pricing|price points?|priced|price[\s-]elasticity|willingness to pay", 1.0),
    "business model": (r"business models?|revenue models?|monetis\w+|monetiz\w+|unit economics|take rates?|"
                       r"commissions?|subscriptions?|per[\s-]seat|freemium", 1.0),
    "partners": (r"partners|partner (?:ecosystem|programme|program|network|brands?|stores?)|partnerships?|"
                 r"resell\w*|wholesal\w*|distributors?|(?:logistics|channel|retail|wholesale) partner", 1.0),
    "ecosystem": (r"ecosystems?", 1.0),
    "go-to-market": (r"go[\s-]to[\s-]market|gtm|sales channels?|distribution channels?|channel strategy|"
                     r"sales (?:team|force|motion)", 1.0),
    "incentives": (r"incentives?|compensation|commission plans?|quota", 1.0),
    "competition": (r"competitors?|competitive|market share|positioning|value proposition|differentiat\w+", 1.0),
    "market size": (r"\btam\b|addressable market|market size|demand", 0.5),
    "margin": (r"margins?|p&l|profit\w*|revenue|gmv", 0.5),
    "customers": (r"customer acquisition|acquisition cost|retention|churn|loyalty|brand", 0.5),
    "market": (r"markets?|market[\s-]facing|marketing", 0.5),
    # Chinese, for answers given in Mandarin
    "市场": (r"市场|下沉", 1.0), "定价": (r"定价|价格|订阅|佣金", 1.0), "客群": (r"客群|细分|人群|用户群", 1.0),
    "生态": (r"生态", 1.0), "合作伙伴": (r"合作伙伴|伙伴|渠道", 1.0), "商业模式": (r"商业模式|商业化|变现", 1.0),
    "激励": (r"激励|考核", 1.0), "竞争": (r"竞争|竞品|份额", 1.0),
}
PRINCIPAL_TERMS: dict[str, tuple[str, float]] = {
    "architecture": (r"architect\w*|re[\s-]?architect\w*|system design|monolith\w*|micro[\s-]?services?|"
                     r"service mesh|event[\s-]sourc\w+|event[\s-]driven", 1.0),
    "API design": (r"apis?|sdks?|interfaces?|endpoints?|protocols?|schemas?", 1.0),
    "algorithms": (r"algorithms?|ranking models?|recall rates?|precision and recall|embeddings?|vector (?:search|"
                   r"index|database)|inference|model training|machine learning|heuristics?", 1.0),
    "latency": (r"latency|latencies|p99|p95|p50|tail latency|milliseconds|\d+\s?ms|response times?", 1.0),
    "throughput": (r"throughput|qps|tps|requests per second|peak (?:traffic|load)|capacity planning", 1.0),
    "query optimisation": (r"query (?:optimi\w+|plans?|engine|layer|latency|performance)|slow quer(?:y|ies)|"
                           r"index(?:es|ing|ed)?|shard\w*|partition\w*|cach\w+|databases?|storage layer|sql", 1.0),
    "queries": (r"quer(?:y|ies)", 0.5),
    "fault tolerance": (r"fault[\s-]toleran\w+|failover|fail[\s-]over|redundan\w+|disaster recovery|"
                        r"high availability|uptime|slas?|slos?|circuit breakers?|graceful degradation|"
                        r"idempoten\w+|retr(?:y|ies)", 1.0),
    "load tests": (r"load[\s-]test\w*|stress[\s-]test\w*|benchmark\w*|chaos (?:test\w*|engineering)", 1.0),
    "distributed systems": (r"distributed (?:systems?|cache|database|transactions?|locks?|tracing)|"
                            r"(?:strong|eventual|data) consistency|replicas?|message queues?|kafka|stream processing|"
                            r"data pipelines?|batch jobs?", 1.0),
    "engineering": (r"engineering problem|technical debt|tech debt|refactor\w*|migrat\w+|deploy\w*|"
                    r"scalab\w+|compute|gpus?|infrastructure", 0.5),
    # Chinese, for answers given in Mandarin
    "架构": (r"架构|微服务", 1.0), "接口": (r"接口|API", 1.0), "算法": (r"算法|模型训练|召回|排序模型", 1.0),
    "延迟": (r"延迟|时延|毫秒|响应时间", 1.0), "容错": (r"容错|高可用|降级|容灾", 1.0), "压测": (r"压测|压力测试", 1.0),
    "吞吐": (r"吞吐|并发|峰值", 1.0), "缓存": (r"缓存|索引|分库分表|数据库|查询", 1.0),
    "分布式": (r"分布式|一致性", 1.0),
}
MIN_SCORE = 1.5  # below this on both vocabularies the reading is "unclear"
MIXED_RATIO = 0.5  # the weaker track at this share of the stronger or more: "mixed"
MAX_SENTENCES = 6


def _compile(terms: dict[str, tuple[str, float]]) -> list[tuple[str, re.Pattern[str], float]]:
    out = []
    for label, (pattern, weight) in terms.items():
        if re.search(r"[\u4e00-\u9fff]", pattern):
            out.append((label, re.compile(pattern), weight))
        else:
            out.append((label, re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.I), weight))
    return out


_VOCAB = {"staff": _compile(STAFF_TERMS), "principal": _compile(PRINCIPAL_TERMS)}
# "market" alone is weak and also inside the stronger staff terms: counted only when no stronger term took it.
_SUBSUMED = {"market": ("market creation", "customer segment", "competition", "market size", "go-to-market"),
             "queries": ("query optimisation",)}


def _terms(sentence: str, track: str) -> tuple[tuple[str, ...], float]:
    """The terms of one track said in a sentence, and their score: a label's first
    term counts its weight, each further different term of it half, up to twice its weight."""
    found: list[str] = []
    said: list[str] = []
    score = 0.0
    for label, rx, weight in _VOCAB[track]:
        hits = list(dict.fromkeys(m.group(0).lower() for m in rx.finditer(sentence)))
        if not hits:
            continue
        if label in _SUBSUMED and any(other in found for other in _SUBSUMED[label]):
            continue
        found.append(label)
        said += [h for h in hits if h not in said]
        score += min(2 * weight, weight * (1 + 0.5 * (len(hits) - 1)))
    return tuple(said), score


_CJK_STOP_RX = re.compile(r"(?<=[。！？；])")


def _sentences(text: str) -> list[str]:
    out = []
    for part in _CJK_STOP_RX.split(text or ""):
        out += [s.text for s in split_sentences(part)]
    return out


def read_track(answers: str | Sequence[str], chosen_track: str) -> TrackReading:
    """Whether the language of one answer (a str) or a session (a list of
    answers) reads as Staff or Principal, against `chosen_track`, with the
    sentences that decided it."""
    texts = [answers] if isinstance(answers, str) else list(answers)
    scored: list[tuple[str, tuple[str, ...], float, tuple[str, ...], float]] = []
    staff = principal = 0.0
    for text in texts:
        for sentence in _sentences(text):
            s_terms, s_score = _terms(sentence, "staff")
            p_terms, p_score = _terms(sentence, "principal")
            staff += s_score
            principal += p_score
            if s_score or p_score:
                scored.append((sentence, s_terms, s_score, p_terms, p_score))
    high, low = max(staff, principal), min(staff, principal)
    if high < MIN_SCORE:
        reading = "unclear"
    elif low >= MIN_SCORE and low >= MIXED_RATIO * high:
        reading = "mixed"
    else:
        reading = "staff" if staff > principal else "principal"
    return TrackReading(reading, chosen_track, round(staff, 2), round(principal, 2),
                        _deciding(scored, reading))


def _deciding(scored, reading: str) -> tuple[TrackSentence, ...]:
    """The sentences that carried the reading, strongest first then in the order said."""
    if reading == "unclear":
        return ()
    picked: list[tuple[float, int, TrackSentence]] = []
    for i, (text, s_terms, s_score, p_terms, p_score) in enumerate(scored):
        if reading in ("staff", "mixed") and s_score > 0 and (s_score >= p_score or reading == "staff"):
            picked.append((s_score, i, TrackSentence(text, "staff", s_terms)))
        elif reading in ("principal", "mixed") and p_score > 0 and (p_score > s_score or reading == "principal"):
            picked.append((p_score, i, TrackSentence(text, "principal", p_terms)))
    if reading == "mixed":  # the strongest of each side, so both are shown
        per_side = MAX_SENTENCES // 2
        chosen = []
        for track in ("staff", "principal"):
            side = sorted((p for p in picked if p[2].track == track), key=lambda p: (-p[0], p[1]))
            chosen += side[:per_side]
    else:
        chosen = sorted(picked, key=lambda p: (-p[0], p[1]))[:MAX_SENTENCES]
    return tuple(p[2] for p in sorted(chosen, key=lambda p: p[1]))
