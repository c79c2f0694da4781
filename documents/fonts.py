"""The Chinese font every PDF embeds: Noto Sans SC as bundled by pylopdf-fonts-zh-cn (the same
font the manifests use, `documents.manifest_pdf`), so a file prints the same on a machine without
Chinese fonts.

The full font has about 65,000 glyphs, and fpdf2 reads all of them for every document it makes
(about 0.4 s, then as long again to subset them into the file). A run that writes a hundred PDFs
first cuts the font down once to the characters they can use (`common_subset`: ASCII, common
punctuation, the labels and the data) and gives every document that small font.
"""

from __future__ import annotations

import functools
import string
import tempfile
from pathlib import Path

import pylopdf_fonts_zh_cn
from fontTools import subset
from fpdf import FPDF

FONT = "NotoSansSC"
PUNCTUATION = "，。、：；（）《》【】“”‘’！？—…·×−￥％"


def with_chinese_font(pdf: FPDF, font_file: Path | None = None) -> FPDF:
    """Register the embedded font (the bundled one, or a subset of it) on `pdf` and select it.

    With a subset, fpdf2 still cuts the font down to each file's glyphs and saves it, and the
    save recomputes every glyph's bounds for the hhea, vhea and CFF boxes: two fifths of the
    time a statement PDF takes. Only the CFF table is embedded, whose box then stays the subset's
    (every glyph inside it); PDF readers place glyphs by the descriptor's box and the widths,
    which fpdf2 takes from the font as loaded. So the bounds are not recomputed."""
    pdf.add_font(FONT, fname=str(font_file or pylopdf_fonts_zh_cn.sans_path()))
    loaded = pdf.fonts[FONT.lower()]
    if font_file is not None and hasattr(loaded, "ttfont"):  # a TrueType/OpenType font
        loaded.ttfont.recalcBBoxes = False
    pdf.set_font(FONT, size=10)
    return pdf


def common_subset(text: str) -> Path:
    """A font file holding ASCII, common punctuation and every character of `text` (the caller
    passes its labels and its data), made once per set of characters in this process."""
    return _subset(frozenset(text) | _COMMON)


_COMMON = frozenset(string.printable) | frozenset(PUNCTUATION)


@functools.lru_cache(maxsize=4)
def _subset(characters: frozenset[str]) -> Path:
    font = subset.load_font(str(pylopdf_fonts_zh_cn.sans_path()), subset.Options())
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    path = Path(tempfile.mkdtemp(prefix="fanggang-font-")) / "NotoSansSC-subset.otf"
    font.save(str(path))
    return path
