"""The packet as a file: YAML and Markdown read back exactly what they wrote,
hand-written Markdown is read the way a candidate means it, and a broken file
is one PacketError naming the problem (and for Markdown the line)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from erbsim.core.packet import (
    Adopter,
    Example,
    Packet,
    PacketError,
    load_packet_file,
    packet_from_markdown,
    packet_from_yaml,
    packet_to_markdown,
    packet_to_yaml,
    save_packet_file,
)

DOCS = Path(__file__).resolve().parents[3] / "docs"


def full_example(**changes) -> Example:
    values = dict(
        id="ex1", title="Seller-risk scoring that three units now use", business_unit="Cainiao",
        started="2024-03", ended="2025-01", track="staff",
        risk_seen="Nine months before the new courier-liability rules I saw that small sellers would churn.",
        lead_time_months=9.0, action="Nobody asked; I built a scoring model with two engineers on loan.",
        asked_by="", impact="Seller churn fell from 9.1% to 6.4%; the GM moved 12 people to it.",
        metric="seller churn", before="9.1%", after="6.4%",
        adoption="It became the standard risk template across three business units.",
        adopters=(Adopter("Ele.me", "template", "cut onboarding checks from 5 days to 2"),
                  Adopter("Fliggy", "standard", "")),
        sponsor="Zhang Min, CPO Cainiao (P10)",
        quotes=("“We rebuilt our Q3 plan around it.” — GM, Ele.me",), evidence=("Risk review deck, May 2024",))
    values.update(changes)
    return Example(**values)


def packet(*examples: Example, **changes) -> Packet:
    values = dict(name="ERB 2027 spring", candidate="Lin Wei", track="staff", target_level="Staff PM (P9)",
                  examples=examples or (full_example(),), uuid="")
    values.update(changes)
    return Packet(**values)


# Packets as Packet.from_dict builds them (text stripped), each testing something a writer could get wrong.
ROUND_TRIP = {
    "every field set": packet(full_example(), full_example(id="ex2", title="Pricing for county stores",
                                                           track="principal", lead_time_months=14.5),
                              uuid="0b6c1f7e-8a1d-4c38-9d0e-2f1a3c5b7d9e"),
    "empty fields": packet(Example(id="ex1", title="Only a title"), candidate="", target_level=""),
    "unicode": packet(full_example(business_unit="本地生活 Local Services", title="到店业务的风险评分",
                                   adopters=(Adopter("饿了么", "模板", "审核时间从5天降到2天"),),
                                   quotes=("“这个框架改变了我们的预算。”",))),
    "colons and hashes": packet(full_example(
        title="Risk: #1 priority", metric="# of sellers: active", before="#3", after="C#",
        risk_seen="# not a heading\nRisk: high\n## nor this\n   # nor this, indented",
        adopters=(Adopter("Alibaba Cloud (Aliyun): infra", "API (v2)", "latency: 120 ms -> 40 ms"),
                  Adopter("Hema", "", "cut waste: 3 pts"), Adopter("Taobao", "", "")),
        evidence=("#tag", "\\ a backslash first"))),
    "multi-paragraph text": packet(full_example(
        action="First paragraph.\n\nSecond paragraph, after a blank line.\n\n\n\nAfter three.\n  indented line",
        impact="- a list\n- inside the text\n\n1. numbered\n2. too",
        adopters=(Adopter("Ele.me", "template", "first\n\nsecond paragraph\n  # indented hash"),),
        quotes=("one quote\n\nover two paragraphs", "“short”"),
        evidence=("line\n   \nwith a line of spaces inside",))),
    "fractional lead time": packet(full_example(lead_time_months=0.1 + 0.2)),
    "lead time of one month and of zero": packet(full_example(lead_time_months=1.0),
                                                 full_example(id="ex2", title="Zero", lead_time_months=0.0)),
    "multi-line title and name": packet(full_example(title="Two\nlines"), name="Spring\n2027"),
    "trailing spaces inside text": packet(full_example(risk_seen="ends with spaces   \nnext line",
                                                       asked_by="the GM  \nin Q4")),
    "bold markers and bullets at the start of values": packet(full_example(
        sponsor="**Zhang Min**", before="- 3%", after="* 1%", metric="__share__", evidence=("**bold** first",))),
    "single line breaks typed in the editor": packet(full_example(
        risk_seen="First line\nsecond line of the same paragraph\n\nA new paragraph\nwith a break",
        action="Ends in a backslash\\\nC:\\dir\\\\\nlast line ends in one too\\",
        impact="Three things changed:\n- churn fell\n- the GM moved budget\nand a plain line after the list",
        adoption="# looks like a heading\n## so does this\n  indented after a break\n\\ a backslash first\n"
                 "1. numbered\n  - nested bullet\nends in spaces  \n\tstarts with a tab",
        asked_by="the GM\nin Q4 planning", sponsor="Zhang Min\\\nCPO",
        adopters=(Adopter("Ele.me\nLocal Services", "tem\nplate", "first line\nsecond line\\\n- a list line"),),
        quotes=("“First line”\n— second line",), evidence=("deck\nmemo",)), name="ERB\n2027\\"),
    "Windows line ends and other line separators": Packet.from_dict(packet(full_example(
        action="pasted\r\nfrom Windows\rand an old Mac", impact="next line\x85(NEL) and\u2028line separator",
        adopters=(Adopter("Hema", "", "a\u2029b"),))).to_dict()),
}


@pytest.mark.parametrize("case", ROUND_TRIP)
def test_markdown_round_trip_is_exact(case):
    original = ROUND_TRIP[case]
    assert Packet.from_dict(original.to_dict()) == original  # the case is a packet the app can hold
    assert packet_from_markdown(packet_to_markdown(original)) == original


@pytest.mark.parametrize("case", ROUND_TRIP)
def test_yaml_round_trip_is_exact(case):
    original = ROUND_TRIP[case]
    assert packet_from_yaml(packet_to_yaml(original)) == original


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".yaml", ".yml", ".MD"])
def test_files_round_trip_by_suffix(tmp_path, suffix):
    original = ROUND_TRIP["unicode"]
    path = tmp_path / f"packet{suffix}"
    save_packet_file(original, path)
    assert load_packet_file(path) == original
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ERB 2027 spring") == (suffix.lower() in (".md", ".markdown"))


def test_markdown_reads_as_the_documented_form():
    text = packet_to_markdown(ROUND_TRIP["every field set"])
    lines = text.splitlines()
    assert lines[:5] == ["# ERB 2027 spring", "", "Candidate: Lin Wei", "Track: staff", "Target level: Staff PM (P9)"]
    assert "## Seller-risk scoring that three units now use" in lines
    assert "- Business unit: Cainiao" in lines and "- Lead time: 9 months" in lines and "- Asked by:" in lines
    assert lines.index("### 1. Risk seen early") < lines.index("### 2. Action without formal authority") \
        < lines.index("### 3. Impact beyond the team") < lines.index("### 4. Reuse and adoption")
    assert "- Ele.me (template): cut onboarding checks from 5 days to 2" in lines
    assert "- Fliggy (standard)" in lines


HAND_WRITTEN = """\ufeff
#   Spring 2027 packet

