"""The Chinese font every PDF embeds: Noto Sans SC as bundled by pylopdf-fonts-zh-cn (the same
font the manifests use, `routing.manifest`), so a file prints the same on a machine without
Chinese fonts."""

from __future__ import annotations

import pylopdf_fonts_zh_cn
from fpdf import FPDF

FONT = "NotoSansSC"


def with_chinese_font(pdf: FPDF) -> FPDF:
    """Register the embedded font on `pdf` and select it."""
    pdf.add_font(FONT, fname=str(pylopdf_fonts_zh_cn.sans_path()))
    pdf.set_font(FONT, size=10)
    return pdf
