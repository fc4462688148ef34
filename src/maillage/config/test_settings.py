"""Settings for the test suite (pytest-django loads this module, see pyproject.toml)."""

import os

os.environ["MAILLAGE_MODE"] = "test"

from maillage.config.settings import *  # noqa: E402, F403
