"""analyze(): one answer read by every rule, in order, then weighed by the
learned model (docs/lens.md, "The learned model")."""

from __future__ import annotations

from .context import AnswerContext
from .learned import LearnedModel, features, load_model, sentence_features
from .results import SIGNALS, Evidence, LensResult
from .rules import RULES, find_decisions

__all__ = ["analyze", "read_rules", "rule_ids"]


def read_rules(text: str) -> AnswerContext:
    """The rules alone: an answer's context with their evidence recorded."""
    ctx = AnswerContext(text)
    for rule in RULES:
        rule(ctx)
    return ctx


def rule_ids(ctx: AnswerContext) -> list[str]:
    """The ids of the rules that fired, e.g. "cross_bu.count" (the model's rule features)."""
    return sorted({e.rule for sig in ctx.signals.values() for e in sig.evidence})


# The rules' verdict stands unless the model is nearly sure it is wrong: the
# rules explain themselves better, and on a sentence or two of text (too
# short for the model) they are the better judge.
VETO = 0.1


def _weigh(ctx: AnswerContext, model: LearnedModel) -> None:
    """Let the model add the signals the rules missed (explained by the sentence
    it scores highest) and drop a rule's flag it is nearly sure of."""
    feats = features(ctx.clean, rule_ids(ctx))
    per_sentence = [(s, sentence_features(ctx.sent_clean(s))) for s in ctx.sentences]
    for name in SIGNALS:
        m = model.signals.get(name)
        sig = ctx.signals[name]
        if m is None:
            continue
        p = m.probability(feats)
        if sig.present and p < VETO:
            sig.present = False
            sig.evidence.clear()
        elif not sig.present and p >= m.threshold and per_sentence:
            best, _ = max(per_sentence, key=lambda item: m.word_score(item[1]))
            sig.present = True
            sig.evidence.append(Evidence(f"learned.{name}", best.text, best.start, best.end,
                                         best.text, best.start, best.end))


def analyze(text: str, *, use_model: bool = True) -> LensResult:
    """Mark the ERB signals in one answer. Never raises on any string.

    `use_model=False` gives the rules' verdict alone."""
    if not isinstance(text, str):
        raise TypeError("analyze() takes a string")
    ctx = read_rules(text)
    model = load_model() if use_model else None
    if model is not None:
        _weigh(ctx, model)
    decisions = find_decisions(ctx)
    for sig in ctx.signals.values():
        sig.evidence.sort(key=lambda e: (e.start, e.trigger_start))
    return LensResult(text=text, sentences=ctx.sentences, signals=ctx.signals, decisions=decisions)
