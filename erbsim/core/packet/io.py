"""The packet as a file: YAML (the plain-data form) and Markdown (the form a
candidate writes by hand; docs/packet.md describes it with a full example).

Both forms read back exactly what they wrote: `packet_from_yaml(packet_to_yaml(p))
== p` and `packet_from_markdown(packet_to_markdown(p)) == p` for any packet that
`Packet.from_dict` accepts (text is stripped and control characters removed
there, so a packet built from a document is what round-trips). Markdown text
reads as Markdown does: a paragraph's wrapped lines are joined with a space, and
a line break inside a paragraph is written as a backslash at the end of the line
(`_written`, `_text`). Reading never ends in a traceback: every problem is a
`PacketError` with one line naming it and, for Markdown, the line of the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from erbsim.core.packet.model import Adopter, Packet, PacketError

__all__ = ["MAX_FILE_BYTES", "packet_to_yaml", "packet_from_yaml", "packet_to_markdown", "packet_from_markdown",
           "load_packet_file", "save_packet_file", "YAML_SUFFIXES", "MARKDOWN_SUFFIXES"]

MAX_FILE_BYTES = 1_000_000
YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md", ".markdown")


# --------------------------------------------------------------------------- YAML

class _Loader(yaml.SafeLoader):
    """safe_load without aliases (no "billion laughs") and with dates read as text."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise PacketError(f"line {event.start_mark.line + 1}: YAML aliases (*name) are not accepted in a packet")
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    pass


