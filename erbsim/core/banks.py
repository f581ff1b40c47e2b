"""Question banks: loading and validation.

A bank is one YAML file: a `bank:` header and a `questions:` list. Every
problem is reported with file, line and field, and a bad question (or a bad
file) never stops the other questions and banks from loading.
"""

from __future__ import annotations

import importlib.resources
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from erbsim.core.packet.slots import slot_names, unknown_slots
from erbsim.core.seats import SEAT_IDS

CATEGORIES = ("strategy", "trade_offs", "replication")
DIMENSIONS = ("strategic_autonomy", "cross_bu_impact", "talent_multiplier")
TRACKS = ("staff", "principal", "both")
LANGS = ("en", "zh")
MAX_BANK_BYTES = 1_000_000  # the shipped banks are ~30 kB each
MAX_BANK_DEPTH = 32  # a bank nests 4 deep (bank, questions, question, follow_ups)
REQUIRED_FIELDS = ("id", "category", "dimension", "track", "seat", "difficulty",
                   "text", "follow_ups", "listen_for")
OPTIONAL_FIELDS = ("lang", "condition")
# A question with a condition is asked only after an answer that did this (it
# only makes sense mid-conversation, "You've just given me eight metrics in a
# row"); it is never drawn as an opening question. erbsim.core.probe decides
# whether an answer meets a condition.
CONDITIONS = {
    "many_metrics": "the answer listed several numbers in a row",
    "execution_language": "the answer described delivery (launched, shipped, delivered) rather than decisions",
    "mandate": "the answer said the work was assigned or asked for",
    "team_not_bu": "the answer named teams inside the candidate's own unit where other business units belong",
    "long_answer": "the answer ran well past its soft limit",
    "no_specifics": "the answer named no number, organisation or person",
}


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    dimension: str
    track: str
    seat: str
    difficulty: int
    text: str
    follow_ups: tuple[str, ...]
    listen_for: str
    lang: str = "en"
    condition: str = ""  # one of CONDITIONS, or "" for a question that can open
    bank: str = ""
    source: str = ""  # "path:line", for messages
    example_id: str = ""  # set on a drawn question whose slots were filled from this packet example

    def fits_track(self, track: str) -> bool:
        return self.track in (track, "both")

    @property
    def slots(self) -> list[str]:
        """The packet slots ({example}, {adopter} ...) its text uses."""
        return slot_names(self.text)

    @property
    def is_slotted(self) -> bool:
        return bool(self.slots)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the whole file is at fault
    field: str  # "" when no single field is at fault
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class BankSet:
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    banks: dict[str, str] = field(default_factory=dict)  # bank name -> path

    @property
    def problem_files(self) -> list[str]:
        """The files with at least one problem, each once."""
        return sorted({problem.path for problem in self.problems})

    def by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


class _BankError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases, which makes alias bombs impossible,
    and nesting deeper than MAX_BANK_DEPTH, which would exhaust Python's stack
    (composing is recursive: 2 KB of brackets used to crash with RecursionError)."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _BankError(event.start_mark.line + 1,
                             "YAML aliases (*name) are not allowed in question banks")
        if self._depth >= MAX_BANK_DEPTH:
            event = self.peek_event()
            raise _BankError(event.start_mark.line + 1,
                             f"nested more than {MAX_BANK_DEPTH} levels deep; a bank is a list of questions")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CLoader: Any = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def _compose(text: str) -> Node | None:
    """The document's node tree, refusing aliases and nesting deeper than MAX_BANK_DEPTH.

    With libyaml the checks run on its event stream first (libyaml parses without
    recursion), then libyaml composes the tree: about ten times quicker than the
    pure-Python loader, which matters at every start of the app. Without libyaml, or
    when libyaml finds the file malformed, _NoAliasLoader reads it in Python, so a
    broken bank gets the same message either way."""
    if _CLoader is not None:
        try:
            return _compose_with_libyaml(text, _CLoader)
        except yaml.YAMLError:
            pass  # said by the pure-Python loader below, in its words
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _compose_with_libyaml(text: str, loader_class: Any) -> Node | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader_class):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):  # a scalar, an alias or a collection opening
            if isinstance(event, AliasEvent):
                raise _BankError(_event_line(event), "YAML aliases (*name) are not allowed in question banks")
            if depth >= MAX_BANK_DEPTH:
                raise _BankError(_event_line(event),
                                 f"nested more than {MAX_BANK_DEPTH} levels deep; a bank is a list of questions")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _event_line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def shipped_bank_dir() -> Path:
    return Path(str(importlib.resources.files("erbsim.question_banks")))


