"""An XML file written element by element, as ElementTree would write the whole tree.

The GEXF and GraphML exports hold one element per node and per edge: built
as one ElementTree, a graph of a corpus of 20,000 documents takes hundreds
of megabytes before a byte is written. Here only one node's or one edge's
element exists at a time; ElementTree still escapes and indents it
(``ET.indent`` with two spaces), so the bytes are those of the whole tree
written at once.

>>> import io, xml.etree.ElementTree as ET
>>> out = io.StringIO()
>>> with XmlStream(out, '<root a="1">') as x:
...     x.open("<items>", 1)
...     el = ET.Element("item", {"id": "x&y"}); _ = ET.SubElement(el, "v")
...     x.element(el, 2)
...     x.close("</items>", 1)
>>> print(out.getvalue(), end="")
<?xml version='1.0' encoding='utf-8'?>
<root a="1">
  <items>
    <item id="x&amp;y">
      <v />
    </item>
  </items>
</root>
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

INDENT = "  "


class XmlStream:
    """Write the XML declaration and ``root_open`` (a start tag, namespaces
    declared in it); then :meth:`open`/:meth:`close` for container tags and
    :meth:`element` for whole elements, each at its depth; the root's end
    tag on leaving the ``with`` block. Elements use their tags as given
    (``viz:color``): their namespaces are those declared by the root."""

    def __init__(self, out: TextIO, root_open: str):
        self.out = out
        self.root_open = root_open

    def __enter__(self) -> "XmlStream":
        self.out.write("<?xml version='1.0' encoding='utf-8'?>\n" + self.root_open + "\n")
        return self

    def open(self, start_tag: str, level: int) -> None:
        self.out.write(INDENT * level + start_tag + "\n")

    def close(self, end_tag: str, level: int) -> None:
        self.out.write(INDENT * level + end_tag + "\n")

    def element(self, el: ET.Element, level: int) -> None:
        ET.indent(el, INDENT, level)
        self.out.write(INDENT * level + ET.tostring(el, encoding="unicode") + "\n")

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            name = self.root_open[1:].split(None, 1)[0].rstrip(">")
            self.out.write(f"</{name}>\n")
        return False

