"""Settings for the test suite: the real settings, read with JMDI_ENV=test.

pytest-django imports settings before any conftest runs, so the environment is set here.
"""

import os

os.environ["JMDI_ENV"] = "test"

from config.settings import *  # noqa: F403
