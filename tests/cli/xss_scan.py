"""Scan an HTML page (or a DOM dumped by a browser) for live markup that
the report never writes. Usage: python3 xss_scan.py PAGE [MIN_MARKS]

The report writes a known set of elements and attributes; a payload that
escaped its text or attribute value shows up as an element or attribute
outside that set (<img>, <script>, an on...= handler), a javascript: URL,
a link that is not one of the report's, or the attribute data-pwned that
the payloads' scripts would set. MIN_MARKS: how many payload markers
(XSSMARK) the page's text must carry, so that a page that lost its labels
does not pass by saying nothing.
"""
import html.parser
import re
import sys

TAGS = set("""html head meta title link style body main header nav h1 h2 h3 h4
p blockquote ul ol li a section figure figcaption aside div table caption thead tbody
tr th td details summary span strong em dl dt dd footer br svg g rect line
path circle text tspan desc polyline polygon""".split())
ATTRS = set("""lang charset name content rel href class id role tabindex aria-label
aria-labelledby scope colspan rowspan download open xmlns width height
viewbox font-family font-size font-weight font-style x y x1 y1 x2 y2 cx cy r
d fill stroke stroke-width stroke-dasharray text-anchor dy dx opacity
fill-opacity points transform text-rendering""".split())


class Scan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.faults = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.faults.append("element <%s>" % tag)
        for name, value in attrs:
            value = value or ""
            if name not in ATTRS:
                self.faults.append("attribute %s=%r on <%s>" % (name, value,
                                                                 tag))
            if name in ("href", "src", "action", "formaction",
                        "xlink:href") and re.match(r"\s*javascript\s*:",
                                                   value, re.I):
                self.faults.append("javascript: in %s" % name)
            if name == "href" and not (value.startswith("#") or
                                       value.startswith("data/") or
                                       value == "report.css"):
                self.faults.append("href %r" % value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.marks += data.count("XSSMARK")


page = open(sys.argv[1], encoding="utf-8").read()
need = int(sys.argv[2]) if len(sys.argv) > 2 else 1
s = Scan()
s.feed(page)
s.close()
for f in s.faults[:20]:
    print("live markup: " + f)
if s.marks < need:
    print("only %d payload markers in the text, want %d" % (s.marks, need))
sys.exit(1 if s.faults or s.marks < need else 0)
