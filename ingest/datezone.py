"""A second look at the date line of a scanned letter.

DIN 5008 puts the date line (or the information block) right of the address
window. Tesseract's page layout analysis sometimes merges a date line that
sits a little above or below an address line into that line and reads it as
noise ("An die Stadt Wendelstedt Loe _ 2" for "Wendelstedt, 05.03.2025"),
so the page text has no letter date at all. Reading only the top-right zone
of page 1 again as sparse text (``--psm 11``) recovers it. The result is a
fallback for the date scorer, used when the page text yields no date.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image

from ingest.config import OcrConfig
from ingest.extract.layout import RIGHT_SHARE

log = logging.getLogger(__name__)

DPI = 300
TIMEOUT_S = 60.0
# DIN 5008: the date line and information block end about 100 mm below the top
# edge (a third of an A4 page); the body text below only slows the re-read.
ZONE_TOP_SHARE = 0.38
INK_BELOW = 150  # grey level under which a pixel counts as ink (specks and grey noise go)


def _zone_box(pdf: Path) -> tuple[int, int, int, int]:
    """(x, y, width, height) in pixels at ``DPI`` of the zone on page 1 as displayed."""
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        box = [float(v) for v in page.mediabox]
        width, height = box[2] - box[0], box[3] - box[1]
        if int(page.obj.get("/Rotate", 0)) % 180:
            width, height = height, width
    px_w, px_h = width / 72 * DPI, height / 72 * DPI
    x = int(px_w * RIGHT_SHARE)
    return x, 0, int(px_w) - x, int(px_h * ZONE_TOP_SHARE)


def read_date_zone(pdf: Path, cfg: OcrConfig) -> list[str]:
    """OCR lines of the top-right zone of page 1 of ``pdf``; [] if that fails."""
    try:
        x, y, w, h = _zone_box(pdf)
        with tempfile.TemporaryDirectory(prefix="datezone-") as tmp:
            base = Path(tmp) / "zone"
            subprocess.run(
                ["pdftocairo", "-png", "-singlefile", "-gray", "-r", str(DPI), "-f", "1", "-l", "1",
                 "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), str(pdf), str(base)],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )  # fmt: skip
            png = base.with_suffix(".png")
            with Image.open(png) as im:
                im.convert("L").point(lambda v: 0 if v < INK_BELOW else 255).save(png)
            out = subprocess.run(
                ["tesseract", str(png), "-", "-l", "+".join(cfg.languages), "--psm", "11"],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
                text=True,
            ).stdout
    except (OSError, subprocess.SubprocessError, pikepdf.PdfError, ValueError) as e:
        log.warning("date zone of %s not read: %s", pdf.name, e)
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]
