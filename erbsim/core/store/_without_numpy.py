"""Import sqlite_utils without numpy: imported first by this package.

sqlite_utils imports numpy when it is installed, only to map numpy scalar types to
column types when it infers the columns of a table it creates. erbsim creates every
table with SQL (schema.py) and stores plain Python values, so that mapping is never
used, while numpy costs about 0.1 s (more than the rest of the store) at every start
of the app, long before anything needs it. So while sqlite_utils is imported, numpy
is hidden (`import numpy` fails, and sqlite_utils goes on without it); afterwards it
imports as usual. When numpy is already loaded, or sqlite_utils is, nothing changes.
"""

from __future__ import annotations

import sys

if "sqlite_utils.db" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # the documented way to make an import fail
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        if sys.modules.get("numpy", ...) is None:
            del sys.modules["numpy"]
