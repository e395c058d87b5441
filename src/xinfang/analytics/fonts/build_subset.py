"""Build the shipped CJK chart font: a subset of Noto Sans CJK SC (SIL OFL 1.1).

Charts in the monthly and annual reports must show Chinese on a server without any CJK
font, so the app ships a subset covering ASCII, CJK punctuation and full-width forms, the
GB2312 level-1 and level-2 hanzi (6,763 characters) and every character of the analytics
templates and texts. The subset is renamed ("Xinfang CJK Subset"): the OFL reserves the
name "Source" and asks modified versions not to pass as the original.

Usage (fonts-noto-cjk installed, e.g. Debian's /usr/share/fonts/opentype/noto/):
    .venv/bin/python src/xinfang/analytics/fonts/build_subset.py [--source FILE.ttc]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
APP = HERE.parent
OUTPUT = HERE / "XinfangCJKSubset-Regular.otf"
FAMILY = "Xinfang CJK Subset"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
WANTED_FACE = "Noto Sans CJK SC"


def gb2312_hanzi() -> set[str]:
    """GB2312 rows 16-55 (level 1) and 56-87 (level 2), decoded from their two-byte codes."""
    chars = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the last row of level 1 has five unused cells
    return chars


def project_chars() -> set[str]:
    """Every character in the app's own Python sources and templates (labels, narrative)."""
    chars: set[str] = set()
    for path in [*APP.rglob("*.py"), *APP.rglob("*.html")]:
        chars |= set(path.read_text(encoding="utf-8"))
    return chars


def wanted_unicodes() -> list[int]:
    ascii_printable = {chr(c) for c in range(0x20, 0x7F)}
    punctuation = {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    fullwidth = {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms (，：（）％ …)
    extra = set("·—–‘’“”…‰℃№×÷±≤≥↑↓→←▲▼●○■□")
    chars = ascii_printable | punctuation | fullwidth | extra | gb2312_hanzi() | project_chars()
    return sorted(ord(c) for c in chars if c.isprintable() or c == " ")


def source_face(path: Path) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == WANTED_FACE:
                return font
        raise SystemExit(f"{WANTED_FACE} not found in {path}")
    return TTFont(str(path))


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16, 21):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 3:
            record.string = f"{FAMILY}; subset of {WANTED_FACE} 2.004"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]


def build(source: Path, output: Path) -> int:
    font = source_face(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False  # hints matter little at chart sizes and cost about a fifth of the file
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_unicodes())
    subsetter.subset(font)
    rename(font)
    font.save(str(output))
    return output.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    size = build(args.source, args.output)
    print(f"{args.output.name}: {size / 1_048_576:.2f} MiB")


if __name__ == "__main__":
    main()
