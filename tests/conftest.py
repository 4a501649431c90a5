"""Shared test setup: the project's packages import from a plain checkout.

`make test` installs the project in editable mode, but a checkout run with `.venv/bin/pytest`
(not `python -m pytest`) does not have the repository root on `sys.path`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