**Candidate:** Chen Yu
* Track: Principal PM
target LEVEL: P9

## Courier routing API
* BU: Cainiao
* Lead time: 1.5 years
* Asked by: nobody, I proposed
it myself
* ID: routing

### 1) RISK SEEN EARLY


The peak-season load would break the routing service.

#### step 2 - action
I wrote the design on my own.

### Impact
Latency went from 900 ms to 200 ms.

### Reuse and adoption
Two units took it.

### ADOPTERS:
1. Ele.me (API): dispatch calls
   moved to it
* Hema
+ Freshippo (standard)

### Quotes

"It saved our peak." - Ele.me tech lead

### Evidence
- load-test report

## Second example
- business_unit: Taobao

### 1. Risk seen early
Early.
"""


def test_hand_written_variations_are_read_as_meant():
    p = packet_from_markdown(HAND_WRITTEN)
    assert (p.name, p.candidate, p.track, p.target_level) == ("Spring 2027 packet", "Chen Yu", "principal", "P9")
    first, second = p.examples
    assert (first.id, first.business_unit, first.lead_time_months) == ("routing", "Cainiao", 18.0)
    assert first.asked_by == "nobody, I proposed it myself"  # a wrapped line continues its field
    assert first.track == "principal"  # an example without its own track takes the packet's
    assert first.risk_seen == "The peak-season load would break the routing service."
    assert first.action == "I wrote the design on my own."
    assert first.impact == "Latency went from 900 ms to 200 ms."
    assert first.adopters == (Adopter("Ele.me", "API", "dispatch calls moved to it"), Adopter("Hema"),
                              Adopter("Freshippo", "standard"))
    assert first.quotes == ('"It saved our peak." - Ele.me tech lead',)
    assert first.evidence == ("load-test report",)
    assert (second.id, second.business_unit, second.risk_seen) == ("ex1", "Taobao", "Early.")


HAND_WRAPPED = """# Spring 2027