def bank_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def default_bank_paths(user_dir: Path | None = None) -> list[Path]:
    """Shipped banks, then any the user added to <data dir>/question_banks."""
    paths = bank_files(shipped_bank_dir())
    if user_dir is not None and user_dir.is_dir():
        paths += bank_files(user_dir)
    return paths


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders become the bank files inside them; files stay as given."""
    expanded: list[Path] = []
    for path in paths:
        expanded += bank_files(path) if path.is_dir() else [path]
    return expanded


def load_banks(paths: Iterable[Path]) -> BankSet:
    result = BankSet()
    seen_ids: dict[str, str] = {}  # every declared id, valid question or not -> "path:line"
    for path in expand_paths(paths):
        name, questions, problems, declared = load_bank(path)
        result.problems += problems
        valid = {q.source for q in questions}
        for question_id, where in declared:
            if question_id in seen_ids:
                result.problems.append(Problem(str(path), int(where.rsplit(":", 1)[1]), "id",
                    f"duplicate id {question_id!r} (first defined at {seen_ids[question_id]})"))
                valid.discard(where)
            else:
                seen_ids[question_id] = where
        if name is None:
            continue
        result.banks[name] = str(path)
        result.questions += [q for q in questions if q.source in valid]
    result.problems.sort(key=lambda problem: (problem.path, problem.line))
    return result


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is no bank (a folder, a FIFO, a device ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"skipped: {kind}, not a bank file"


def _read_limited(path: Path) -> bytes | str:
    """The file's bytes, or why they cannot be read. Only a regular file is
    opened (a FIFO would block, /dev/zero never end), without blocking, and
    read no further than MAX_BANK_BYTES."""
    try:
        why = _not_regular(path.stat().st_mode)  # follows symlinks: one to /dev/zero is a device
        if why:
            return why
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    try:
        info = os.fstat(fd)  # what was opened, should it have changed since stat()
        why = _not_regular(info.st_mode)
        if why:
            return why
        if info.st_size > MAX_BANK_BYTES:
            return f"file is {info.st_size:,} bytes; a bank may be at most {MAX_BANK_BYTES:,}"
        chunks, total = [], 0
        while total <= MAX_BANK_BYTES:
            chunk = os.read(fd, min(65536, MAX_BANK_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BANK_BYTES:
            return f"file is larger than {MAX_BANK_BYTES:,} bytes, the most a bank may be"
        return b"".join(chunks)
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    finally:
        os.close(fd)


def load_bank(path: Path) -> tuple[str | None, list[Question], list[Problem], list[tuple[str, str]]]:
    """One bank file: its name (None if unreadable), valid questions, problems,
    and every (id, "path:line") it declares, valid or not, for duplicate checks.
    Never raises for what is in (or at) the path: a special file, a file too
    large, too deeply nested or not YAML is one Problem."""
    where = str(path)
    data = _read_limited(path)
    if isinstance(data, str):
        return None, [], [Problem(where, 0, "", data)], []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [], [Problem(where, line, "", f"not valid UTF-8 (byte {error.start})")], []
    try:
        root = _compose(text)
    except _BankError as error:
        return None, [], [Problem(where, error.line, "", error.message)], []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        return None, [], [Problem(where, line, "", f"not valid YAML: {error.problem or error}")], []
    except yaml.YAMLError as error:
        return None, [], [Problem(where, 0, "", f"not valid YAML: {error}")], []
    except RecursionError:  # a backstop: the depth bound above should come first
        return None, [], [Problem(where, 0, "", "nested too deeply to read")], []
    return _read_bank(path, root)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: Node) -> dict[str, tuple[Node, Node]]:
    """key -> (key node, value node) for a mapping node with string keys."""
    items: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else repr(key_node.value)
        items[str(key)] = (key_node, value_node)
    return items


class _Unreadable:
    """Stands in for a value YAML cannot construct safely (say, an unknown !tag)."""

    def __init__(self, tag: str):
        self.tag = tag


_Unreadable.__name__ = "unreadable value"


def _scalar(node: Node) -> Any:
    """The Python value of a node, typed as safe YAML loading types scalars."""
    if not isinstance(node, ScalarNode):
        return node  # a list or mapping where a scalar belongs; reported by type
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return _Unreadable(node.tag)


def _read_bank(
    path: Path, root: Node | None
) -> tuple[str | None, list[Question], list[Problem], list[tuple[str, str]]]:
    where = str(path)
    if root is None:
        return None, [], [Problem(where, 0, "", "file is empty")], []
    if not isinstance(root, MappingNode):
        return None, [], [Problem(where, _line(root), "", "a bank is a mapping with 'bank' and 'questions'")], []
    top = _mapping(root)
    problems: list[Problem] = []
    name = path.stem
    lang = "en"
    if "bank" in top:
        header = top["bank"][1]
        if isinstance(header, MappingNode):
            fields = _mapping(header)
            if "name" in fields:
                value = _scalar(fields["name"][1])
                if isinstance(value, str) and value.strip():
                    name = value.strip()
                else:
                    problems.append(Problem(where, _line(fields["name"][1]), "bank.name", "must be non-empty text"))
            if "lang" in fields:
                value = _scalar(fields["lang"][1])
                if value in LANGS:
                    lang = value
                else:
                    problems.append(Problem(where, _line(fields["lang"][1]), "bank.lang",
                                            f"unknown language {value!r}; expected one of {', '.join(LANGS)}"))
        else:
            problems.append(Problem(where, _line(header), "bank", "must be a mapping (name, description, lang)"))
    if "questions" not in top:
        problems.append(Problem(where, _line(root), "questions", "missing: a bank needs a 'questions' list"))
        return None, [], problems, []
    listing = top["questions"][1]
    if not isinstance(listing, SequenceNode):
        problems.append(Problem(where, _line(listing), "questions", "must be a list of questions"))
        return None, [], problems, []
    questions: list[Question] = []
    declared = [(value, f"{where}:{_line(item)}") for item in listing.value
                if isinstance(item, MappingNode) and "id" in (fields := _mapping(item))
                and isinstance(value := _scalar(fields["id"][1]), str) and value.strip()]
    for item in listing.value:
        question, item_problems = _read_question(path, item, name, lang)
        problems += item_problems
        if question is not None:
            questions.append(question)
    return name, questions, problems, declared


def _read_question(path: Path, node: Node, bank: str, bank_lang: str) -> tuple[Question | None, list[Problem]]:
    where = str(path)
    if not isinstance(node, MappingNode):
        return None, [Problem(where, _line(node), "", "each question must be a mapping of fields")]
    fields = _mapping(node)
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(name: str, message: str, at: Node | None = None) -> None:
        problems.append(Problem(where, _line(at if at is not None else node), name, message))

    for name in fields:
        if name not in REQUIRED_FIELDS and name not in OPTIONAL_FIELDS:
            bad(name, "unknown field", fields[name][0])
    for name in REQUIRED_FIELDS:
        if name not in fields:
            bad(name, "missing")
            continue
        value_node = fields[name][1]
        if name == "follow_ups":
            values[name] = _read_follow_ups(value_node, bad)
            continue
        value = _scalar(value_node)
        values[name] = _check_field(name, value, lambda message, n=name, at=value_node: bad(n, message, at))
    lang = bank_lang
    if "lang" in fields:
        value = _scalar(fields["lang"][1])
        if value in LANGS:
            lang = value
        else:
            bad("lang", f"unknown language {value!r}; expected one of {', '.join(LANGS)}", fields["lang"][1])
    if "condition" in fields:
        value = _scalar(fields["condition"][1])
        if value in CONDITIONS:
            values["condition"] = value
        else:
            bad("condition", f"unknown condition {value!r}; expected one of {', '.join(CONDITIONS)}",
                fields["condition"][1])
    for name in ("text", "follow_ups"):
        texts = [values.get(name)] if name == "text" else list(values.get(name) or ())
        for text in texts:
            if isinstance(text, str) and unknown_slots(text):
                bad(name, f"unknown slot(s) {', '.join('{' + s + '}' for s in unknown_slots(text))}; "
                          "see erbsim/core/packet/slots.py", fields[name][1])
    if problems:
        return None, problems
    return Question(lang=lang, bank=bank, source=f"{where}:{_line(node)}", **values), []


def _check_field(name: str, value: Any, bad) -> Any:
    choices = {"category": CATEGORIES, "dimension": DIMENSIONS, "track": TRACKS, "seat": SEAT_IDS}
    if name == "difficulty":
        if isinstance(value, bool) or not isinstance(value, int):
            bad(f"must be a whole number 1-3, not {_type_name(value)}")
        elif not 1 <= value <= 3:
            bad(f"must be 1, 2 or 3, not {value}")
        return value
    if not isinstance(value, str):
        bad(f"must be text, not {_type_name(value)}")
        return value
    if name in choices and value not in choices[name]:
        bad(f"unknown {name} {value!r}; expected one of {', '.join(choices[name])}")
    elif not value.strip():
        bad("must not be empty")
    return value.strip()


def _type_name(value: Any) -> str:
    if isinstance(value, Node):
        return "a list" if isinstance(value, SequenceNode) else "a mapping"
    return type(value).__name__


def _read_follow_ups(node: Node, bad) -> tuple[str, ...]:
    if not isinstance(node, SequenceNode):
        bad("follow_ups", "must be a list of at least two questions", node)
        return ()
    follow_ups = []
    for item in node.value:
        value = _scalar(item)
        if not isinstance(value, str) or not value.strip():
            bad("follow_ups", "each follow-up must be non-empty text", item)
        else:
            follow_ups.append(value.strip())
    if len(node.value) < 2:
        bad("follow_ups", f"needs at least two follow-ups, has {len(node.value)}", node)
    return tuple(follow_ups)


def stats(questions: Iterable[Question]) -> dict[str, dict[str, int]]:
    """Counts per category, dimension, track, seat and language."""
    result: dict[str, dict[str, int]] = {
        "category": {c: 0 for c in CATEGORIES},
        "dimension": {d: 0 for d in DIMENSIONS},
        "track": {t: 0 for t in TRACKS},
        "seat": {s: 0 for s in SEAT_IDS},
        "lang": {},
    }
    total = 0
    for question in questions:
        total += 1
        result["category"][question.category] += 1
        result["dimension"][question.dimension] += 1
        result["track"][question.track] += 1
        result["seat"][question.seat] += 1
        result["lang"][question.lang] = result["lang"].get(question.lang, 0) + 1
    result["total"] = {"questions": total}
    return result
