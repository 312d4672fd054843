"""How the project starts Debian's Chromium: shared by the browser tests and
scripts/measure_page_weight.py."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking switches Chromium opens connections of its own,
# which a closed network refuses many at a time.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
