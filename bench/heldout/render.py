"""Render the held-out letters as scanned, image-only PDFs.

    .venv/bin/python bench/heldout/render.py OUTDIR [--part test|feedback|all]
                                             [--limit N] [--ids H001,H002] [--png]

For every letter in bench/heldout/letters.jsonl this writes OUTDIR/<id>.pdf and
one line in OUTDIR/labels.jsonl (the letter's record without "text", plus
"file"). Pipeline per letter:

1. reportlab lays the text out as a DIN 5008-like page: letterhead (and a
   return line if the letter has one), address window, information block /
   date line on the right, bold subject, body, signature scribble; e-mail
   printouts, forms and handwritten-style notes get their own layouts. Long
   letters flow onto further pages.
2. pypdfium2 rasterises each page at 300 dpi (grayscale).
3. The raster is degraded like an office scan: uneven paper brightness, grey
   ink, slight blur, rotation within +-0.7 degrees, small offset, noise and
   speckles, sometimes a scanner-lid shadow; then either kept as grayscale
   JPEG or thresholded to 1 bit.
4. img2pdf wraps the page images into a PDF at 300 dpi (no text layer).

Everything random is seeded from the letter id, so output is deterministic.
--png additionally writes OUTDIR/png/<id>-p<n>.png for inspection.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
LETTERS = HERE / "letters.jsonl"
DPI = 300
PAGE_W, PAGE_H = A4
MM = 72 / 25.4

# ---------------------------------------------------------------- fonts ----

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_TTF = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic": "DejaVuSerif-Italic.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold": "DejaVuSansMono-Bold.ttf",
}
_registered: set[str] = set()


def _register_ttf() -> None:
    for name, fn in _TTF.items():
        if name not in _registered and (FONT_DIR / fn).exists():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / fn)))
            _registered.add(name)


# family -> (regular, bold, italic, monospace companion)
FAMILIES = {
    "helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Courier"),
    "times": ("Times-Roman", "Times-Bold", "Times-Italic", "Courier"),
    "courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier"),
    "dejavusans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansMono"),
    "dejavuserif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSansMono"),
}
# The 14 standard PDF fonts only cover WinAnsi (cp1252); letters with other
# characters (e.g. "ć", "ı", "ń") switch to the matching DejaVu family.
TTF_FALLBACK = {"helvetica": "dejavusans", "times": "dejavuserif", "courier": "dejavumono"}
FAMILIES["dejavumono"] = (
    "DejaVuSansMono",
    "DejaVuSansMono-Bold",
    "DejaVuSansMono",
    "DejaVuSansMono",
)


def winansi_ok(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


# ------------------------------------------------------------- patterns ----

MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
DATE_RE = re.compile(
    rf"\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?(\d{{4}}|\d{{2}})\b|\b\d{{1,2}}\.\s*({MONTHS}|Jan\.|Febr?\.|Mrz\.)\s*\d{{4}}"
)
RECIP_RE = re.compile(
    r"^(Stadt Okerstedt|Stadtverwaltung|An die |An das |An den |An$|An die Stadt|Gesundheitsamt|"
    r"Jugendamt Okerstedt|VERTRAULICH|Stadtkasse)"
)
LABEL_RE = re.compile(r"^[^:]{2,45}:\s+\S")
CLOSING_RE = re.compile(
    r"^(Mit freundlichen Grüßen|Mit freundlichem Gruß|Freundliche Grüße|Hochachtungsvoll|"
    r"Viele Grüße|Mit sportlichen Grüßen|Mit herzlichen Grüßen|Mit heimatlichen Grüßen|"
    r"Mit kollegialen Grüßen|Grazie und freundliche Grüße|Danke und viele Grüße|Vielen Dank|"
    r"Danke|Gruß|Mit freundlichem Gruß|Liebe Grüße|Danke & Gruß|Danke!!|MfG)\b"
)
EMAIL_HDR = ("Von:", "From:", "Gesendet:", "An:", "Cc:", "Betreff:")
COMPANY_HINT = re.compile(
    r"GmbH|AG\b|e\.V\.|eG\b|KG\b|Kanzlei|Rechtsanw|Notar|Amt|Landkreis|Gemeinde|Finanzamt|Jobcenter|"
    r"Polizei|Gericht|Versicherung|Krankenkasse|AOK|Rentenversicherung|Schule|Gymnasium|Labor|Praxis|"
    r"Verband|Verein|Hochschule|Stadtwerke|Sparkasse|Steuer|Ingenieur|Architekt|Prüfingenieur|"
    r"Projektträger|TÜV|Seniorenresidenz|Kirchengemeinde|Betreuungsbüro|Hausverwaltung|NABU|ADFC|"
    r"Landesforsten|Landesbetrieb|Landwirtschaftskammer|Samtgemeinde|Kinderhaus|Jugend|Verlag|"
    r"Bürgerinitiative|Flüchtlingshilfe|Freifunk|Telekom|STRABAG|Post|DRK|Sozialverband|Gutachter|"
    r"Sachverständig|Club|Casino|Gaststätte|Ristorante|Café|Fahrschule|Steinmetz|Dachdeckerei|"
    r"Elektro|Wärmetechnik|Baumpflege|Sicherheitstechnik|Umzüge|Lichtwerbung|Okerland|Hof ",
)


def is_date_line(line: str) -> bool:
    """A stand-alone date line such as "Okerstedt, den 3.3.25".

    Not a subject that contains a date.
    """
    s = line.strip()
    m = DATE_RE.search(s)
    if not m or len(s) > 48 or s.startswith(("Datum:", "Gesendet:")):
        return False
    rest = (s[: m.start()] + s[m.end() :]).strip(" ,.")
    return len(rest.split()) <= 3


def is_label_line(line: str) -> bool:
    s = line.strip()
    return bool(LABEL_RE.match(s)) and len(s) <= 60 and not s.startswith(EMAIL_HDR)


def is_table_line(line: str) -> bool:
    return "   " in line.strip() or "\t" in line


# --------------------------------------------------------------- layout ----


@dataclass
class Op:
    page: int
    kind: str  # text | rule | scribble | hline
    x: float
    y: float
    text: str = ""
    font: str = "Helvetica"
    size: float = 10
    align: str = "left"
    gray: float = 0.0
    w: float = 0.0
    seed: int = 0
    underline: bool = False


@dataclass
class Style:
    family: str
    body_size: float
    leading: float
    left: float
    right: float
    top: float
    bottom: float
    ink: float
    letterhead: str  # company-left | company-center | company-right | citizen-left | citizen-right
    date_align: str  # right | info
    rule_under_head: bool
    ruled_paper: bool = False

    @property
    def fonts(self):
        return FAMILIES[self.family]


def seed_for(letter_id: str, salt: str = "") -> int:
    return int(hashlib.sha256((letter_id + salt).encode()).hexdigest()[:16], 16)


def choose_style(rec: dict, rng: random.Random, kind: str) -> Style:
    fam = rng.choices(
        ["helvetica", "times", "courier", "dejavusans", "dejavuserif"], weights=[35, 25, 10, 18, 12]
    )[0]
    if kind == "note":
        fam = rng.choice(["dejavusans-note", "times-note"])
    if fam in ("helvetica", "times", "courier") and not winansi_ok(rec["text"]):
        fam = TTF_FALLBACK[fam]
    if fam == "dejavusans-note":
        fam = "dejavusans"
    if fam == "times-note":
        fam = "times" if winansi_ok(rec["text"]) else "dejavuserif"
    size = rng.uniform(10.2, 11.6)
    if fam in ("courier", "dejavumono"):
        size = rng.uniform(9.6, 10.6)
    if kind == "note":
        size = rng.uniform(12.5, 14.0)
    company = bool(COMPANY_HINT.search(rec["sender"] or "")) or bool(
        COMPANY_HINT.search(rec["text"].split("\n", 1)[0])
    )
    if company:
        head = rng.choice(["company-left", "company-left", "company-center", "company-right"])
    else:
        head = rng.choice(["citizen-left", "citizen-left", "citizen-right"])
    return Style(
        family=fam,
        body_size=size,
        leading=size * rng.uniform(1.22, 1.38) * (1.12 if kind == "note" else 1.0),
        left=rng.uniform(22, 26) * MM,
        right=PAGE_W - rng.uniform(18, 22) * MM,
        top=PAGE_H - rng.uniform(14, 20) * MM,
        bottom=rng.uniform(20, 26) * MM,
        ink=rng.uniform(0.0, 0.12),
        letterhead=head,
        date_align=rng.choice(["right", "right", "info"]),
        rule_under_head=company and rng.random() < 0.55,
        ruled_paper=kind == "note" and rng.random() < 0.5,
    )


def split_blocks(text: str) -> list[list[str]]:
    blocks, cur = [], []
    for line in text.rstrip("\n").split("\n"):
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return [text]
    indent = len(text) - len(text.lstrip(" "))
    words = text.strip().split(" ")
    lines, cur = [], " " * indent
    for w in words:
        cand = (cur + " " + w) if cur.strip() else (cur + w)
        if pdfmetrics.stringWidth(cand, font, size) <= width:
            cur = cand
            continue
        if cur.strip():
            lines.append(cur)
        cur = " " * indent + w
        while pdfmetrics.stringWidth(cur, font, size) > width:  # very long token
            cut = len(cur) - 1
            while cut > 1 and pdfmetrics.stringWidth(cur[:cut], font, size) > width:
                cut -= 1
            lines.append(cur[:cut])
            cur = cur[cut:]
    if cur.strip():
        lines.append(cur)
    return lines


class Layout:
    def __init__(self, rec: dict, rng: random.Random):
        self.rec = rec
        self.rng = rng
        self.blocks = split_blocks(rec["text"])
        self.kind = self.detect_kind()
        self.st = choose_style(rec, rng, self.kind)
        self.ops: list[Op] = []
        self.page = 0
        self.y = self.st.top
        self.subject = rec.get("subject")

    # -- classification
    def recipient_index(self) -> int | None:
        for i, b in enumerate(self.blocks[:5]):
            if len(b) <= 8 and any(
                RECIP_RE.match(line.strip()) and len(line.strip()) <= 55 for line in b
            ):
                return i
        return None

    def detect_kind(self) -> str:
        first = self.blocks[0][0].strip() if self.blocks else ""
        if first.startswith(("Von:", "From:")):
            return "email"
        ri = self.recipient_index()
        if ri is not None and not (ri == 0 and len(self.blocks[0]) == 1):
            return "din"
        labels = sum(
            is_label_line(line) or line.strip().startswith("[") for b in self.blocks for line in b
        )
        return "form" if labels >= 4 else "note"

    # -- primitives
    def text(self, x, y, s, font=None, size=None, align="left", gray=None, underline=False):
        self.ops.append(
            Op(
                self.page,
                "text",
                x,
                y,
                s,
                font or self.st.fonts[0],
                size or self.st.body_size,
                align,
                self.st.ink if gray is None else gray,
                underline=underline,
            )
        )

    def newpage(self):
        self.page += 1
        self.y = PAGE_H - self.rng.uniform(18, 24) * MM
        if self.kind == "note":
            self.y = PAGE_H - 30 * MM - 1 + self.st.leading
            if self.st.ruled_paper:
                self.rule_paper()

    def need(self, h):
        if self.y - h < self.st.bottom:
            self.newpage()

    def rule_paper(self):
        y = PAGE_H - 30 * MM
        while y > 15 * MM:
            self.ops.append(Op(self.page, "hline", 12 * MM, y - 2.5, w=PAGE_W - 24 * MM, gray=0.78))
            y -= self.st.leading

    def flow_line(self, s, font=None, size=None, x=None, width=None, jitter=0.0, bold=False):
        st = self.st
        font = font or (st.fonts[1] if bold else st.fonts[0])
        size = size or st.body_size
        x = st.left if x is None else x
        width = (st.right - x) if width is None else width
        lead = st.leading * size / st.body_size
        for part in wrap(s, font, size, width):
            self.need(lead)
            self.y -= lead
            self.text(
                x + (self.rng.uniform(-jitter, jitter) if jitter else 0), self.y, part, font, size
            )

    def flow_table_line(self, s):
        st = self.st
        mono = st.fonts[3]
        size = st.body_size * 0.88
        width = st.right - st.left
        while pdfmetrics.stringWidth(s, mono, size) > width and size > 6.2:
            size -= 0.2
        if pdfmetrics.stringWidth(s, mono, size) > width:
            self.flow_line(s, font=mono, size=size)
            return
        lead = st.leading * size / st.body_size
        self.need(lead)
        self.y -= lead
        self.text(st.left, self.y, s, mono, size)

    def signature(self):
        h = self.rng.uniform(11, 16) * MM
        self.need(h)
        self.ops.append(
            Op(
                self.page,
                "scribble",
                self.st.left + self.rng.uniform(0, 12) * MM,
                self.y - h * 0.75,
                w=self.rng.uniform(30, 48) * MM,
                seed=self.rng.randrange(1 << 30),
                gray=self.rng.uniform(0.05, 0.3),
            )
        )
        self.y -= h

    # -- body
    def subject_lines(self, blocks) -> set[tuple[int, int]]:
        """(block, line) positions to print bold: the subject line and, as DIN 5008
        does, the reference lines following it in a short subject block."""
        subj = (self.subject or "").strip()
        if not subj:
            return set()
        for bi, b in enumerate(blocks):
            for li, line in enumerate(b):
                s = line.strip()
                if s == subj or (s.startswith("Betr") and s.endswith(subj)):
                    if len(b) <= 4:
                        return {(bi, k) for k in range(li, len(b))}
                    return {(bi, li)}
        return set()

    def body(self, blocks, bold_lines=frozenset(), sign=True, jitter=0.0, form=False):
        st = self.st
        for bi, b in enumerate(blocks):
            if bi:
                self.y -= st.leading * 0.75
            if (bi, 0) in bold_lines:
                self.y -= st.leading * 0.3
            for li, line in enumerate(b):
                s = line.rstrip()
                is_subject = (bi, li) in bold_lines
                if form and is_label_line(s) and not is_subject:
                    self.form_field(s)
                elif is_table_line(s) and not is_subject:
                    self.flow_table_line(s)
                else:
                    self.flow_line(s, bold=is_subject, jitter=jitter)
                if sign and CLOSING_RE.match(s.strip()) and self.kind != "email":
                    self.signature()
                    sign = False

    def form_field(self, s):
        st = self.st
        label, _, value = s.partition(":")
        lf = st.fonts[0]
        vf = "Courier" if winansi_ok(value) else "DejaVuSansMono"
        lab = label + ":"
        lw = max(pdfmetrics.stringWidth(lab, lf, st.body_size * 0.9) + 4, 48 * MM)
        vx = st.left + lw
        vwidth = st.right - vx
        vsize = st.body_size
        vlines = wrap(value.strip(), vf, vsize, vwidth) or [""]
        for i, v in enumerate(vlines):
            self.need(st.leading)
            self.y -= st.leading
            if i == 0:
                self.text(st.left, self.y, lab, lf, st.body_size * 0.9)
            self.text(vx, self.y, v, vf, vsize)
            self.ops.append(Op(self.page, "hline", vx, self.y - 2.5, w=vwidth, gray=0.55))

    # -- kinds
    def build(self) -> list[Op]:
        getattr(self, "build_" + self.kind)()
        return self.ops

    def letterhead(self, blocks):
        st, rng = self.st, self.rng
        if not blocks:
            return
        lines = [line.strip() for b in blocks for line in b]
        y = st.top
        width = st.right - st.left
        if st.letterhead.startswith("company"):
            align = st.letterhead.split("-")[1]
            first_size = rng.uniform(13.5, 16.5)
            for i, line in enumerate(lines):
                font = st.fonts[1] if i == 0 else st.fonts[0]
                size = first_size if i == 0 else rng.choice([8.2, 8.6, 9.0])
                while pdfmetrics.stringWidth(line, font, size) > width and size > 6:
                    size -= 0.3
                y -= size * 1.25
                x = {"left": st.left, "center": (st.left + st.right) / 2, "right": st.right}[align]
                self.text(x, y, line, font, size, align)
            if st.rule_under_head:
                y -= 2.5 * MM
                self.ops.append(Op(self.page, "hline", st.left, y, w=width, gray=0.2))
        else:
            align = "right" if st.letterhead == "citizen-right" else "left"
            size = st.body_size * rng.uniform(0.92, 1.0)
            for line in lines:
                y -= size * 1.25
                self.text(
                    st.right if align == "right" else st.left, y, line, st.fonts[0], size, align
                )
        self.y = min(self.y, y)

    def build_din(self):
        st, rng = self.st, self.rng
        ri = self.recipient_index()
        head, recip, rest = self.blocks[:ri], self.blocks[ri], self.blocks[ri + 1 :]
        return_line, date_line, head_blocks = None, None, []
        for i, b in enumerate(head):
            if len(b) == 1 and " · " in b[0] and (i > 0 or rng.random() < 0.5):
                return_line = b[0].strip()
            elif len(b) == 1 and is_date_line(b[0]) and i > 0:
                date_line = b[0].strip()
            else:
                head_blocks.append(b)
        self.y = st.top
        self.letterhead(head_blocks)
        # address window: DIN 5008 form B (45 mm from top, 85 x 45 mm); private
        # letters with the sender block on the right sometimes use form A (27 mm)
        form_a = st.letterhead == "citizen-right" and rng.random() < 0.6
        win_top = PAGE_H - (27 if form_a else 45) * MM
        win_x = st.left
        y = win_top - 4 * MM
        if return_line:
            size = 6.8
            while pdfmetrics.stringWidth(return_line, st.fonts[0], size) > 85 * MM and size > 5:
                size -= 0.2
            self.text(win_x, y, return_line, st.fonts[0], size, underline=True)
            y -= 3 * MM
        y -= 4 * MM
        rsize = min(st.body_size, 11)
        rlead = rsize * (1.2 if len(recip) <= 6 else 1.08)
        for line in recip:
            self.text(win_x, y, line.strip(), st.fonts[0], rsize)
            y -= rlead
        win_bottom = min(y, PAGE_H - (72 if form_a else 90) * MM)
        # information block to the right, date line
        info_lines: list[str] = []
        k = 0
        while k < len(rest) and len(rest[k]) <= 8:
            b = rest[k]
            if self.subject_lines([b]):
                break
            if all(is_label_line(line) or is_date_line(line) for line in b) and all(
                len(line) <= 48 for line in b
            ):
                info_lines += [line.strip() for line in b]
                k += 1
            else:
                break
        rest = rest[k:]
        if (
            date_line is None
            and rest
            and len(rest[0]) == 1
            and is_date_line(rest[0][0])
            and not self.subject_lines([rest[0]])
        ):
            date_line = rest[0][0].strip()
            rest = rest[1:]
        iy = min(win_top, self.y - 3 * MM) if form_a else win_top - 1 * MM
        ix = 125 * MM
        isize = st.body_size * 0.86
        if date_line and st.date_align == "info":
            info_lines.append(date_line)
            date_line = None
        for line in info_lines:
            size = isize
            while pdfmetrics.stringWidth(line, st.fonts[0], size) > st.right - ix and size > 6:
                size -= 0.2
            iy -= isize * 1.35
            self.text(ix, iy, line, st.fonts[0], size)
        body_top = min(win_bottom, iy) - 6 * MM
        if date_line:
            dy = min(body_top, PAGE_H - (74 if form_a else 92) * MM)
            self.text(st.right, dy, date_line, st.fonts[0], st.body_size, "right")
            body_top = dy - 6 * MM
        self.y = min(body_top, PAGE_H - (80 if form_a else 98) * MM)
        self.body(rest, bold_lines=self.subject_lines(rest))

    def build_email(self):
        st = self.st
        hdr, rest = self.blocks[0], self.blocks[1:]
        font, bold = "Helvetica", "Helvetica-Bold"
        if not winansi_ok("\n".join(hdr)):
            font, bold = "DejaVuSans", "DejaVuSans-Bold"
        self.y = st.top - 4 * MM
        self.ops.append(Op(0, "hline", st.left, self.y, w=st.right - st.left, gray=0.0))
        self.y -= 2 * MM
        for line in hdr:
            lab, _, val = line.partition(":")
            lw = 26 * MM
            for j, part in enumerate(wrap(val.strip(), font, 9.5, st.right - st.left - lw)):
                self.y -= 12.5
                if j == 0:
                    self.text(st.left, self.y, lab + ":", bold, 9.5)
                self.text(st.left + lw, self.y, part, font, 9.5)
        self.y -= 3 * MM
        self.ops.append(Op(0, "hline", st.left, self.y, w=st.right - st.left, gray=0.5))
        self.y -= 4 * MM
        self.body(rest, sign=False)
        # print footer like a browser/mail client
        self.ops.append(Op(0, "text", st.left, 10 * MM, "Seite 1", font, 7.5, gray=0.3))

    def build_form(self):
        st = self.st
        title, rest = self.blocks[0], self.blocks[1:]
        self.y = st.top - 6 * MM
        for i, line in enumerate(title):
            size = st.body_size * (1.35 if i == 0 else 1.0)
            font = st.fonts[1]
            for part in wrap(line.strip(), font, size, st.right - st.left):
                self.y -= size * 1.3
                self.text(st.left, self.y, part, font, size)
        self.y -= 3 * MM
        self.ops.append(Op(0, "hline", st.left, self.y, w=st.right - st.left, gray=0.1))
        self.y -= 2 * MM
        self.body(rest, sign=False, form=True)

    def build_note(self):
        st = self.st
        st.left = self.rng.uniform(18, 24) * MM
        st.right = PAGE_W - self.rng.uniform(18, 26) * MM
        self.y = PAGE_H - 30 * MM - 1 + st.leading  # baselines sit just above the ruled lines
        if st.ruled_paper:
            self.rule_paper()
        font = st.fonts[2]
        for bi, b in enumerate(self.blocks):
            if bi:
                self.y -= st.leading
            for line in b:
                self.flow_line(line.strip(), font=font, jitter=1.2 * MM)


# --------------------------------------------------------------- drawing ----


def draw_pdf(ops: list[Op]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    npages = max(op.page for op in ops) + 1 if ops else 1
    for p in range(npages):
        for op in (o for o in ops if o.page == p):
            c.setFillGray(op.gray)
            c.setStrokeGray(op.gray)
            if op.kind == "text":
                c.setFont(op.font, op.size)
                if op.align == "right":
                    c.drawRightString(op.x, op.y, op.text)
                elif op.align == "center":
                    c.drawCentredString(op.x, op.y, op.text)
                else:
                    c.drawString(op.x, op.y, op.text)
                if op.underline:
                    w = pdfmetrics.stringWidth(op.text, op.font, op.size)
                    c.setLineWidth(0.4)
                    c.line(op.x, op.y - 1.2, op.x + w, op.y - 1.2)
            elif op.kind == "hline":
                c.setLineWidth(0.5)
                c.line(op.x, op.y, op.x + op.w, op.y)
            elif op.kind == "scribble":
                draw_scribble(c, op)
        c.showPage()
    c.save()
    return buf.getvalue()


def draw_scribble(c: canvas.Canvas, op: Op) -> None:
    r = random.Random(op.seed)
    c.setLineWidth(r.uniform(0.7, 1.2))
    c.setLineCap(1)
    x, y = op.x, op.y
    h = r.uniform(6, 11) * MM
    p = c.beginPath()
    p.moveTo(x, y + r.uniform(0, h * 0.5))
    n = r.randint(5, 9)
    for i in range(n):
        nx = op.x + op.w * (i + 1) / n
        p.curveTo(
            x + r.uniform(-4, 10),
            y + r.uniform(0, h),
            nx - r.uniform(0, 10),
            y + r.uniform(-h * 0.2, h),
            nx,
            y + r.uniform(0, h * 0.6),
        )
        x = nx
    c.drawPath(p, stroke=1, fill=0)
    if r.random() < 0.6:  # underline flourish
        c.line(
            op.x + r.uniform(0, 8),
            y - r.uniform(1, 3),
            op.x + op.w * r.uniform(0.6, 1.0),
            y - r.uniform(0, 4),
        )


# --------------------------------------------------------------- scanning ----


def degrade(
    img: Image.Image, rng: random.Random, nprng: np.random.Generator, bitonal: bool
) -> Image.Image:
    """Make a clean grayscale page raster look like an office scan."""
    a = np.asarray(img, dtype=np.float32) / 255.0  # 1 = paper, 0 = ink
    h, w = a.shape
    # ink is never pure black, paper never pure white
    ink_level = rng.uniform(0.06, 0.2)
    paper = rng.uniform(0.90, 0.985)
    # uneven brightness: linear gradient in a random direction + low-frequency blotches
    ang = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grad = np.cos(ang) * xx / w + np.sin(ang) * yy / h
    grad = (grad - grad.min()) / max(float(np.ptp(grad)), 1e-6)
    amp = rng.uniform(0.03, 0.09)
    low = nprng.normal(0, 1, (h // 120 + 2, w // 120 + 2)).astype(np.float32)
    low_img = Image.fromarray(
        ((low - low.min()) / max(float(np.ptp(low)), 1e-6) * 255).astype(np.uint8)
    )
    low_img = low_img.resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(40))
    blot = np.asarray(low_img, dtype=np.float32) / 255.0
    field = paper - amp * grad - rng.uniform(0.01, 0.04) * blot
    out = ink_level + (field - ink_level) * a
    # optional scanner-lid shadow along one edge
    if rng.random() < 0.3:
        edge = rng.choice(["left", "right", "top", "bottom"])
        width = rng.randint(8, 40)
        ramp = np.linspace(0.35, 1.0, width, dtype=np.float32)
        if edge == "left":
            out[:, :width] *= ramp[None, :]
        elif edge == "right":
            out[:, -width:] *= ramp[::-1][None, :]
        elif edge == "top":
            out[:width, :] *= ramp[:, None]
        else:
            out[-width:, :] *= ramp[::-1][:, None]
    img = Image.fromarray(np.clip(out * 255, 0, 255).astype(np.uint8), "L")
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.45, 0.95)))
    # rotation and small offset; fill with paper tone
    fill = int(paper * 255)
    angle = rng.uniform(-0.7, 0.7)
    img = img.rotate(
        angle,
        resample=Image.BICUBIC,
        expand=False,
        fillcolor=fill,
        translate=(rng.randint(-18, 18), rng.randint(-14, 14)),
    )
    a = np.asarray(img, dtype=np.float32)
    sigma = rng.uniform(2.0, 6.0)
    if bitonal:  # scanners threshold the smooth signal; noise shows up only at edges
        sigma = rng.uniform(6.0, 14.0)
        a = np.where(a > rng.randint(125, 160), 255.0, 0.0).astype(np.float32)
        a = np.asarray(
            Image.fromarray(a.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8)), np.float32
        )
    a += nprng.normal(0, sigma, a.shape).astype(np.float32)
    # speckles: dust and toner dots
    n = rng.randint(40, 450)
    ys = nprng.integers(0, h, n)
    xs = nprng.integers(0, w, n)
    rs = nprng.integers(1, 4, n)
    vals = nprng.uniform(20, 150, n)
    for y0, x0, r0, v in zip(ys, xs, rs, vals, strict=True):
        a[max(0, y0 - r0 // 2) : y0 + r0 // 2 + 1, max(0, x0 - r0 // 2) : x0 + r0 // 2 + 1] = v
    a = np.clip(a, 0, 255).astype(np.uint8)
    img = Image.fromarray(a, "L")
    if bitonal:
        img = img.point(lambda v: 255 if v > 128 else 0, mode="1")
    return img


def page_images(pdf_bytes: bytes, rec_id: str) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            bm = page.render(scale=DPI / 72, grayscale=True)
            img = bm.to_pil().convert("L")
            out.append(img)
            page.close()
    finally:
        doc.close()
    return out


def render_letter(rec: dict, outdir: Path, png: bool) -> int:
    rng = random.Random(seed_for(rec["id"]))
    _register_ttf()
    ops = Layout(rec, rng).build()
    pdf = draw_pdf(ops)
    bitonal = rng.random() < 0.3
    jpeg_q = rng.randint(50, 78)
    images = []
    for n, raw in enumerate(page_images(pdf, rec["id"]), 1):
        prng = random.Random(seed_for(rec["id"], f"p{n}"))
        nprng = np.random.default_rng(seed_for(rec["id"], f"np{n}"))
        img = degrade(raw, prng, nprng, bitonal)
        buf = io.BytesIO()
        if bitonal:
            img.save(buf, format="PNG", dpi=(DPI, DPI))
        else:
            img.save(buf, format="JPEG", quality=jpeg_q, dpi=(DPI, DPI))
        images.append(buf.getvalue())
        if png:
            (outdir / "png").mkdir(exist_ok=True)
            img.save(outdir / "png" / f"{rec['id']}-p{n}.png", dpi=(DPI, DPI))
    layout = img2pdf.get_fixed_dpi_layout_fun((DPI, DPI))
    data = img2pdf.convert(images, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)
    (outdir / f"{rec['id']}.pdf").write_bytes(data)
    return len(images)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--part", choices=["test", "feedback", "all"], default="all")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--ids", default=None, help="comma-separated ids to render")
    ap.add_argument("--png", action="store_true", help="also write page PNGs to OUTDIR/png/")
    ap.add_argument("--letters", type=Path, default=LETTERS)
    args = ap.parse_args(argv)

    recs = [
        json.loads(line)
        for line in args.letters.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.part != "all":
        recs = [r for r in recs if r["part"] == args.part]
    if args.ids:
        want = set(args.ids.split(","))
        recs = [r for r in recs if r["id"] in want]
    if args.limit is not None:
        recs = recs[: args.limit]
    args.outdir.mkdir(parents=True, exist_ok=True)
    with open(args.outdir / "labels.jsonl", "w", encoding="utf-8") as lab:
        for i, rec in enumerate(recs, 1):
            pages = render_letter(rec, args.outdir, args.png)
            label = {k: v for k, v in rec.items() if k != "text"}
            label["file"] = f"{rec['id']}.pdf"
            lab.write(json.dumps(label, ensure_ascii=False) + "\n")
            print(
                f"[{i}/{len(recs)}] {rec['id']} {rec['department']:>5} {pages} page(s)",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