Candidate: Chen Yu
Track: staff

## Courier routing API

- Business unit: Cainiao
- Asked by: nobody; I proposed it to the logistics GM
  after the 2023 peak
- Metric: share of parcels routed
  within the promise

### 1. Risk seen early

Eighteen months before the 2024 peak I saw that the
routing service would fall over at three times the
load.

It had already failed once, in a
smaller peak.

### 2. Action without formal authority

I wrote the design on my own.
   I borrowed two engineers.

### Adopters

- Ele.me (API): dispatch calls moved to it,
  cutting their own routing work
- Hema (standard)

### Stakeholder quotes

- “We dropped our own router.” — Wu Fei,
  head of dispatch, Ele.me
"""


def test_a_hand_wrapped_file_reads_one_line_per_paragraph():
    example = packet_from_markdown(HAND_WRAPPED).examples[0]
    assert example.risk_seen == ("Eighteen months before the 2024 peak I saw that the routing service would fall "
                                 "over at three times the load.\n\nIt had already failed once, in a smaller peak.")
    assert example.action == "I wrote the design on my own. I borrowed two engineers."
    assert example.asked_by == "nobody; I proposed it to the logistics GM after the 2023 peak"
    assert example.metric == "share of parcels routed within the promise"
    assert example.adopters == (Adopter("Ele.me", "API", "dispatch calls moved to it, cutting their own routing work"),
                                Adopter("Hema", "standard"))
    assert example.quotes == ("“We dropped our own router.” — Wu Fei, head of dispatch, Ele.me",)


def test_the_shipped_example_reads_without_its_line_wrapping():
    p = load_packet_file(DOCS / "examples" / "packet-example.md")
    first = p.examples[0]
    assert first.risk_seen.startswith("Ten months before the city food-safety rules of 2025 took effect, I read the "
                                      "draft and saw")
    assert first.quotes[0].endswith("instead of writing our own.” — Li Qiang, head of supply quality, Hema")
    texts = [text for e in p.examples for text in (e.risk_seen, e.action, e.impact, e.adoption, *e.quotes)]
    assert [text for text in texts if "\n" in text] == []


HARD_BREAKS = {
    "a backslash at the end": ("line one\\\nline two", "line one\nline two"),
    "two spaces at the end": ("line one  \nline two", "line one\nline two"),
    "three spaces and a tab before the next line": ("line one   \n\tline two", "line one\nline two"),
    "one space is a soft wrap": ("line one \nline two", "line one line two"),
    "an escaped backslash is no break": ("C:\\\\\nnext", "C:\\ next"),
    "a backslash ending the paragraph stays": ("ends in \\\n\nnext", "ends in \\\n\nnext"),
    "a list starts a new line": ("Two things:\n- churn fell\n  by a third\n* budget moved\n1. first\n2) second",
                                 "Two things:\n- churn fell by a third\n* budget moved\n1. first\n2) second"),
    "a dash inside a wrapped sentence is no list": ("seen early -\nnot late", "seen early - not late"),
    "a blank line is a paragraph": ("one\n\ntwo\n\n\nthree", "one\n\ntwo\n\n\nthree"),
}


@pytest.mark.parametrize("case", HARD_BREAKS)
def test_hard_breaks_are_read_the_markdown_way(case):
    written, meant = HARD_BREAKS[case]
    as_item = written.replace("\n", "\n  ")  # the same lines as a list item, continued under its bullet
    text = f"# P\n\n## E\n\n### 1. Risk seen early\n\n{written}\n\n### Evidence\n\n- {as_item}\n"
    example = packet_from_markdown(text).examples[0]
    assert example.risk_seen == meant
    assert example.evidence == (meant,)


def test_line_breaks_typed_in_the_editor_are_written_as_markdown_hard_breaks():
    p = packet(full_example(risk_seen="First line\nsecond line\n\nNew paragraph",
                            impact="Three things changed:\n- churn fell\n- budget moved",
                            action="C:\\dir\\\nnext", evidence=("deck\nmemo",)))
    lines = packet_to_markdown(p).splitlines()
    risk = lines.index("### 1. Risk seen early")
    assert lines[risk + 1:risk + 6] == ["", "First line\\", "second line", "", "New paragraph"]
    impact = lines.index("### 3. Impact beyond the team")
    assert lines[impact + 2:impact + 5] == ["Three things changed:", "- churn fell", "- budget moved"]
    action = lines.index("### 2. Action without formal authority")
    assert lines[action + 2:action + 4] == ["C:\\dir\\\\\\", "next"]
    assert lines[-2:] == ["- deck\\", "  memo"]
    assert packet_from_markdown("\n".join(lines)) == p


def test_the_shipped_example_packet_reads_and_round_trips():
    p = load_packet_file(DOCS / "examples" / "packet-example.md")
    assert 3 <= len(p.examples) <= 5
    assert packet_from_markdown(packet_to_markdown(p)) == p


MALFORMED = {
    "no title": ("Candidate: Lin\n", "line 1: a packet starts with '# <packet name>'"),
    "text before the title": ("Hello\n# Name\n", "line 1: a packet starts with"),
    "starts with an example": ("## Example\n", "line 1: a packet starts with '# <packet name>', not ##"),
    "unknown packet key": ("# P\nCandidate: A\nFavourite colour: blue\n", "line 3: unknown packet field"),
    "not a key line": ("# P\nSome introduction\n", "line 2: expected 'packet field: value'"),
    "unknown example field": ("# P\n\n## E\n- Budget: 3M\n", "line 4: unknown example field 'Budget'"),
    "field twice": ("# P\n\n## E\n- Metric: a\n- metric: b\n", "line 5: 'metric' is given twice (first on line 4)"),
    "bad lead time": ("# P\n\n## E\n- Lead time: soon\n", "line 4: lead time 'soon' should be a number of months"),
    "lead time too long": ("# P\n\n## E\n- Lead time: 30 years\n", "line 4: lead time '30 years'"),
    "bad track": ("# P\nTrack: manager\n", "line 2: track 'manager' is not Staff or Principal"),
    "unknown part": ("# P\n\n## E\n### Lessons learned\nx\n", "line 4: unknown part 'Lessons learned'"),
    "a number that is not a step": ("# P\n\n## E\n### 10 lessons\nx\n", "line 4: unknown part '10 lessons'"),
    "part twice": ("# P\n\n## E\n### 1. Risk\na\n### Risk seen early\nb\n", "line 6: 'Risk seen early' is given twice"),
    "part before an example": ("# P\n### 1. Risk\n", "line 2: '1. Risk' comes before the first example"),
    "second title": ("# P\n\n## E\n# Q\n", "line 4: a packet has one '# ' title"),
    "same id twice": ("# P\n\n## A\n- ID: x\n\n## B\n- ID: x\n", "line 7: two examples have the id 'x' (the other on "
                                                                 "line 4)"),
    "adopter without name": ("# P\n\n## E\n### Adopters\n- (template): x\n", "line 5: an adopter needs the "
                                                                            "organisation's name"),
    "adopter paren not closed": ("# P\n\n## E\n### Adopters\n- Ele.me (template: x\n", "line 5: adopter "
                                                                                      "'Ele.me (template: x'"),
    "six examples": ("# P\n" + "".join(f"\n## E{i}\n" for i in range(6)),
                     "examples: a packet holds at most 5 examples, this one has 6"),
    "empty name": ("#\n", "line 1: the packet needs a name"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_markdown_names_the_problem_and_line(case):
    text, expected = MALFORMED[case]
    with pytest.raises(PacketError) as caught:
        packet_from_markdown(text)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_a_field_the_model_rejects_is_reported_at_its_example():
    text = "# P\n\n## First\n\n## Second\n- Track: principal\n- Started: " + "x" * 20_001 + "\n"
    with pytest.raises(PacketError, match=r"^line 5: example 'Second': started: longer than 20,000 characters$"):
        packet_from_markdown(text)


YAML_MALFORMED = {
    "not yaml": ("name: [unclosed\n", "line 2: not valid YAML"),
    "alias": ("name: &n P\ncandidate: *n\n", "line 2: YAML aliases (*name) are not accepted"),
    "a list": ("- a\n- b\n", "a packet must be a mapping"),
    "empty": ("", "the file is empty"),
    "unknown field": ("name: P\ncolour: blue\n", "packet: unknown field(s) colour"),
    "bad example": ("name: P\nexamples:\n- id: ex1\n", "examples[0].title: missing"),
    "nested list as text": ("name: P\ncandidate: [a, b]\n", "candidate: must be text"),
}


@pytest.mark.parametrize("case", YAML_MALFORMED)
def test_malformed_yaml_names_the_problem(case):
    text, expected = YAML_MALFORMED[case]
    with pytest.raises(PacketError) as caught:
        packet_from_yaml(text)
    assert expected in str(caught.value)


def test_yaml_dates_are_read_as_the_text_written():
    p = packet_from_yaml("name: P\nexamples:\n- id: ex1\n  title: T\n  started: 2024-03-01\n")
    assert p.examples[0].started == "2024-03-01"


def test_an_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    with pytest.raises(PacketError, match="aliases"):
        packet_from_yaml(bomb)


def test_size_limit(tmp_path):
    big = "# P\n\n## E\n\n### 1. Risk\n" + "word " * 210_000
    with pytest.raises(PacketError, match="larger than 1 MB"):
        packet_from_markdown(big)
    path = tmp_path / "big.yaml"
    path.write_text("name: P\ncandidate: " + "x" * 1_000_001 + "\n", encoding="utf-8")
    with pytest.raises(PacketError, match=r"^big.yaml: larger than 1 MB"):
        load_packet_file(path)


def test_file_problems_are_packet_errors(tmp_path):
    with pytest.raises(PacketError, match=r"^packet.txt: a packet file ends in \.md, \.markdown, \.yaml or \.yml$"):
        load_packet_file(tmp_path / "packet.txt")
    with pytest.raises(PacketError, match=r"^cannot read .*missing.md: No such file"):
        load_packet_file(tmp_path / "missing.md")
    latin = tmp_path / "latin.md"
    latin.write_bytes("# P\n\n## Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(PacketError, match=r"^latin.md: line 3: not UTF-8 text$"):
        load_packet_file(latin)
    broken = tmp_path / "broken.md"
    broken.write_text("# P\n\n## E\n- Budget: 1\n", encoding="utf-8")
    with pytest.raises(PacketError, match=r"^broken.md: line 4: unknown example field 'Budget'"):
        load_packet_file(broken)
    with pytest.raises(PacketError, match=r"^cannot write .*nowhere"):
        save_packet_file(packet(), tmp_path / "nowhere" / "p.md")
    with pytest.raises(PacketError, match="a packet file ends in"):
        save_packet_file(packet(), tmp_path / "p.json")


# Characters that mean something in Markdown or YAML, to build packets a hand-picked case would miss.
AWKWARD = list("ab #\\:()-*+1.)\n\n \t饿了么“”—_|>`~!?&'\"{}[],%@") + [
    "\u2028", "\x85", "  ", "- ", "# ", "\n  ", "\n- ", "\n# ", "1. ", "**", "\r\n", "\\(", "---", "...", "null"]


def awkward_packet(rng: random.Random) -> Packet | None:
    """A packet of random awkward text; None when the model refuses it (say, a name of spaces only)."""
    def text(most: int = 12) -> str:
        return "".join(rng.choice(AWKWARD) for _ in range(rng.randint(0, most)))

    examples = []
    for i in range(rng.randint(0, 5)):
        example = {"id": f"{text(3)}{i}", "title": text() or "t", "track": rng.choice(["staff", "principal"]),
                   "lead_time_months": rng.choice([None, 0, 1, 2.5, 0.1 + 0.2, 240]),
                   "adopters": [{"organisation": text() or "o", "reused_as": text(), "what_changed": text(30)}
                                for _ in range(rng.randint(0, 3))],
                   "quotes": [text(20) for _ in range(rng.randint(0, 2))],
                   "evidence": [text(20) for _ in range(rng.randint(0, 2))]}
        for name in ("business_unit", "started", "ended", "risk_seen", "action", "asked_by", "impact", "metric",
                     "before", "after", "adoption", "sponsor"):
            example[name] = text(30)
        examples.append(example)
    try:
        return Packet.from_dict({"name": text() or "n", "candidate": text(), "track": "staff",
                                 "target_level": text(), "uuid": text(4), "examples": examples})
    except PacketError:
        return None


def test_round_trips_of_packets_made_of_awkward_characters():
    rng = random.Random(20270301)
    packets = [p for p in (awkward_packet(rng) for _ in range(400)) if p is not None]
    assert len(packets) > 200 and sum(len(p.examples) for p in packets) > 500
    for original in packets:
        assert packet_from_markdown(packet_to_markdown(original)) == original
        assert packet_from_yaml(packet_to_yaml(original)) == original


def test_damaged_files_give_packet_errors_only():
    rng = random.Random(5)
    markdown = (DOCS / "examples" / "packet-example.md").read_text(encoding="utf-8")
    pieces = ["#", "## ", "### ", "- ", "\n", "  ", ":", "(", ")", "\\", "**", "- Lead time: x\n", "- ID: ex1\n",
              "&a ", "*a", "!!python/object:os.system ", "[", "{", "'", '"', "\t", "\x00", "1e999", ".nan"]
    for source, read in ((markdown, packet_from_markdown), (packet_to_yaml(packet_from_markdown(markdown)),
                                                            packet_from_yaml)):
        for _ in range(300):
            chars = list(source)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(chars))
                if rng.random() < 0.5:
                    chars.insert(at, rng.choice(pieces))
                else:
                    del chars[at:at + rng.randint(1, 40)]
            try:
                read("".join(chars))
            except PacketError as error:
                assert "\n" not in str(error)


def test_text_pasted_with_windows_line_ends_keeps_its_lines():
    example = ROUND_TRIP["Windows line ends and other line separators"].examples[0]
    assert example.action == "pasted\nfrom Windows\nand an old Mac"
