"""The probe's development cases (dev_cases.yaml) as Questions, Examples and cases."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from erbsim.core.banks import Question
from erbsim.core.packet.model import Example

DEV_CASES = Path(__file__).with_name("dev_cases.yaml")


def question(data: dict) -> Question:
    data = dict(data)
    data["follow_ups"] = tuple(data["follow_ups"])
    return Question(**data)


@cache
def load() -> dict:
    return yaml.safe_load(DEV_CASES.read_text(encoding="utf-8"))


def questions() -> dict[str, Question]:
    return {name: question(q) for name, q in load()["questions"].items()}


def conditional() -> dict[str, Question]:
    return {q["id"]: question(q) for q in load()["conditional"]}


def examples() -> dict[str, Example]:
    return {name: Example.from_dict(e) for name, e in load()["examples"].items()}


def cases(section: str) -> list[dict]:
    return list(load()[section])
