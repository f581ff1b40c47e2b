"""The ERB lens: a rule-based reading of one spoken answer.

`analyze(text)` marks the signals an Executive Review Board listens for
(foresight, autonomy, mandate, cross-BU adoption, institutionalisation,
metrics, stakeholder quotes, execution language, talent multiplier), each with
the sentence that triggered it and character spans into the original text.
`feedback(result)` turns signals, and their absence, into advice in the
board's terms.

The rules are regular expressions and word lists; a small linear model per
signal (`learned`, weights in model.json, trained from the training corpus by
the developer tool `train_lens`) adds what the rules miss. Offline, no language
model, deterministic. The rules are documented one by one in docs/lens.md,
with what fires them and their known limits.

Spoken transcripts are the input: no quotation marks, loose punctuation,
numbers as words ("eighteen percent"), fillers ("um", "you know"), run-on
"and then" chains. The text is first *cleaned* into a copy of the same length
(fillers and stutters blanked, lower case) so every match maps back to the
original characters.

The package, in reading order:
- `cleaning`, `sentences`, `numbers`, `negation`: text handling;
- `context`: one answer being read (text, cleaned copy, sentences, numbers,
  signals found so far);
- `rules/`: one module per signal, most of them `PatternRule`s run by
  `rules.scan`;
- `analysis`: `analyze()`; `advice`: `Feedback` and `feedback()`;
- `results`: the result types and the signal names.
"""

from __future__ import annotations

from .advice import Feedback, feedback, lead_time_months
from .analysis import analyze
from .evaluation import bench_lens, evaluate, load_corpus
from .numbers import NumberMention, find_numbers
from .question import QuestionFocus, question_focus
from .results import DIMENSIONS, SIGNAL_LABELS, SIGNALS, Evidence, LensResult, Sentence, Signal
from .sentences import split_sentences

__all__ = [
    "SIGNALS", "DIMENSIONS", "SIGNAL_LABELS", "Evidence", "Signal", "Sentence", "LensResult", "Feedback",
    "analyze", "feedback", "split_sentences", "find_numbers", "NumberMention",
    "lead_time_months", "QuestionFocus", "question_focus", "bench_lens", "evaluate", "load_corpus",
]
