"""The packet editor: the candidate's 3-5 examples, as the board will read them.

    editor.py        PacketEditor: the packets of this data folder, one packet's header and examples
    example_form.py  ExampleForm: one example, in the board's four steps
    adopters.py      AdoptersTable: who reused the work, as what, and what changed for them
    check_panel.py   CheckPanel: the packet check's findings, per example and step
"""

from __future__ import annotations

from erbsim.ui.packet.editor import PacketEditor

__all__ = ["PacketEditor"]
