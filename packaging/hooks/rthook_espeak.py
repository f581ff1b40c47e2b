"""PyInstaller runtime hook: let the bundled libespeak-ng find the data shipped beside it.

libespeak-ng looks for `$ESPEAK_DATA_PATH/espeak-ng-data` before its compiled-in
/usr/lib/... path; the bundle holds the data of the library it ships.
"""

import os
import sys

_bundle = getattr(sys, "_MEIPASS", None)
if _bundle and os.path.isdir(os.path.join(_bundle, "espeak-ng-data")):
    os.environ.setdefault("ESPEAK_DATA_PATH", _bundle)