# Characters YAML reads as line breaks: text with them is written double-quoted, where they are escaped.
_NOT_IN_BLOCKS = re.compile("[\r\x85\u2028\u2029\ufeff]")


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-paragraph text as a literal block, so the file reads like the packet.
    # (PyYAML writes NEL and the Unicode line separators unescaped except in double quotes.)
    style = '"' if _NOT_IN_BLOCKS.search(text) else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def packet_to_yaml(packet: Packet) -> str:
    return yaml.dump(packet.to_dict(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def packet_from_yaml(text: str) -> Packet:
    _check_size(text)
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise PacketError(f"{where}not valid YAML ({error.problem or error.context})") from None
    except yaml.YAMLError as error:
        raise PacketError(f"not valid YAML ({str(error).splitlines()[0]})") from None
    except RecursionError:
        raise PacketError("not valid YAML (nested too deeply)") from None
    if data is None:
        raise PacketError("the file is empty")
    return Packet.from_dict(data)


def _check_size(text: str) -> None:
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise PacketError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB; a packet is a few pages of text")


# --------------------------------------------------------------------------- Markdown: writing

# (the key as written, Example/Packet field) in the order they are written.
_PACKET_KEYS = (("Candidate", "candidate"), ("Track", "track"), ("Target level", "target_level"))
_EXAMPLE_KEYS = (("ID", "id"), ("Business unit", "business_unit"), ("Started", "started"), ("Ended", "ended"),
                 ("Track", "track"), ("Lead time", "lead_time_months"), ("Asked by", "asked_by"),
                 ("Sponsor", "sponsor"), ("Metric", "metric"), ("Before", "before"), ("After", "after"))
_STEPS = (("1. Risk seen early", "risk_seen"), ("2. Action without formal authority", "action"),
          ("3. Impact beyond the team", "impact"), ("4. Reuse and adoption", "adoption"))
_LISTS = (("Adopters", "adopters"), ("Stakeholder quotes", "quotes"), ("Evidence", "evidence"))

_NEEDS_ESCAPE = re.compile(r"^[ \t]|^\s*[#\\]|^\s+$")
# A line that starts a list item: in Markdown it begins a new line even without a hard break before it.
_LIST_LINE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


def _escape(line: str) -> str:
    """A line of text that must not be read as a heading, or lose its leading spaces or its
    backslash, gets a backslash in front."""
    return "\\" + line if _NEEDS_ESCAPE.match(line) else line


def _written(text: str, *, escape_first: bool = True) -> list[str]:
    """A value's lines as Markdown reads them back: a blank line between paragraphs, and
    a line break inside a paragraph written as a backslash at the end of the line (the
    reader joins the other lines of a paragraph with a space, as Markdown does). The
    break goes without saying before a list item, unless the line ends in a space or a
    backslash; backslashes the text itself ends a line with are doubled."""
    lines = text.split("\n")
    out = [_escape(line) if index or escape_first else line for index, line in enumerate(lines)]
    for index in range(len(lines) - 1):
        line, following = lines[index], out[index + 1]
        if not line or not lines[index + 1]:
            continue  # a paragraph ends here
        if _LIST_LINE.match(following) and not line.endswith((" ", "\t", "\\")):
            continue
        run = len(line) - len(line.rstrip("\\"))
        out[index] += "\\" * run + "\\"
    return out


def _item(text: str) -> list[str]:
    """A value's lines as a list item's first line and its continuation lines (indented two spaces)."""
    first, *rest = _written(text, escape_first=False)
    return [first] + ["  " + line if line else "" for line in rest]


def _key_line(prefix: str, key: str, value: str) -> list[str]:
    lines = _item(value)
    lines[0] = f"{prefix}{key}: {lines[0]}" if lines[0] else f"{prefix}{key}:"
    return lines


def _months(value: float | None) -> str:
    if value is None:
        return ""
    number = str(int(value)) if value.is_integer() else repr(value)
    return f"{number} month" if value == 1 else f"{number} months"


def _org_escape(text: str) -> str:
    return re.sub(r"([\\():])", r"\\\1", text)


def _adopter_text(adopter: Adopter) -> str:
    text = _org_escape(adopter.organisation)
    if adopter.reused_as:
        text += f" ({_org_escape(adopter.reused_as)})"
    if adopter.what_changed:
        text += f": {adopter.what_changed}"
    return text


def _heading_text(text: str) -> str:
    return " ".join(text.split())


def packet_to_markdown(packet: Packet) -> str:
    out = [f"# {_heading_text(packet.name)}", ""]
    if _heading_text(packet.name) != packet.name:
        out += _key_line("", "Name", packet.name)
    for key, name in _PACKET_KEYS:
        out += _key_line("", key, getattr(packet, name))
    if packet.uuid:
        out += _key_line("", "UUID", packet.uuid)
    for example in packet.examples:
        out += ["", f"## {_heading_text(example.title)}", ""]
        if _heading_text(example.title) != example.title:
            out += _key_line("- ", "Title", example.title)
        for key, name in _EXAMPLE_KEYS:
            value = getattr(example, name)
            out += _key_line("- ", key, _months(value) if name == "lead_time_months" else value)
        for heading, name in _STEPS:
            out += ["", f"### {heading}"]
            text = getattr(example, name)
            if text:
                out += [""] + _written(text)
        for heading, name in _LISTS:
            out += ["", f"### {heading}"]
            values = getattr(example, name)
            out += [""] if values else []
            for value in values:
                out += _item("- " + (_adopter_text(value) if name == "adopters" else value))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- Markdown: reading

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_BULLET = re.compile(r"^ {0,3}(?:[-*+]|\d{1,2}[.)])(?:[ \t]+|$)")
# "Key: value", also "**Key:** value" and "**Key**: value" as people write them by hand.
_KEY = re.compile(r"^(?P<open>\*\*|__)?(?P<key>[A-Za-z][A-Za-z ()_/-]*?)\s*(?P<close>\*\*|__)?\s*:[ \t]*"
                  r"(?P<value>.*)$", re.S)


def _norm(key: str) -> str:
    return re.sub(r"[\s_-]+", " ", key.strip().lower())


_PACKET_ALIASES = {"candidate": "candidate", "name": "name", "packet": "name", "track": "track",
                   "target level": "target_level", "target": "target_level", "level": "target_level",
                   "uuid": "uuid"}
_EXAMPLE_ALIASES = {"id": "id", "title": "title", "business unit": "business_unit", "bu": "business_unit",
                    "unit": "business_unit", "started": "started", "start": "started", "from": "started",
                    "ended": "ended", "end": "ended", "to": "ended", "track": "track",
                    "lead time": "lead_time_months", "lead time (months)": "lead_time_months",
                    "lead time months": "lead_time_months", "asked by": "asked_by", "who asked": "asked_by",
                    "sponsor": "sponsor", "metric": "metric", "before": "before", "after": "after"}


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Section:
    level: int
    title: str
    line: int
    body: list[_Line] = field(default_factory=list)


def _error(line: int, message: str) -> PacketError:
    return PacketError(f"line {line}: {message}")


def _sections(text: str) -> tuple[list[_Line], list[_Section]]:
    """Lines before the first heading, and each heading with the lines under it."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    preamble: list[_Line] = []
    sections: list[_Section] = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = _HEADING.match(line)
        if m:
            sections.append(_Section(len(m.group(1)), (m.group(2) or "").strip(), number))
        elif sections:
            sections[-1].body.append(_Line(number, line))
        else:
            preamble.append(_Line(number, line))
    return preamble, sections


def _text(lines: list[str], *, unescape_first: bool = True) -> str:
    """Markdown lines as the text they mean. Paragraphs are separated by blank lines
    (each blank line is one more line break); inside a paragraph a line ending in a
    backslash, or in two spaces, breaks the line, a list item starts a new line, and
    other lines are joined with a space. A backslash in front keeps a line as it is
    (a '#', leading spaces); two backslashes at the end of a line are one."""
    paragraphs: list[list[tuple[str, bool]]] = [[]]
    breaks: list[int] = []
    blanks = 0
    for index, raw in enumerate(lines):
        if not raw.strip():
            blanks += 1
            continue
        if blanks and paragraphs[-1]:
            paragraphs.append([])
            breaks.append(blanks + 1)
        blanks = 0
        item = _LIST_LINE.match(raw) is not None
        if index == 0 and not unescape_first:
            paragraphs[-1].append((raw, False))
        elif item:
            paragraphs[-1].append((raw, True))
        else:
            line = raw.lstrip(" \t")
            paragraphs[-1].append((line[1:] if line.startswith("\\") else line, False))
    out = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            out.append("\n" * breaks[index - 1])
        for position, (line, _starts_list) in enumerate(paragraph):
            if position == len(paragraph) - 1:
                out.append(line)  # the paragraph's last line is kept as written
                break
            run = len(line) - len(line.rstrip("\\"))
            body = line[:len(line) - run] + "\\" * (run // 2)
            if run % 2:
                out += [body, "\n"]
            elif not run and line.endswith("  "):
                out += [line.rstrip(" \t"), "\n"]
            elif paragraph[position + 1][1]:
                out += [body.rstrip(" \t"), "\n"]
            else:
                out += [body.rstrip(" \t"), " "]
    return "".join(out)


def _entries(lines: list[_Line], *, lazy: Callable[[str], bool]) -> list[tuple[int, bool, str]]:
    """List items or key lines: (line, had a bullet, value) with indented
    continuation lines (and the blank lines between them) joined in as
    Markdown joins a paragraph's lines (see `_text`). A plain line right under
    an item (no blank line between) for which `lazy` is true continues it too,
    as a wrapped line does in Markdown."""
    out: list[tuple[int, bool, list[str]]] = []
    blanks, indent = 0, 2
    for line in lines:
        text = "  " + line.text[1:] if line.text.startswith("\t") else line.text
        if not text.strip():
            blanks += 1
            continue
        if out and text.startswith("  "):
            # Continuation: the item's own indent (2 for "- ", 3 for "1. ") is not part of the text.
            out[-1][2].extend([""] * blanks)
            width = min(indent, len(text) - len(text.lstrip(" ")))
            out[-1][2].append(text[width:])
        elif out and not blanks and not _BULLET.match(text) and lazy(text):
            out[-1][2].append(text.lstrip())
        else:
            bullet = _BULLET.match(text)
            indent = max(2, len(bullet.group(0).rstrip(" \t")) + 1) if bullet else 2
            out.append((line.number, bool(bullet), [text[bullet.end():] if bullet else text.lstrip()]))
        blanks = 0
    return [(number, bullet, _text(parts, unescape_first=False)) for number, bullet, parts in out]


def _keyed(lines: list[_Line], aliases: dict[str, str], what: str, known: str) -> dict[str, tuple[int, str]]:
    values: dict[str, tuple[int, str]] = {}

    def wrapped(text: str) -> bool:  # a line that does not read "Field: value"
        return _KEY.match(text.strip()) is None

    for number, _bullet, text in _entries(lines, lazy=wrapped):
        m = _KEY.match(text)
        name = aliases.get(_norm(m.group("key"))) if m else None
        if m is None:
            raise _error(number, f"expected '{what} field: value' here, found {_clip(text)!r}")
        if name is None:
            raise _error(number, f"unknown {what} field {m.group('key').strip()!r} (known: {known})")
        if name in values:
            raise _error(number, f"{m.group('key').strip()!r} is given twice (first on line {values[name][0]})")
        value = m.group("value")
        if m.group("open") and not m.group("close"):  # "**Key:** value"
            value = re.sub(r"^(?:\*\*|__)[ \t]*", "", value)
        values[name] = (number, value)
    return values


def _clip(text: str, limit: int = 40) -> str:
    first = text.split("\n")[0]
    return first if len(first) <= limit else first[:limit - 1] + "…"


def _track(value: str, number: int) -> str:
    track = re.sub(r"\s+(?:pm|track)$", "", value.strip().lower())
    if track and track not in ("staff", "principal"):
        raise _error(number, f"track {value!r} is not Staff or Principal")
    return track


_LEAD = re.compile(r"^(?:about |around |~)?(?P<n>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*"
                   r"(?P<unit>months?|mos?|m|years?|yrs?|y)?\.?$", re.I)
_NO_LEAD = ("", "-", "none", "unknown", "n/a", "na", "?")


def _lead_time(value: str, number: int) -> float | None:
    if value.strip().lower() in _NO_LEAD:
        return None
    m = _LEAD.match(value.strip())
    months = float(m.group("n")) if m else math.nan
    if m and (m.group("unit") or "m").lower().startswith("y"):
        months *= 12
    if not math.isfinite(months) or not 0 <= months <= 240:
        raise _error(number, f"lead time {value!r} should be a number of months from 0 to 240, like '9 months'")
    return months


def _step_of(title: str) -> str | None:
    text = title.lower().strip()
    m = re.match(r"^(?:step\s*)?([1-4])(?:\s*[.):-]|\s|$)", text)
    if m:
        return _STEPS[int(m.group(1)) - 1][1]
    text = text.rstrip(":").strip()
    for words, name in ((("adopter",), "adopters"), (("quote", "stakeholder"), "quotes"),
                        (("evidence", "proof", "source"), "evidence"),
                        (("risk", "foresight", "seen", "context", "opportunity"), "risk_seen"),
                        (("action", "authority", "autonomy", "insight"), "action"),
                        (("impact", "ripple", "result", "changed"), "impact"),
                        (("reuse", "adoption", "replication", "adopted"), "adoption")):
        if any(w in text for w in words):
            return name
    return None


def _body(lines: list[_Line]) -> str:
    return _text([line.text for line in lines])


_ORG_SPLIT = re.compile(r"\\(.)|(\()|(:)", re.S)


def _adopter(text: str, number: int) -> dict[str, str]:
    """"Ele.me (template): what changed" -> organisation, reused_as, what_changed
    (a backslash keeps a literal "(", ")" or ":" inside the names)."""
    def scan(s: str, stops: str) -> tuple[str, int]:
        out, i = [], 0
        while i < len(s):
            if s[i] == "\\" and i + 1 < len(s):
                out.append(s[i + 1])
                i += 2
                continue
            if s[i] in stops:
                break
            out.append(s[i])
            i += 1
        return "".join(out), i

    organisation, i = scan(text, "(:")
    reused_as = ""
    rest = text[i:]
    if rest.startswith("("):
        reused_as, j = scan(rest[1:], ")")
        if j >= len(rest) - 1:
            raise _error(number, f"adopter {_clip(text)!r}: a '(' without its ')'")
        rest = rest[j + 2:]
        if rest.strip() and not rest.lstrip().startswith(":"):
            raise _error(number, f"adopter {_clip(text)!r} should read '- Organisation (reused as): what changed'")
        rest = rest.lstrip()
    what = rest[1:].lstrip() if rest.startswith(":") else ""
    organisation = organisation.strip()
    if not organisation:
        raise _error(number, "an adopter needs the organisation's name first: '- Ele.me (template): what changed'")
    return {"organisation": organisation, "reused_as": reused_as.strip(), "what_changed": what}


def packet_from_markdown(text: str) -> Packet:
    _check_size(text)
    preamble, sections = _sections(text)
    stray = next((line for line in preamble if line.text.strip()), None)
    if stray is not None or not sections:
        raise _error(stray.number if stray else 1, "a packet starts with '# <packet name>'")
    top = sections[0]
    if top.level != 1:
        raise _error(top.line, f"a packet starts with '# <packet name>', not {'#' * top.level}")
    keys = _keyed(top.body, _PACKET_ALIASES, "packet", "Candidate, Track, Target level")
    name = keys.pop("name", (top.line, top.title))[1]
    if not name:
        raise _error(top.line, "the packet needs a name after '# '")
    track_line, track = keys.get("track", (top.line, ""))
    data: dict[str, Any] = {"name": name, **{k: v for k, (_n, v) in keys.items()}}
    data["track"] = _track(track, track_line) or "staff"
    examples: list[dict[str, Any]] = []
    example_lines: list[int] = []
    current: dict[str, Any] | None = None
    seen: dict[str, int] = {}
    for section in sections[1:]:
        if section.level == 1:
            raise _error(section.line, "a packet has one '# ' title; examples are '## ' and their parts '### '")
        if section.level == 2:
            current = _example(section, data["track"])
            examples.append(current)
            example_lines.append(section.line)
            seen = {}
            continue
        if current is None:
            raise _error(section.line, f"{_clip(section.title)!r} comes before the first example ('## <title>')")
        part = _step_of(section.title)
        if part is None:
            raise _error(section.line, f"unknown part {_clip(section.title)!r} of an example (expected 1. Risk seen "
                                       "early, 2. Action without formal authority, 3. Impact beyond the team, "
                                       "4. Reuse and adoption, Adopters, Stakeholder quotes or Evidence)")
        if part in seen:
            raise _error(section.line, f"{_clip(section.title)!r} is given twice in this example "
                                       f"(first on line {seen[part]})")
        seen[part] = section.line
        if part in ("adopters", "quotes", "evidence"):
            items = _entries(section.body, lazy=lambda _text: True)
            current[part] = ([_adopter(value, number) for number, _b, value in items] if part == "adopters"
                             else [value for _n, _b, value in items])
        else:
            current[part] = _body(section.body)
    _give_ids(examples, example_lines)
    data["examples"] = examples
    try:
        return Packet.from_dict(data)
    except PacketError as error:
        m = re.match(r"examples\[(\d+)\](?:\.(\w+))?(?:\[\d+\])?(?:\.\w+)?: (.*)", str(error))
        if m is None:
            raise
        index = int(m.group(1))
        what = f"{m.group(2).replace('_', ' ')}: " if m.group(2) else ""
        raise _error(example_lines[index], f"example {_clip(examples[index].get('title', ''))!r}: "
                                           f"{what}{m.group(3)}") from None


def _example(section: _Section, packet_track: str) -> dict[str, Any]:
    keys = _keyed(section.body, _EXAMPLE_ALIASES, "example", ", ".join(k for k, _ in _EXAMPLE_KEYS))
    data: dict[str, Any] = {name: value for name, (_n, value) in keys.items()}
    data["title"] = data.get("title") or section.title
    if not data["title"]:
        raise _error(section.line, "an example needs a title after '## '")
    if "track" in keys:
        track_line, track = keys["track"]
        data["track"] = _track(track, track_line)
    data["track"] = data.get("track") or packet_track
    if "lead_time_months" in keys:
        data["lead_time_months"] = _lead_time(keys["lead_time_months"][1], keys["lead_time_months"][0])
    data["_line"] = section.line
    data["_id_line"] = keys.get("id", (section.line, ""))[0]
    return data


def _give_ids(examples: list[dict[str, Any]], lines: list[int]) -> None:
    """Examples written without '- ID:' get ex1, ex2 ... (skipping ids given)."""
    first: dict[str, int] = {}
    for data in examples:
        line = data.pop("_id_line")
        data.pop("_line")
        if data.get("id"):
            if data["id"] in first:
                raise _error(line, f"two examples have the id {data['id']!r} (the other on line {first[data['id']]})")
            first[data["id"]] = line
    used = set(first)
    n = 1
    for data in examples:
        if not data.get("id"):
            while f"ex{n}" in used:
                n += 1
            data["id"] = f"ex{n}"
            used.add(data["id"])


# --------------------------------------------------------------------------- files

def load_packet_file(path: str | Path) -> Packet:
    """A packet from a .yaml/.yml or .md/.markdown file; PacketError names what is wrong."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES + MARKDOWN_SUFFIXES:
        raise PacketError(f"{path.name}: a packet file ends in .md, .markdown, .yaml or .yml")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PacketError(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                              "a packet is a few pages of text")
        raw = path.read_bytes()
    except OSError as error:
        raise PacketError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise PacketError(f"{path.name}: line {line}: not UTF-8 text") from None
    try:
        return packet_from_yaml(text) if suffix in YAML_SUFFIXES else packet_from_markdown(text)
    except PacketError as error:
        raise PacketError(f"{path.name}: {error}") from None


def save_packet_file(packet: Packet, path: str | Path) -> None:
    """Write `packet` as YAML or Markdown, by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES + MARKDOWN_SUFFIXES:
        raise PacketError(f"{path.name}: a packet file ends in .md, .markdown, .yaml or .yml")
    text = packet_to_yaml(packet) if suffix in YAML_SUFFIXES else packet_to_markdown(packet)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise PacketError(f"cannot write {path}: {error.strerror or error}") from None
