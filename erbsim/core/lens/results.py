"""What a reading of one answer gives back: the signals, their evidence, the sentences."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["SIGNALS", "DIMENSIONS", "SIGNAL_LABELS", "Sentence", "Evidence", "Signal", "LensResult"]

SIGNALS: tuple[str, ...] = (
    "foresight", "autonomy", "mandate", "cross_bu_adoption", "institutionalized",
    "metric", "stakeholder_quote", "execution_language", "talent_multiplier",
)
DIMENSIONS: tuple[str, ...] = ("strategic_autonomy", "cross_bu_impact", "talent_multiplier")

SIGNAL_LABELS = {
    "foresight": "Foresight",
    "autonomy": "Autonomy",
    "mandate": "Mandate from above",
    "cross_bu_adoption": "Cross-BU adoption",
    "institutionalized": "Institutionalised",
    "metric": "Metric",
    "stakeholder_quote": "Stakeholder quote",
    "execution_language": "Execution language",
    "talent_multiplier": "Talent multiplier",
}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why a signal fired: the sentence, and the words inside it that matched."""

    rule: str  # id of the rule, as named in docs/lens.md
    sentence: str
    start: int  # sentence span in the original text
    end: int
    trigger: str  # the matched words
    trigger_start: int
    trigger_end: int


@dataclass
class Signal:
    name: str
    present: bool = False
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        seen: list[str] = []
        for item in self.evidence:
            if item.sentence not in seen:
                seen.append(item.sentence)
        return seen


@dataclass
class LensResult:
    text: str
    sentences: list[Sentence]
    signals: dict[str, Signal]
    # Decision words ("I decided", "trade-off", "instead of"): not a signal of
    # their own, but they keep delivery words from counting as execution
    # language and tell feedback() that a decision was described.
    decisions: list[Evidence] = field(default_factory=list)

    def present(self) -> list[str]:
        """Names of the signals present, in the canonical order of SIGNALS."""
        return [name for name in SIGNALS if self.signals[name].present]

    def __getitem__(self, name: str) -> Signal:
        return self.signals[name]

    def has(self, name: str) -> bool:
        return self.signals[name].present

    def to_dict(self) -> dict:
        return {
            "present": self.present(),
            "signals": {
                name: {
                    "present": sig.present,
                    "evidence": [asdict(e) for e in sig.evidence],
                }
                for name, sig in self.signals.items()
            },
            "sentences": [asdict(s) for s in self.sentences],
            "decisions": [asdict(e) for e in self.decisions],
        }
