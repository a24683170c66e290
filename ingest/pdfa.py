"""Direct PDF/A-2b for documents that already carry a text layer.

No OCR and no Ghostscript (bookworm's Ghostscript 10.0.0 corrupts PDFs with
existing text, which is why OCRmyPDF 17 refuses ``--skip-text`` with it).
pikepdf strips what PDF/A forbids, adds the sRGB OutputIntent and PDF/A-2B
XMP, checks the result with ``pikepdf.pdfa.check``, and the text extracted
before and after must be identical; otherwise the route is refused and the
caller falls back to rasterising + OCR.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pikepdf
import pikepdf.pdfa

from ingest.pdftext import page_texts

log = logging.getLogger(__name__)


class DirectPdfaRefused(Exception):
    """The direct route cannot make this PDF valid PDF/A-2b; the caller falls back."""


def make_pdfa_direct(src: Path, dst: Path) -> tuple[str, ...]:
    """Make ``src`` PDF/A-2b with pikepdf, keeping page content and text; return notes.

    Structure-only repairs: drop encryption, JavaScript, actions, XFA and
    embedded files; add the sRGB OutputIntent and PDF/A-2B XMP synced with
    DocInfo (``pikepdf.pdfa.prepare``). Refused when a non-embedded font draws
    visible text, when pikepdf's PDF/A checker finds a violation, or when the
    text extracted afterwards differs from before.
    """
    before = page_texts(src)
    try:
        with pikepdf.open(src) as pdf:
            unembedded = _visible_unembedded_fonts(pdf)
            if unembedded:
                raise DirectPdfaRefused(f"fonts not embedded: {', '.join(sorted(unembedded))}")
            notes = _strip_forbidden(pdf)
            prepared = pikepdf.pdfa.prepare(pdf, "2b")
            report = pikepdf.pdfa.check(pdf, "2b")
            if report.violations:
                raise DirectPdfaRefused("; ".join(str(f) for f in report.violations[:5]))
            for finding in report.unsupported:
                log.debug("PDF/A construct not checked by pikepdf: %s", finding)
            pdf.save(dst, **report.save_kwargs)
    except pikepdf.PikepdfError as e:
        raise DirectPdfaRefused(f"pikepdf: {e}") from e
    if page_texts(dst) != before:
        raise DirectPdfaRefused("text layer changed by the PDF/A repair")
    if prepared.annotations_removed:
        notes.append(f"removed hidden annotations: {dict(prepared.annotations_removed)}")
    return tuple(notes)


def _strip_forbidden(pdf: pikepdf.Pdf) -> list[str]:
    notes: list[str] = []
    root = pdf.Root
    if pdf.is_encrypted:
        notes.append("owner-password encryption removed")
    for key in ("/OpenAction", "/AA"):
        if key in root and isinstance(root[key], pikepdf.Dictionary):  # an action, not a dest
            del root[key]
            notes.append(f"document {key} removed")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names:
        notes.append(f"embedded files removed: {', '.join(pdf.attachments.keys())}")
        del names["/EmbeddedFiles"]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary):
        for key in ("/XFA", "/NeedAppearances"):
            if key in acroform:
                del acroform[key]
                notes.append(f"AcroForm {key} removed")
    if "/DocChecksum" in pdf.trailer:
        del pdf.trailer["/DocChecksum"]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _strip_object(obj)
    return notes


def _strip_object(obj: pikepdf.Object) -> None:
    """Remove keys PDF/A forbids or that only make validation harder (all optional)."""
    if obj.get("/Type") == pikepdf.Name.FontDescriptor and "/CIDSet" in obj:
        del obj["/CIDSet"]  # optional in PDF/A-2; an incomplete one is a violation
    if obj.get("/Type") == pikepdf.Name.Annot and "/AA" in obj:
        del obj["/AA"]
    if obj.get("/Subtype") == pikepdf.Name.Widget and "/A" in obj:
        del obj["/A"]
    if obj.get("/Type") == pikepdf.Name.Page and "/AA" in obj:
        del obj["/AA"]


def _visible_unembedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    """Names of non-embedded fonts that draw visible text (render mode != 3)."""
    found: set[str] = set()
    for page in pdf.pages:
        _scan_content(page.obj, page.obj.get("/Resources"), found, depth=0)
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
            normal = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
            for stream in _appearance_streams(normal):
                _scan_content(stream, stream.get("/Resources"), found, depth=1)
    return found


def _appearance_streams(normal: object) -> list[pikepdf.Stream]:
    if isinstance(normal, pikepdf.Stream):
        return [normal]
    if isinstance(normal, pikepdf.Dictionary):
        return [v for v in normal.values() if isinstance(v, pikepdf.Stream)]
    return []


def _font_embedded(font: pikepdf.Object) -> bool:
    if not isinstance(font, pikepdf.Dictionary):
        return False
    subtype = font.get("/Subtype")
    if subtype == pikepdf.Name.Type3:
        return True
    if subtype == pikepdf.Name.Type0:
        descendants = font.get("/DescendantFonts", pikepdf.Array())
        return len(descendants) > 0 and _font_embedded(descendants[0])
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _scan_content(owner: pikepdf.Object, resources: object, found: set[str], depth: int) -> None:
    if depth > 8 or not isinstance(resources, pikepdf.Dictionary):
        resources = pikepdf.Dictionary()
    fonts = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    stack: list[tuple[str | None, int]] = []
    font: str | None = None
    mode = 0
    for instruction in pikepdf.parse_content_stream(owner):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # inline image
        operands, name = instruction.operands, str(instruction.operator)
        if name == "q":
            stack.append((font, mode))
        elif name == "Q" and stack:
            font, mode = stack.pop()
        elif name == "Tf" and operands:
            font = str(operands[0])
        elif name == "Tr" and operands:
            mode = int(operands[0])
        elif name in ("Tj", "TJ", "'", '"') and mode != 3 and font is not None:
            font_obj = fonts.get(font)
            if not isinstance(font_obj, pikepdf.Dictionary):
                found.add(font)
            elif not _font_embedded(font_obj):
                found.add(str(font_obj.get("/BaseFont", font)))
        elif name == "Do" and operands and depth < 8:
            xobj = xobjects.get(str(operands[0]))
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == pikepdf.Name.Form:
                _scan_content(xobj, xobj.get("/Resources", resources), found, depth + 1)
