"""The one OCRmyPDF/Tesseract wrapper: one document's page range -> archival PDF.

OCRmyPDF always runs as a child process in its own process group, with
``OMP_THREAD_LIMIT=1``, a wall-clock timeout and a resident-memory watcher
over the whole process tree. The route is chosen from the input's class:

* IMAGE_ONLY / IMAGE: OCR -> PDF/A-2b (``ocr``).
* MIXED: ``--skip-text --pdfa-backend internal`` (``ocr_skip_text``); if that
  output cannot be confirmed as PDF/A, ``--skip-text --output-type pdf`` and
  the direct PDF/A route below (``ocr_skip_text_pdfa``).
* BORN_DIGITAL: no OCR; pikepdf makes the file PDF/A-2b in place, keeping the
  text layer (``born_digital_pdfa``, see :func:`make_pdfa_direct`). When that
  is refused (non-embedded fonts drawn visibly, a PDF/A violation, changed
  text), the pages are rasterised and OCRed (``born_digital_rasterised``).
* SIGNED / EINVOICE: byte-for-byte copy of the original (``original_bytes``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
import pikepdf.pdfa
import psutil
from PIL import Image

from ingest.config import LimitsConfig, OcrConfig
from ingest.errors import IngestError, InputRejectedError, OcrError, ReasonCode
from ingest.models import ConversionResult, FileKind, InputInfo, PageRange, PdfClass
from ingest.pdfa import DirectPdfaRefused, make_pdfa_direct
from ingest.pdftext import embedded_files, page_texts

log = logging.getLogger(__name__)

#: The OCRmyPDF plugin that hides ruled lines from Tesseract and whitens the
#: page background in the image it reads (loaded by path).
UNLINE_PLUGIN = Path(__file__).resolve().with_name("ocr_unline.py")
#: OCRmyPDF's sidecar marker for a run of pages that kept their own text (--skip-text).
_SKIPPED = re.compile(r"\[OCR skipped on page\(s\) (\d+)(?:-(\d+))?\]")

WATCH_INTERVAL_S = 0.5


@dataclass(frozen=True, slots=True)
class OcrRun:
    """What one OCRmyPDF child process produced."""

    output: Path
    sidecar_pages: tuple[str, ...]
    log_tail: str


def convert_document(
    src: Path,
    info: InputInfo,
    pages: PageRange,
    workdir: Path,
    cfg: OcrConfig,
    limits: LimitsConfig,
) -> ConversionResult:
    """Turn pages ``pages`` of the scan ``src`` into one archival PDF in ``workdir``."""
    if pages.last > info.page_count:
        raise IngestError(f"page range {pages.first}-{pages.last} beyond {info.page_count} pages")
    workdir.mkdir(parents=True, exist_ok=True)
    if info.keep_original_bytes:
        return _keep_original(src, info, pages, workdir)
    extracted = workdir / "input.pdf"
    _extract_pages(src, info, pages, extracted, cfg)
    pdf_class = _effective_class(info, pages)
    log.info("converting %s pages %d-%d as %s", src.name, pages.first, pages.last, pdf_class)
    if pdf_class is PdfClass.BORN_DIGITAL:
        return _born_digital(extracted, workdir, cfg, limits)
    if pdf_class is PdfClass.MIXED:
        with_text = tuple(p - pages.first + 1 for p in info.pages_with_text if p in _span(pages))
        return _mixed(extracted, with_text, workdir, cfg, limits)
    try:
        run = run_ocrmypdf(
            extracted, workdir / "output.pdf", ["--tagged-pdf-mode", "ignore"], cfg, limits
        )
    except OcrError as e:
        if not str(e).startswith("ocrmypdf exited with 6:"):
            raise
        log.warning("%s has a little text after all; OCRing with --skip-text", src.name)
        return _mixed(extracted, (), workdir, cfg, limits)
    _require_pdfa(run.output)
    return ConversionResult(
        pdf_path=str(run.output), page_texts=run.sidecar_pages, route="ocr", pdfa="2B"
    )


def _span(pages: PageRange) -> range:
    return range(pages.first, pages.last + 1)


def _effective_class(info: InputInfo, pages: PageRange) -> PdfClass:
    """The class of the page range (a range of a MIXED scan may be all text or none)."""
    if info.kind is not FileKind.PDF or info.pdf_class is PdfClass.IMAGE:
        return PdfClass.IMAGE
    with_text = [p for p in info.pages_with_text if p in _span(pages)]
    if len(with_text) == pages.count:
        return PdfClass.BORN_DIGITAL
    return PdfClass.MIXED if with_text else PdfClass.IMAGE_ONLY


# --- routes -------------------------------------------------------------------


def _keep_original(src: Path, info: InputInfo, pages: PageRange, workdir: Path) -> ConversionResult:
    if pages.first != 1 or pages.last != info.page_count:
        raise IngestError(f"{info.pdf_class} documents are kept whole; got pages {pages}")
    out = workdir / "original.pdf"
    shutil.copyfile(src, out)
    return ConversionResult(
        pdf_path=str(out),
        page_texts=page_texts(out),
        route="original_bytes",
        pdfa=None,
        attachments=embedded_files(out),
        warnings=(f"{info.pdf_class} document kept byte for byte (not PDF/A-2b)",),
    )


def _born_digital(
    src_pdf: Path, workdir: Path, cfg: OcrConfig, limits: LimitsConfig
) -> ConversionResult:
    out = workdir / "output.pdf"
    try:
        notes = make_pdfa_direct(src_pdf, out)
        return ConversionResult(
            pdf_path=str(out),
            page_texts=page_texts(out),
            route="born_digital_pdfa",
            pdfa="2B",
            warnings=notes,
        )
    except DirectPdfaRefused as e:
        reason = str(e)
    log.warning("direct PDF/A refused for %s (%s); rasterising and OCRing", src_pdf, reason)
    run = run_ocrmypdf(src_pdf, out, ["--force-ocr"], cfg, limits)
    _require_pdfa(run.output)
    return ConversionResult(
        pdf_path=str(run.output),
        page_texts=run.sidecar_pages,
        route="born_digital_rasterised",
        pdfa="2B",
        warnings=(f"original text layer replaced by OCR: direct PDF/A refused ({reason})",),
    )


def _mixed(
    src_pdf: Path,
    with_text: tuple[int, ...],
    workdir: Path,
    cfg: OcrConfig,
    limits: LimitsConfig,
) -> ConversionResult:
    args = ["--skip-text", "--pdfa-backend", "internal"]
    try:
        run = run_ocrmypdf(src_pdf, workdir / "output.pdf", args, cfg, limits)
        _require_pdfa(run.output)
        route, out, warnings = "ocr_skip_text", run.output, tuple[str, ...]()
    except OcrError as e:
        if e.code is not ReasonCode.PDFA_FAILED:
            raise
        log.warning("internal PDF/A backend failed for %s; using the direct route", src_pdf)
        run = run_ocrmypdf(
            src_pdf, workdir / "ocred.pdf", ["--skip-text"], cfg, limits, output_type="pdf"
        )
        out = workdir / "output.pdf"
        try:
            warnings = make_pdfa_direct(run.output, out)
        except DirectPdfaRefused as refused:
            raise OcrError(str(refused), code=ReasonCode.PDFA_FAILED) from refused
        route = "ocr_skip_text_pdfa"
    layer = page_texts(out)
    texts = tuple(
        layer[i] if i + 1 in with_text else run.sidecar_pages[i] for i in range(len(layer))
    )
    return ConversionResult(
        pdf_path=str(out), page_texts=texts, route=route, pdfa="2B", warnings=warnings
    )


def _require_pdfa(path: Path) -> None:
    try:
        with pikepdf.open(path) as pdf:
            status = pdf.open_metadata().pdfa_status
    except pikepdf.PikepdfError as e:
        raise OcrError(f"OCR output unreadable: {e}", code=ReasonCode.PDFA_FAILED) from e
    if status != "2B":
        raise OcrError(f"OCR output claims PDF/A {status!r}, not 2B", code=ReasonCode.PDFA_FAILED)


# --- page extraction ------------------------------------------------------------


def _extract_pages(src: Path, info: InputInfo, pages: PageRange, dst: Path, cfg: OcrConfig) -> None:
    """Write pages ``pages`` of ``src`` as a PDF ``dst`` (images: with the DPI policy)."""
    try:
        if info.kind is FileKind.PDF:
            _extract_pdf_pages(src, pages, dst)
        else:
            dpi = info.dpi or (float(cfg.default_image_dpi), float(cfg.default_image_dpi))
            _images_to_pdf(src, pages, dst, dpi)
    except (pikepdf.PikepdfError, OSError, ValueError, img2pdf.ImageOpenError) as e:
        raise InputRejectedError(
            f"cannot extract pages {pages.first}-{pages.last} of {src.name}: {e}",
            code=ReasonCode.CORRUPT_FILE,
        ) from e


def _extract_pdf_pages(src: Path, pages: PageRange, dst: Path) -> None:
    with pikepdf.open(src) as pdf:
        for index in reversed(range(len(pdf.pages))):
            if index + 1 not in _span(pages):
                del pdf.pages[index]
        pdf.remove_unreferenced_resources()
        pdf.save(dst)  # also drops owner-password encryption


def _images_to_pdf(src: Path, pages: PageRange, dst: Path, dpi: tuple[float, float]) -> None:
    frames: list[bytes] = []
    with Image.open(src) as im:
        for index in range(pages.first - 1, pages.last):
            im.seek(index)
            frame = im.copy()
            if frame.mode not in ("1", "L", "RGB", "CMYK"):
                frame = frame.convert("RGB")
            buf = _png_bytes(frame)
            frames.append(buf)
    layout = img2pdf.get_fixed_dpi_layout_fun(dpi)
    dst.write_bytes(img2pdf.convert(frames, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid))


def _png_bytes(frame: Image.Image) -> bytes:
    from io import BytesIO

    buf = BytesIO()
    frame.save(buf, format="PNG")
    return buf.getvalue()


# --- the OCRmyPDF child process ---------------------------------------------------


def ocrmypdf_command(
    src: Path,
    dst: Path,
    sidecar: Path,
    extra: list[str],
    cfg: OcrConfig,
    limits: LimitsConfig,
    output_type: str = "pdfa-2",
) -> list[str]:
    """The OCRmyPDF command line for one document (pure; unit-testable)."""
    cmd = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "--output-type",
        output_type,
        "-l",
        "+".join(cfg.languages),
        "-O",
        str(cfg.optimize),
        "--jobs",
        str(cfg.jobs_per_document),
        "--max-image-mpixels",
        str(limits.max_image_mpixels),
        "--image-dpi",
        str(cfg.default_image_dpi),
        "--sidecar",
        str(sidecar),
    ]
    if cfg.rotate_pages:
        cmd += ["--rotate-pages", "--rotate-pages-threshold", str(cfg.rotate_pages_threshold)]
    if cfg.deskew and "--skip-text" not in extra:
        cmd.append("--deskew")
    if cfg.clean:
        cmd.append("--clean")
    if cfg.remove_lines or cfg.whiten_background:
        cmd += ["--plugin", str(UNLINE_PLUGIN)]
        if not cfg.remove_lines:
            cmd.append("--scanstation-keep-lines")
        if cfg.whiten_background:
            cmd.append("--scanstation-whiten")
    if cfg.skip_big_mpixels > 0:
        cmd += ["--skip-big", str(cfg.skip_big_mpixels)]
    return [*cmd, *extra, str(src), str(dst)]


def run_ocrmypdf(
    src: Path,
    dst: Path,
    extra: list[str],
    cfg: OcrConfig,
    limits: LimitsConfig,
    output_type: str = "pdfa-2",
) -> OcrRun:
    """Run OCRmyPDF on ``src`` under the timeout and memory limit; raise on failure."""
    sidecar = dst.with_suffix(".txt")
    log_path = dst.with_suffix(".log")
    cmd = ocrmypdf_command(src, dst, sidecar, extra, cfg, limits, output_type)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    log.debug("running %s", cmd)
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            cmd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            returncode = _watch(proc, cfg)
        finally:
            _kill_group(proc)
    tail = log_path.read_text(errors="replace")[-4000:]
    if returncode != 0:
        raise _error_for_exit(returncode, tail)
    pages = _sidecar_pages(sidecar)
    return OcrRun(output=dst, sidecar_pages=pages, log_tail=tail)


def _watch(proc: subprocess.Popen[bytes], cfg: OcrConfig) -> int:
    deadline = time.monotonic() + cfg.timeout_seconds
    limit = cfg.memory_limit_mb * 1024 * 1024
    while True:
        try:
            return proc.wait(timeout=WATCH_INTERVAL_S)
        except subprocess.TimeoutExpired:
            pass
        if time.monotonic() > deadline:
            _kill_group(proc)
            raise OcrError(f"OCR exceeded {cfg.timeout_seconds} s", code=ReasonCode.OCR_TIMEOUT)
        rss = _tree_rss(proc.pid)
        if rss > limit:
            _kill_group(proc)
            raise OcrError(
                f"OCR used {rss // 2**20} MiB > {cfg.memory_limit_mb} MiB",
                code=ReasonCode.OCR_OUT_OF_MEMORY,
            )


def _tree_rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        log.error("OCR process %d did not exit after SIGKILL", proc.pid)


def _sidecar_pages(sidecar: Path) -> tuple[str, ...]:
    try:
        text = sidecar.read_text(encoding="utf-8")
    except OSError as e:
        raise OcrError(f"OCR sidecar missing: {e}") from e
    parts = text.split("\f")
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    pages: list[str] = []
    for part in parts:
        # OCRmyPDF writes one marker for a run of skipped pages ("1-2"); one entry per page
        skipped = _SKIPPED.fullmatch(part.strip())
        if skipped:
            first, last = int(skipped[1]), int(skipped[2] or skipped[1])
            pages += [""] * (last - first + 1)
        else:
            pages.append(part)
    return tuple(pages)


_EXIT_CODES: dict[int, tuple[type[IngestError], ReasonCode]] = {
    1: (OcrError, ReasonCode.INTERNAL_ERROR),  # bad arguments
    2: (InputRejectedError, ReasonCode.CORRUPT_FILE),  # input file error
    3: (OcrError, ReasonCode.INTERNAL_ERROR),  # missing dependency
    4: (OcrError, ReasonCode.OCR_FAILED),  # invalid output PDF
    5: (OcrError, ReasonCode.INTERNAL_ERROR),  # file access error
    6: (OcrError, ReasonCode.OCR_FAILED),  # prior OCR found (route chosen wrongly)
    7: (OcrError, ReasonCode.OCR_FAILED),  # child process (Tesseract/Ghostscript) failed
    8: (InputRejectedError, ReasonCode.ENCRYPTED_PDF),
    9: (OcrError, ReasonCode.INTERNAL_ERROR),  # invalid config
    10: (OcrError, ReasonCode.PDFA_FAILED),
    15: (OcrError, ReasonCode.OCR_FAILED),  # other error
}


def _error_for_exit(returncode: int, tail: str) -> IngestError:
    cls, code = _EXIT_CODES.get(returncode, (OcrError, ReasonCode.OCR_FAILED))
    if "DecompressionBomb" in tail or "Image too large" in tail:
        cls, code = InputRejectedError, ReasonCode.IMAGE_TOO_LARGE
    elif returncode == 2 and ("XFA" in tail or "signature" in tail):
        code = ReasonCode.UNSUPPORTED_PDF
    last = tail.strip().splitlines()[-1] if tail.strip() else ""
    return cls(f"ocrmypdf exited with {returncode}: {last}", code=code)
