"""Every chart label inside its chart, measured with the shipped font.

Usage: chart_fit.py FONT_DIR PAGE.html [PAGE.html ...]

Reads every inline <svg> of each page, takes its viewBox, and for every
<text> (and each of its <tspan> lines) computes the box the text takes:
its x and text-anchor, its font size and weight (inherited from the <svg>
and <text>), and its width as the sum of the advance widths of the shipped
font's face (FONT_DIR/BarometerSans-{Regular,Bold}.woff2, read with
fontTools; kerning left out, which only narrows Latin text, so the check
errs on the safe side). A label whose box starts left of 0, ends right of
the viewBox's width, or whose baseline lies outside the viewBox fails,
named with its chart and text. The colour of every label must have a
contrast of at least 4.5:1 (WCAG AA) with what it is drawn on: the last
<rect> before it (in document order) under the label's middle, else the
white page. Prints a count per page; exit 1 on any failure.
"""
import html.parser
import os
import sys

from fontTools.ttLib import TTFont


class Face:
    def __init__(self, path):
        font = TTFont(path)
        self.upem = font["head"].unitsPerEm
        self.cmap = font.getBestCmap()
        self.hmtx = font["hmtx"].metrics

    def width(self, text, size):
        units = 0
        for ch in text:
            cp = ord(ch)
            if cp < 32:
                continue
            glyph = self.cmap.get(cp)
            units += self.hmtx[glyph][0] if glyph else self.upem
        return units / self.upem * size


class Charts(html.parser.HTMLParser):
    """Collects (chart title, viewBox, [text boxes]) of every <svg>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.charts = []
        self.stack = []      # attribute dicts of open svg/text/tspan
        self.svg = None
        self.in_title = False
        self.current = None  # the text run being collected

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            vb = [float(v) for v in a.get("viewbox", "0 0 0 0").split()]
            self.svg = {"title": a.get("aria-label", ""), "vb": vb,
                        "size": float(a.get("font-size", 16)),
                        "runs": [], "rects": []}
            self.charts.append(self.svg)
            self.stack = [a]
            return
        if self.svg is None:
            return
        if tag == "rect":
            self.svg["rects"].append(
                (float(a.get("x", 0)), float(a.get("y", 0)),
                 float(a.get("width", 0)), float(a.get("height", 0)),
                 a.get("fill", "#000000")))
            return
        if tag in ("text", "tspan"):
            parent = self.stack[-1] if self.stack else {}
            attrs_now = dict(parent)
            attrs_now.update(a)
            if tag == "tspan" and "dy" in a:
                attrs_now["y"] = str(float(parent.get("y", 0)) +
                                     float(a["dy"]))
            if tag == "tspan":
                # a later tspan's dy counts from the previous line
                parent["y"] = attrs_now["y"]
            self.stack.append(attrs_now)
            self.current = {"attrs": attrs_now, "text": "",
                            "rects": len(self.svg["rects"])}
            self.svg["runs"].append(self.current)
        elif tag == "title":
            self.in_title = True

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
            self.stack = []
        elif tag in ("text", "tspan") and self.svg is not None:
            if len(self.stack) > 1:
                self.stack.pop()
            self.current = None
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) != 6:
        return 1.0
    c = [int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
         for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def background(rects, x, y):
    for rx, ry, rw, rh, fill in reversed(rects):
        if rx <= x <= rx + rw and ry <= y <= ry + rh and fill != "none":
            return fill
    return "#ffffff"


def check_page(path, faces):
    with open(path, encoding="utf-8") as f:
        parser = Charts()
        parser.feed(f.read())
    bad = 0
    labels = 0
    for chart in parser.charts:
        _, _, vw, vh = chart["vb"]
        for run in chart["runs"]:
            text = run["text"]
            if not text.strip():
                continue
            a = run["attrs"]
            size = float(a.get("font-size", chart["size"]))
            bold = a.get("font-weight") == "bold"
            w = faces[bold].width(text, size)
            x = float(a.get("x", 0))
            y = float(a.get("y", 0))
            anchor = a.get("text-anchor", "start")
            x0 = x - w if anchor == "end" else x - w / 2 if \
                anchor == "middle" else x
            x1 = x0 + w
            labels += 1
            if x0 < -0.01 or x1 > vw + 0.01 or y - size * 0.75 < -0.01 \
                    or y > vh + 0.01:
                bad += 1
                print("%s: chart '%s': '%s' spans x %.1f-%.1f, y %.1f; "
                      "viewBox %gx%g" % (path, chart["title"][:60], text,
                                         x0, x1, y, vw, vh))
            bg = background(chart["rects"][:run["rects"]], (x0 + x1) / 2,
                            y - size * 0.35)
            ratio = contrast(a.get("fill", "#000000"), bg)
            if ratio < 4.5:
                bad += 1
                print("%s: chart '%s': '%s' in %s on %s: contrast %.2f:1" %
                      (path, chart["title"][:60], text, a.get("fill"), bg,
                       ratio))
    print("%s: %d charts, %d labels, %d outside or faint" %
          (path, len(parser.charts), labels, bad))
    return bad


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    font_dir = sys.argv[1]
    faces = {False: Face(os.path.join(font_dir,
                                      "BarometerSans-Regular.woff2")),
             True: Face(os.path.join(font_dir, "BarometerSans-Bold.woff2"))}
    bad = sum(check_page(p, faces) for p in sys.argv[2:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
