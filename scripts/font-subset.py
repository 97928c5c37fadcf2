#!/usr/bin/python3
"""Make the report's font in data/fonts/ from Debian's Liberation Sans.

Liberation Sans (Debian fonts-liberation2; SIL Open Font License 1.1;
metric-compatible with Arial) is cut down to the Latin letters and signs
the report writes (Basic Latin, Latin-1, Latin Extended-A, spaces, dashes,
quotes, bullet, ellipsis, per mille, euro, minus, comparison signs) and
saved as WOFF2, regular and bold. A subset is a modified version in the
OFL's words, and "Liberation" is a Reserved Font Name, so the subset is
renamed "Barometer Sans"; the copyright notices and the licence stay in the
font's name table and go beside it as LICENSE.

The report folder gets copies of these files (src/render/report_dir.c),
its report.css loads them (@font-face) and the charts measure their labels
with the same files' advance widths (src/render/font_metrics.inc, written
by scripts/font-metrics.py; tests/test_font.c checks that table against the
files with FreeType).

Needs fonts-liberation2, python3-fonttools and python3-brotli (Debian).
Usage: scripts/font-subset.py   (then scripts/font-metrics.py)
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SRC = "/usr/share/fonts/truetype/liberation2"
COPYRIGHT = "/usr/share/doc/fonts-liberation2/copyright"
FAMILY = "Barometer Sans"
FILE_STEM = "BarometerSans"
FACES = ("Regular", "Bold")

UNICODES = (list(range(0x20, 0x7F)) + list(range(0xA0, 0x180)) +
            [0x2009, 0x200A] + list(range(0x2010, 0x2016)) +
            list(range(0x2018, 0x201F)) + [0x2020, 0x2021, 0x2022, 0x2026,
                                           0x202F, 0x2030, 0x20AC, 0x2122,
                                           0x2212, 0x2248, 0x2260, 0x2264,
                                           0x2265])


def rename(font, face):
    """Family, full and PostScript names to FAMILY; keep the rest."""
    names = {
        1: FAMILY,
        2: face,
        3: "%s %s; derived from Liberation Sans" % (FAMILY, face),
        4: "%s %s" % (FAMILY, face) if face != "Regular" else FAMILY,
        6: "%s-%s" % (FILE_STEM, face),
        16: FAMILY,
        17: face,
    }
    table = font["name"]
    table.names = [n for n in table.names if n.nameID not in names]
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)


def main():
    root = os.path.normpath(os.path.join(os.path.dirname(
        os.path.abspath(__file__)), ".."))
    out = os.path.join(root, "data", "fonts")
    os.makedirs(out, exist_ok=True)
    for face in FACES:
        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = ["kern"]
        opts.hinting = False
        opts.desubroutinize = True
        opts.name_IDs = ["*"]
        opts.name_legacy = True
        opts.name_languages = ["*"]
        opts.drop_tables += ["FFTM"]
        font = TTFont(os.path.join(SRC, "LiberationSans-%s.ttf" % face))
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=UNICODES)
        sub.subset(font)
        rename(font, face)
        font.flavor = "woff2"
        font.recalcTimestamp = False
        path = os.path.join(out, "%s-%s.woff2" % (FILE_STEM, face))
        font.save(path)
        print("%s: %d glyphs" % (path, len(font.getGlyphOrder())))
    # The licence: the font's stanza of Debian's copyright file.
    with open(COPYRIGHT, encoding="utf-8") as f:
        text = f.read()
    stanza = text.split("\nFiles: ")[1]
    stanza = "Files: " + stanza.rstrip() + "\n"
    with open(os.path.join(out, "LICENSE"), "w", encoding="utf-8") as f:
        f.write("Barometer Sans (BarometerSans-Regular.woff2, "
                "BarometerSans-Bold.woff2) is a\n"
                "subset of Liberation Sans 2 (Debian fonts-liberation2), "
                "renamed because\n"
                "\"Liberation\" is a Reserved Font Name of the SIL Open "
                "Font License 1.1\n"
                "and a subset is a modified version. It is made by "
                "scripts/font-subset.py\n"
                "and licensed, as the original, under the SIL Open Font "
                "License 1.1:\n\n")
        f.write(stanza)
    return 0


if __name__ == "__main__":
    sys.exit(main())
