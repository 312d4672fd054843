"""Copy the front-end files the platform serves from node_modules into static/vendor.

What is served, and why each piece is filtered:
- the UNDP Design System's base CSS (MIT). Its commercial typefaces (Proxima Nova,
  Söhne Breit) and UN Bangla are not shipped: their @font-face rules are dropped and the
  families are pointed at the open Noto Sans instead. None of its JavaScript is used.
- Noto Sans (Latin) and Noto Sans Arabic from @fontsource (OFL), regular and bold only,
  with unicode-range so a page downloads only the script it shows.
- htmx, as enhancement only.
Run by `make assets` after `npm ci`; the output folder is not committed.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "static" / "vendor"

DROPPED_FAMILIES = ("ProximaNova", "SohneBreit", "UNBangla")
#: (package, weights, subsets kept): each subset carries its unicode-range.
FONT_FILES = [
    ("@fontsource/noto-sans", ["400", "700"], {"latin", "latin-ext"}),
    # Regular only: the browser emboldens it for headings, and a second Arabic weight
    # would cost 48 KB of every Arabic first visit (the page budget is 150 KB).
    ("@fontsource/noto-sans-arabic", ["400"], {"arabic"}),
]


def build_undp_css() -> None:
    source = NODE / "@undp/design-system/docs/css/base-minimal-no-grid.min.css"
    css = source.read_text(encoding="utf-8")
    for family in DROPPED_FAMILIES:
        css = re.sub(r"@font-face\{[^}]*font-family:" + family + r"[^}]*\}", "", css)
        css = re.sub(
            r"font-family:" + family + r"(?=[;},])", 'font-family:"Noto Sans",sans-serif', css
        )
        css = css.replace(f"{family},", "")
    css = re.sub(
        r"(--undpds-font-family-(?:proximanova|sohnebreit|unbangla)):[^;}]*",
        r'\1:"Noto Sans",sans-serif',
        css,
    )
    leftovers = [f for f in DROPPED_FAMILIES if f in css]
    if leftovers:
        sys.exit(f"build_assets: the UNDP CSS still names {leftovers}; update the filter.")
    target = OUT / "undp"
    (target / "images").mkdir(parents=True, exist_ok=True)
    css = css.replace("../images/", "images/")
    (target / "base-minimal-no-grid.min.css").write_text(css, encoding="utf-8")
    for image in re.findall(r"url\(images/([^)]+)\)", css):
        shutil.copy(NODE / "@undp/design-system/docs/images" / image, target / "images" / image)
    shutil.copy(NODE / "@undp/design-system/LICENSE", target / "LICENSE")


def build_fonts() -> None:
    target = OUT / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    rules = []
    for package, weights, subsets in FONT_FILES:
        family = package.split("/")[-1]
        for weight in weights:
            css = (NODE / package / f"{weight}.css").read_text(encoding="utf-8")
            for subset, rule in re.findall(
                r"/\* "
                + family
                + r"-([a-z-]+)-"
                + weight
                + r"-normal \*/\s*(@font-face \{[^}]*\})",
                css,
            ):
                if subset not in subsets:
                    continue
                for file_name in re.findall(r"url\(\./files/([^)]+\.woff2)\)", rule):
                    shutil.copy(NODE / package / "files" / file_name, target / file_name)
                rule = re.sub(r",\s*url\(\./files/[^)]+\.woff\) format\('woff'\)", "", rule)
                rules.append(rule.replace("./files/", "./"))
        shutil.copy(NODE / package / "LICENSE", target / f"LICENSE-{package.split('/')[-1]}")
    (target / "fonts.css").write_text("\n".join(rules) + "\n", encoding="utf-8")


def build_htmx() -> None:
    target = OUT / "htmx"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(NODE / "htmx.org/dist/htmx.min.js", target / "htmx.min.js")
    shutil.copy(NODE / "htmx.org/LICENSE", target / "LICENSE")


def main() -> None:
    if not NODE.exists():
        sys.exit("build_assets: node_modules is missing; run `npm ci` first (make assets does).")
    if OUT.exists():
        shutil.rmtree(OUT)
    build_undp_css()
    build_fonts()
    build_htmx()
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(
        f"static/vendor: {sum(1 for p in OUT.rglob('*') if p.is_file())} files, {total / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
