"""The rules of the ERB lens, one module per signal (docs/lens.md, "The rules").

Each rule takes the `AnswerContext` of one answer and records evidence in it.
They run in the order of `RULES`; order matters only where a rule reads
another signal (autonomy reads mandate; execution language reads everything
before it).
"""

from __future__ import annotations

from .autonomy import rule_autonomy
from .cross_bu import rule_cross_bu
from .decisions import DECISION_RX, find_decisions
from .execution import rule_execution
from .foresight import rule_foresight
from .institutionalized import rule_institutionalized
from .mandate import rule_mandate
from .metric import rule_metric
from .stakeholder_quote import rule_stakeholder_quote
from .talent_multiplier import rule_talent_multiplier

__all__ = ["RULES", "DECISION_RX", "find_decisions"]

RULES = (rule_foresight, rule_mandate, rule_autonomy, rule_stakeholder_quote, rule_cross_bu,
         rule_institutionalized, rule_metric, rule_talent_multiplier, rule_execution)
