"""Shared test setup: the project's packages import from a plain checkout.

`make test` installs the project in editable mode, but a checkout run with `.venv/bin/pytest`
(not `python -m pytest`) does not have the repository root on `sys.path`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The ONNX export of the model is made once (seconds) and shared by every test, every test's
# data folder and every bot the e2e tests start, instead of once per data folder. It lives in
# the git-ignored data/ folder, like any built artefact.
os.environ.setdefault("MODEL_CACHE_DIR", str(ROOT / "data" / "test-models"))
