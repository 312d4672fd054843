"""Settings for the test suite: the real settings, read with JMDI_ENV=test.

pytest-django imports settings before any conftest runs, so the environment is set here.
"""

import os

os.environ["JMDI_ENV"] = "test"

from config.settings import *  # noqa: F403

# Live-server threads in the browser tests would otherwise keep their connections open
# past the end of the run, and PostgreSQL could not drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# E-mailed links must come from this, not from the test client's "testserver" host.
JMDI_SITE_URL = "https://platform.jmdi.test"
