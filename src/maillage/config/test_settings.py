"""Settings for the test suite (pytest-django loads this module, see pyproject.toml)."""

import os
import tempfile
from pathlib import Path

os.environ["MAILLAGE_MODE"] = "test"

from maillage.config.settings import *  # noqa: E402, F403

# Uploaded testimony files go to a throw-away folder, never into the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="maillage-test-media-"))
