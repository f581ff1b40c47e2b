"""Guard against Qt bindings that corrupt reference counts (PySide6 6.12.0 did).

Every signal emit() there dropped a reference to True; on Python 3.11, where
True is not immortal, a level meter emitting 30 times a second aborted the
app within minutes ("bool_dealloc: deallocating True or False").
"""

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    changed = Signal(object)


def test_emit_keeps_reference_counts_of_singletons(qapp):
    emitter = Emitter()
    received = []
    emitter.changed.connect(received.append)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(1000):
        emitter.changed.emit(None)
    received.clear()
    assert abs(sys.getrefcount(True) - before_true) < 50
    assert abs(sys.getrefcount(None) - before_none) < 50
