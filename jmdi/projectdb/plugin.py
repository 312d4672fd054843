"""What project database adds to the platform (nothing yet)."""

from jmdi.core.plugins import Plugin

PLUGIN = Plugin()
