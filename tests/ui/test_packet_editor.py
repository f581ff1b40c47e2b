"""The packet editor driven as a candidate would: typing, keys, buttons, files; a real store in tmp_path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from erbsim.core.packet import Adopter, Example, Packet, load_packet_file, packet_from_markdown
from erbsim.core.store import Store

EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "packet-example.md"


def strong_example(example_id: str = "ex1", **changes) -> Example:
    example = Example(
        id=example_id, title="Privacy-first recommendations", business_unit="Taobao",
        started="2024-03", ended="2025-06", risk_seen="Eight months before the consent rules I saw the risk.",
        lead_time_months=20, action="Nobody asked me; I built a consent-aware layer and piloted it.",
        asked_by="", impact="Two units moved their budget onto the layer.", metric="reach after consent",
        before="41%", after="78%", adoption="It became the group standard.",
        adopters=(Adopter("Cainiao", "standard", "dropped their own project"), Adopter("Ele.me", "API")),
        sponsor="CPO Taobao (P10)", quotes=("We used it instead of ours. (Ele.me product head)",),
        evidence=("Group standard v2",))
    return dataclasses.replace(example, **changes)


def seed(data_root: Path, *packets: Packet) -> list[int]:
    with Store(data_root=data_root) as store:
        return [store.save_packet(p.to_dict()) for p in packets]


def stored(data_root: Path) -> list[Packet]:
    """What another run of the app would find, most recently changed first."""
    with Store(data_root=data_root) as store:
        return [Packet.from_dict(p.body) for p in store.list_packets()]


@pytest.fixture
def data_root(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def open_editor(qtbot, data_root, bridge):
    """A shown PacketEditor on a StoreClient of its own; the store is closed after the test."""
    from erbsim.ui.packet import PacketEditor
    from erbsim.ui.store_client import StoreClient

    clients = []

    def build(autosave_ms: int = 60_000, expect: int | None = None):
        store = StoreClient(data_root, bridge)
        clients.append(store)
        editor = PacketEditor(store, autosave_ms=autosave_ms)
        qtbot.addWidget(editor)
        editor.resize(1340, 860)
        editor.show()
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
        if expect is not None:
            qtbot.waitUntil(lambda: editor.packet_list.count() == expect)
        return editor

    yield build
    for store in clients:
        store.close()


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def alt(qtbot, widget, key) -> None:
    """A mnemonic (Alt+letter); the button it presses clicks a moment later (Qt animates the click)."""
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def test_a_packet_typed_into_the_editor_is_there_when_the_app_opens_again(qtbot, open_editor, data_root):
    editor = open_editor(expect=0)
    assert not editor.editor_panel.isEnabled()
    alt(qtbot, editor, Qt.Key.Key_N)  # New
    qtbot.waitUntil(lambda: editor.packet_list.count() == 1 and editor.name_edit.hasFocus())
    qtbot.keyClicks(editor.name_edit, "ERB 2027 spring")  # the suggested name is selected: typed over
    type_into(qtbot, editor.candidate_edit, "Wang Jing")
    alt(qtbot, editor, Qt.Key.Key_A)  # Add example: the cursor goes to its title
    qtbot.waitUntil(lambda: editor.example_list.count() == 1)
    form = editor.current_form()
    qtbot.waitUntil(lambda: form.fields["title"].hasFocus())
    qtbot.keyClicks(form.fields["title"], "Food-safety risk scoring")
    type_into(qtbot, form.fields["business_unit"], "Ele.me")
    type_into(qtbot, form.fields["risk_seen"], "Ten months before the food-safety rules I saw the risk.")
    type_into(qtbot, form.fields["lead_time_months"], "10")
    type_into(qtbot, form.fields["action"], "Nobody asked me; I built a risk score.")
    adopters = form.fields["adopters"]
    qtbot.mouseClick(adopters.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().parent() is adopters.table.viewport())
    qtbot.keyClicks(QApplication.focusWidget(), "Hema")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: adopters.adopters() == [{"organisation": "Hema", "reused_as": "", "what_changed": ""}])
    assert editor.example_list.item(0).text() == "1. Food-safety risk scoring"
    assert editor.status.text() == "Unsaved changes"

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))
    assert not editor.is_dirty()

    (packet,) = stored(data_root)
    assert (packet.name, packet.candidate) == ("ERB 2027 spring", "Wang Jing")
    (example,) = packet.examples
    assert example.title == "Food-safety risk scoring"
    assert example.business_unit == "Ele.me"
    assert example.lead_time_months == 10
    assert example.action == "Nobody asked me; I built a risk score."
    assert example.adopters == (Adopter("Hema"),)
    assert packet.uuid  # a packet of its own, never confused with an imported one

    # The editor opened again (the app restarted) shows it as saved.
    editor.close()
    again = open_editor(expect=1)
    assert again.name_edit.text() == "ERB 2027 spring"
    assert again.current_form().fields["risk_seen"].toPlainText() == example.risk_seen


def test_edits_are_saved_a_moment_after_typing_stops(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2027 spring", examples=(strong_example(),)))
    editor = open_editor(autosave_ms=200, expect=1)
    qtbot.keyClicks(editor.current_form().fields["after"], " of sessions")
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"), timeout=5000)
    assert stored(data_root)[0].examples[0].after == "78% of sessions"


def test_import_markdown_then_export_yaml_round_trips_through_the_editor(qtbot, open_editor, tmp_path, data_root,
                                                                        monkeypatch):
    original = packet_from_markdown(EXAMPLE_FILE.read_text(encoding="utf-8"))
    editor = open_editor(expect=0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(EXAMPLE_FILE), "Markdown (*.md *.markdown)")))
    alt(qtbot, editor, Qt.Key.Key_I)  # Import…
    qtbot.waitUntil(lambda: editor.packet_list.count() == 1 and editor.example_list.count() == len(original.examples))
    assert editor.name_edit.text() == original.name
    assert [editor.example_list.item(i).text() for i in range(editor.example_list.count())] == [
        f"{i}. {e.title}" for i, e in enumerate(original.examples, 1)]
    assert editor.status.text() == f"Imported \u201c{original.name}\u201d from {EXAMPLE_FILE.name}."
    # The file is wrapped at 80 columns; the editor shows each paragraph as one line, as Markdown reads it.
    assert editor.current_form().fields["risk_seen"].toPlainText().startswith(
        "Ten months before the city food-safety rules of 2025 took effect, I read the draft and saw that about one "
        "in six of our small restaurants would fail the new kitchen inspections. Nobody was planning for it")

    target = tmp_path / "exported"  # no extension: the YAML filter chosen in the dialog decides
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "YAML (*.yaml *.yml)")))
    alt(qtbot, editor, Qt.Key.Key_X)  # Export…
    written = tmp_path / "exported.yaml"
    qtbot.waitUntil(lambda: editor.status.text() == f"Exported to {written}.")
    exported = load_packet_file(written)
    # Every field went into the widgets and came back out unchanged; the uuid is the stored packet's.
    assert dataclasses.replace(exported, uuid="") == dataclasses.replace(original, uuid="")
    assert exported.uuid == stored(data_root)[0].uuid != ""


def test_a_file_that_is_not_a_packet_is_refused_with_the_reason(qtbot, open_editor, tmp_path, monkeypatch):
    broken = tmp_path / "notes.yaml"
    broken.write_text("name: ERB\nexamples: {oops: 1}\n", encoding="utf-8")
    editor = open_editor(expect=0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), "")))
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.confirm_box is not None and editor.confirm_box.isVisible())
    assert "notes.yaml" in editor.confirm_box.text() and "examples" in editor.confirm_box.text()
    editor.confirm_box.accept()
    assert editor.packet_list.count() == 0


def test_duplicate_for_the_next_cycle_keeps_the_original(qtbot, open_editor, data_root):
    (original_id,) = seed(data_root, Packet("ERB 2026 autumn", "Wang Jing", examples=(strong_example(),)))
    editor = open_editor(expect=1)
    alt(qtbot, editor, Qt.Key.Key_D)  # Duplicate
    qtbot.waitUntil(lambda: editor.packet_list.count() == 2 and editor.current_id() != original_id)
    assert editor.name_edit.text() == "ERB 2026 autumn (next cycle)"
    assert editor.name_edit.hasFocus()
    type_into(qtbot, editor.current_form().fields["title"], "Privacy-first recommendations, revised")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))

    copy, original = stored(data_root)
    assert original.name == "ERB 2026 autumn"
    assert original.examples[0].title == "Privacy-first recommendations"
    assert copy.name == "ERB 2026 autumn (next cycle)"
    assert copy.examples[0].title == "Privacy-first recommendations, revised"
    assert copy.examples[0].adopters == original.examples[0].adopters
    assert copy.uuid != original.uuid


def test_delete_asks_first(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2026 autumn"), Packet("ERB 2027 spring", examples=(strong_example(),)))
    editor = open_editor(expect=2)
    assert editor.name_edit.text() == "ERB 2027 spring"  # the most recently edited first
    alt(qtbot, editor, Qt.Key.Key_L)  # Delete…
    qtbot.waitUntil(lambda: editor.confirm_box is not None and editor.confirm_box.isVisible())
    assert "ERB 2027 spring" in editor.confirm_box.text() and "1 example" in editor.confirm_box.text()
    keep = next(b for b in editor.confirm_box.buttons() if b.text() == "&Keep it")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert len(stored(data_root)) == 2

    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.confirm_box is not None and editor.confirm_box.isVisible())
    delete = next(b for b in editor.confirm_box.buttons() if b.text() == "&Delete packet")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.packet_list.count() == 1)
    assert editor.name_edit.text() == "ERB 2026 autumn"
    assert [p.name for p in stored(data_root)] == ["ERB 2026 autumn"]


def test_closing_with_unsaved_changes_asks_and_keeps_what_was_chosen(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2027 spring", examples=(strong_example(),)))
    editor = open_editor(expect=1)
    type_into(qtbot, editor.name_edit, "ERB 2027 autumn")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.unsaved_box is not None and editor.unsaved_box.isVisible())
    assert editor.isVisible()
    stay = next(b for b in editor.unsaved_box.buttons() if b.text() == "&Keep editing")
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.name_edit.text() == "ERB 2027 autumn"

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.unsaved_box is not None and editor.unsaved_box.isVisible())
    save = next(b for b in editor.unsaved_box.buttons() if b.text() == "&Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert stored(data_root)[0].name == "ERB 2027 autumn"

    again = open_editor(expect=1)
    type_into(qtbot, again.name_edit, "A name I did not mean")
    again.close()
    qtbot.waitUntil(lambda: again.unsaved_box is not None and again.unsaved_box.isVisible())
    discard = next(b for b in again.unsaved_box.buttons() if b.text() == "&Discard changes")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert stored(data_root)[0].name == "ERB 2027 autumn"


def test_a_packet_that_cannot_be_saved_says_why_and_is_not_lost_silently(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2027 spring", examples=(strong_example(),)))
    editor = open_editor(expect=1)
    type_into(qtbot, editor.current_form().fields["title"], "")
    qtbot.keyClick(editor.current_form().fields["title"], Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.status.text() == "Not saved: example 1 needs a title."
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.unsaved_box is not None and editor.unsaved_box.isVisible())
    assert "example 1 needs a title" in editor.unsaved_box.text()
    assert [b.text() for b in editor.unsaved_box.buttons() if b.text() == "&Save"] == []
    stay = next(b for b in editor.unsaved_box.buttons() if b.text() == "&Keep editing")
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.current_form().fields["title"], "Retitled")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))
    assert stored(data_root)[0].examples[0].title == "Retitled"


def test_examples_are_added_reordered_and_removed_up_to_five(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2027 spring", examples=(strong_example("ex1", title="First"),
                                                         strong_example("ex2", title="Second"))))
    editor = open_editor(expect=1)
    for count, title in enumerate(("Third", "Fourth", "Fifth"), 3):
        alt(qtbot, editor, Qt.Key.Key_A)
        qtbot.waitUntil(lambda count=count: editor.example_list.count() == count)
        qtbot.keyClicks(editor.current_form().fields["title"], title)
    assert editor.example_list.count() == 5
    assert not editor.add_example_button.isEnabled()  # a packet holds at most five
    editor.example_list.setCurrentRow(1)
    alt(qtbot, editor, Qt.Key.Key_W)  # Move down
    qtbot.waitUntil(lambda: editor.example_list.item(2).text() == "3. Second")
    alt(qtbot, editor, Qt.Key.Key_R)  # Remove example…
    qtbot.waitUntil(lambda: editor.confirm_box is not None and editor.confirm_box.isVisible())
    assert "Second" in editor.confirm_box.text()
    remove = next(b for b in editor.confirm_box.buttons() if b.text() == "&Remove example")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert editor.add_example_button.isEnabled()
    qtbot.waitUntil(editor.isActiveWindow)  # back from the question
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))
    (packet,) = stored(data_root)
    assert [e.title for e in packet.examples] == ["First", "Third", "Fourth", "Fifth"]
    assert [e.id for e in packet.examples] == ["ex1", "ex3", "ex4", "ex5"]


def test_the_check_asks_who_else_uses_it_and_takes_you_to_the_adopters(qtbot, open_editor, data_root):
    lonely = strong_example("ex2", title="Seller churn model", adopters=(), adoption="")
    seed(data_root, Packet("ERB 2027 spring", examples=(strong_example(), lonely)))
    editor = open_editor(expect=1)
    panel = editor.check_panel
    qtbot.waitUntil(lambda: any(card.finding.code == "no_adopters" for card in panel.cards))
    card = next(card for card in panel.cards if card.finding.code == "no_adopters")
    assert card.finding.example_id == "ex2"
    assert card.message_label.text().startswith("Who else uses it?")
    qtbot.waitUntil(card.isVisible)
    assert editor.current_form().example_id == "ex1"
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    form = editor.current_form()
    assert form.example_id == "ex2"
    qtbot.waitUntil(lambda: form.fields["adopters"].table.hasFocus())

    # By keyboard: Alt+H to the findings (the packet's own come first), Enter on one.
    alt(qtbot, editor, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: panel.cards[0].hasFocus())
    assert (panel.cards[0].finding.example_id, panel.cards[0].finding.code) == ("", "too_few_examples")
    qtbot.keyClick(panel.cards[0], Qt.Key.Key_Return)
    assert editor.add_example_button.hasFocus()

    form.fields["adopters"].set_adopters([{"organisation": "Cainiao", "reused_as": "template"},
                                          {"organisation": "Hema", "reused_as": "standard"}])
    form.fields["adopters"].changed.emit()
    qtbot.waitUntil(lambda: not any(c.finding.code in ("no_adopters", "one_adopter") and
                                    c.finding.example_id == "ex2" for c in panel.cards))
    assert panel.cards  # the check still reads the packet: only this finding went away
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))
    assert [a.organisation for a in stored(data_root)[0].examples[1].adopters] == ["Cainiao", "Hema"]


def test_the_editor_closes_with_escape_when_everything_is_saved(qtbot, open_editor, data_root):
    seed(data_root, Packet("ERB 2027 spring"))
    editor = open_editor(expect=1)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert editor.unsaved_box is None
