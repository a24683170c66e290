#!/usr/bin/env python3
# ruff: noqa: E501  (long German sample sentences)
"""Deterministic generator of scan-like German business letters to the city
administration of Braunschweig (test resources for Scanstation).

Every letter is fictional and made up by this script (names, companies,
addresses, numbers). The same seed always gives the same letters, page
images and files (up to the library versions of Pillow/img2pdf/reportlab).

Usage (from the repository root)::

    .venv/bin/python tests/resources/letters/make_letters.py            # write the committed set
    .venv/bin/python tests/resources/letters/make_letters.py --verify   # ... and OCR-check it
    .venv/bin/python tests/resources/letters/make_letters.py --out DIR --seed 7

Library use (e.g. from bench/ocr_throughput.py)::

    mod = load this file with importlib
    letters = mod.make_letters(seed=1, count=25)
    pages = mod.render_letter(letters[0], dpi=300)      # list of PIL 'L' images, scan-like
    mod.save_g4_tiff(pages[:1], "x.tif", dpi=300)

Layout follows DIN 5008 form B (address window 45 mm from the top, return
address line, information block or date line, subject, body, closing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT_DIR = Path(os.environ.get("SCANSTATION_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
DEFAULT_SEED = 20250303
SCAN_DPI = 200

FONT_FILES = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "cond": "DejaVuSansCondensed.ttf",
    "cond-bold": "DejaVuSansCondensed-Bold.ttf",
    "serifcond": "DejaVuSerifCondensed.ttf",
    "serifcond-bold": "DejaVuSerifCondensed-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]

# --------------------------------------------------------------------------
# Departments (ids and names as in shared/data/departments.toml)
# --------------------------------------------------------------------------

DEPARTMENTS = {
    "10": "Fachbereich 10 – Zentrale Dienste",
    "20": "Fachbereich 20 – Finanzen, Stadtkasse",
    "20.3": "Abteilung 20.3 – Steuern",
    "32": "Fachbereich 32 – Bürgerservice, Öffentliche Sicherheit",
    "40": "Fachbereich 40 – Schule",
    "50": "Fachbereich 50 – Soziales und Gesundheit",
    "51": "Fachbereich 51 – Kinder, Jugend und Familie",
    "60": "Fachbereich 60 – Bauordnung",
    "61": "Fachbereich 61 – Stadtplanung und Geoinformation",
    "65": "Fachbereich 65 – Gebäudemanagement",
    "66": "Fachbereich 66 – Tiefbau und Verkehr",
    "67": "Fachbereich 67 – Stadtgrün und Sport",
    "68": "Fachbereich 68 – Umwelt",
}

# --------------------------------------------------------------------------
# Vocabulary pools (all fictional)
# --------------------------------------------------------------------------

FIRST_NAMES = [
    "Jürgen",
    "Sören",
    "Jörg",
    "Käthe",
    "Hannelore",
    "Günter",
    "Mareike",
    "Björn",
    "Lena",
    "Özlem",
    "Torsten",
    "Ute",
    "Bärbel",
    "Henrik",
    "Dörte",
    "Malte",
    "Friederike",
    "Jens",
    "Anja",
    "Kübra",
]
LAST_NAMES = [
    "Müller",
    "Schröder",
    "Jäger",
    "Köhler",
    "Weiß",
    "Groß",
    "Krüger",
    "Schäfer",
    "Böhm",
    "Günther",
    "Lüdtke",
    "Strauß",
    "Brückner",
    "Nußbaum",
    "Hoffmann",
    "Pätzold",
    "Wöhler",
    "Kühne",
    "Bräuer",
    "Förster",
]
STREETS = [
    "Wolfenbütteler Straße",
    "Güldenstraße",
    "Böcklerstraße",
    "Sophienstraße",
    "Husarenstraße",
    "Grünewaldstraße",
    "Hamburger Straße",
    "Kastanienallee",
    "Jasperallee",
    "Am Hohen Tore",
    "Bültenweg",
    "Helmstedter Straße",
    "Kreuzstraße",
    "Rebenring",
    "Gliesmaroder Straße",
    "Münchenstraße",
    "Querumer Straße",
    "Am Lehmanger",
    "Frankfurter Straße",
    "Ölper Straße",
]
DISTRICTS = [
    ("38100", "Innenstadt"),
    ("38102", "Östliches Ringgebiet"),
    ("38104", "Riddagshausen"),
    ("38106", "Nördliches Ringgebiet"),
    ("38108", "Querum"),
    ("38110", "Wenden"),
    ("38112", "Lehndorf"),
    ("38114", "Westliches Ringgebiet"),
    ("38118", "Weststadt"),
    ("38120", "Stöckheim"),
    ("38122", "Rüningen"),
    ("38124", "Heidberg"),
    ("38126", "Südstadt"),
]
GEMARKUNGEN = ["Riddagshausen", "Querum", "Gliesmarode", "Lehndorf", "Stöckheim", "Rüningen"]

CITY_POSTAL = [
    ["Stadt Braunschweig", None, "Postfach 33 09", "38023 Braunschweig"],
    ["Stadt Braunschweig", None, "Platz der Deutschen Einheit 1", "38100 Braunschweig"],
    ["Stadt Braunschweig", None, "z. Hd. Frau Sommerfeld", "Postfach 33 09", "38023 Braunschweig"],
]


def german_date(d: dt.date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def numeric_date(d: dt.date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# --------------------------------------------------------------------------
# Letter model
# --------------------------------------------------------------------------


@dataclass
class Sender:
    kind: str  # citizen | company | lawyer | authority
    name: str  # person or organisation
    lines: list[str]  # full postal lines (without the name)
    letterhead: list[str] = field(default_factory=list)  # companies/authorities: extra head lines
    footer: list[str] = field(default_factory=list)
    signer: str = ""  # person who signs
    signer_role: str = ""
    contact: list[tuple[str, str]] = field(default_factory=list)  # info block pairs
    place: str = "Braunschweig"


@dataclass
class Letter:
    letter_id: str
    department: str
    scenario: str
    sender: Sender
    letter_date: dt.date
    subject: str
    subject_extra: list[str]  # further subject lines (e.g. object, in Sachen ...)
    references: list[dict[str, str]]  # [{kind, value, label}]
    salutation: str
    paragraphs: list[str]
    closing: str
    enclosures: list[str]
    distinctive_words: list[str]
    date_style: str  # "long" | "numeric" | "iso"
    subject_label: bool = True
    font: str = "sans"
    size_pt: float = 11.0
    stamp: str | None = None  # incoming-mail stamp text, or None
    recipient: list[str] = field(default_factory=list)

    def manifest(self) -> dict[str, Any]:
        return {
            "id": self.letter_id,
            "department": self.department,
            "scenario": self.scenario,
            "sender": {"kind": self.sender.kind, "name": self.sender.name},
            "subject": self.subject,
            "letter_date": self.letter_date.isoformat(),
            "references": [{"kind": r["kind"], "value": r["value"]} for r in self.references],
            "distinctive_words": list(self.distinctive_words),
        }


# --------------------------------------------------------------------------
# Scenario builders: one per kind of letter. Each writes its own wording.
# --------------------------------------------------------------------------


class Ctx:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, seq):
        return self.rng.choice(seq)

    def person(self) -> tuple[str, str]:
        return self.pick(FIRST_NAMES), self.pick(LAST_NAMES)

    def address(self) -> list[str]:
        street = (
            f"{self.pick(STREETS)} {self.rng.randint(1, 140)}{self.pick(['', '', '', 'a', 'b'])}"
        )
        plz, _district = self.pick(DISTRICTS)
        return [street, f"{plz} Braunschweig"]

    def date(self) -> dt.date:
        start = dt.date(2024, 9, 2)
        return start + dt.timedelta(days=self.rng.randint(0, 300))

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    def kassenzeichen(self) -> str:
        return (
            f"{self.rng.randint(1, 9)}.{self.digits(4)}.{self.digits(6)}.{self.rng.randint(0, 9)}"
        )

    def aktenzeichen(self, dept: str, year: int) -> str:
        sub = dept.split(".")[0]
        return f"{sub}.{self.rng.randint(1, 4)}-{self.rng.randint(100, 999)}/{year}"

    def citizen(self) -> Sender:
        first, last = self.person()
        name = f"{first} {last}"
        phone = f"0531 {self.digits(3)} {self.digits(2)} {self.digits(2)}"
        lines = self.address()
        extra = [f"Tel. {phone}"] if self.rng.random() < 0.6 else []
        return Sender(kind="citizen", name=name, lines=lines, signer=name, letterhead=extra)


def _amount(rng: random.Random, lo: int, hi: int) -> str:
    v = rng.randint(lo * 100, hi * 100) / 100
    s = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{s} €"


def sc_grundsteuer_widerspruch(c: Ctx, lid: str) -> Letter:
    s = c.citizen()
    d = c.date()
    bescheid = d - dt.timedelta(days=c.rng.randint(8, 25))
    kz = c.kassenzeichen()
    flur = f"{c.rng.randint(1, 40)}/{c.rng.randint(1, 9)}"
    gem = c.pick(GEMARKUNGEN)
    amount = _amount(c.rng, 280, 1400)
    p1 = c.pick(
        [
            f"hiermit lege ich gegen den Grundsteuerbescheid vom {numeric_date(bescheid)} "
            f"fristgerecht Widerspruch ein.",
            f"gegen Ihren Bescheid über die Grundsteuer vom {numeric_date(bescheid)}, "
            f"mir zugegangen am {numeric_date(bescheid + dt.timedelta(days=3))}, erhebe ich Widerspruch.",
        ]
    )
    p2 = c.pick(
        [
            f"Der Bescheid setzt für mein Grundstück (Gemarkung {gem}, Flurstück {flur}) eine "
            f"Jahressteuer von {amount} fest. Nach meiner Berechnung ist die zugrunde gelegte "
            f"Wohnfläche zu hoch angesetzt; tatsächlich beträgt sie nur {c.rng.randint(78, 140)} "
            f"Quadratmeter. Der Grundsteuerwertbescheid des Finanzamts ist insoweit ebenfalls fehlerhaft.",
            f"Die Festsetzung von {amount} für das Grundstück in der Gemarkung {gem} "
            f"(Flurstück {flur}) ist für mich nicht nachvollziehbar. Der Hebesatz wurde gegenüber "
            f"dem Vorjahr deutlich erhöht, ohne dass die Aufkommensneutralität erkennbar gewahrt wurde.",
        ]
    )
    p3 = c.pick(
        [
            "Ich beantrage, die Vollziehung des Bescheides bis zur Entscheidung über den "
            "Widerspruch auszusetzen. Eine ausführliche Begründung reiche ich nach, sobald mir "
            "die Berechnungsgrundlagen vorliegen.",
            "Bis zur Klärung bitte ich um Aussetzung der Zahlung. Gleichzeitig bitte ich um "
            "Übersendung einer nachvollziehbaren Berechnung der festgesetzten Gebühren und Steuern.",
        ]
    )
    paras = [p1, p2, p3]
    if c.rng.random() < 0.5:
        paras.append("Für Rückfragen erreichen Sie mich werktags ab 16 Uhr telefonisch.")
    return Letter(
        letter_id=lid,
        department="20.3",
        scenario="grundsteuer_widerspruch",
        sender=s,
        letter_date=d,
        subject="Widerspruch gegen den Grundsteuerbescheid",
        subject_extra=[f"Kassenzeichen: {kz}"],
        references=[{"kind": "kassenzeichen", "value": kz, "label": "Kassenzeichen"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=paras,
        closing="Mit freundlichen Grüßen",
        enclosures=["Kopie des Bescheides"],
        distinctive_words=[
            "Widerspruch",
            "Grundsteuerbescheid",
            "Flurstück",
            gem,
            "Entscheidung" if "Entscheidung" in p3 else "Berechnung",
        ],
        date_style="long",
    )


def sc_bauantrag(c: Ctx, lid: str) -> Letter:
    arch_last = c.pick(LAST_NAMES)
    firm = c.pick(
        [
            f"Architekturbüro {arch_last} + Partner",
            f"{arch_last} Architekten PartGmbB",
            f"Planungsgruppe {arch_last} GmbH",
        ]
    )
    first = c.pick(FIRST_NAMES)
    addr = c.address()
    s = Sender(
        kind="company",
        name=firm,
        lines=addr,
        letterhead=["Architektur · Bauleitung · Energieberatung"],
        footer=[
            f"{firm} · {addr[0]} · {addr[1]}",
            f"Sparkasse Braunschweig · IBAN DE12 2505 0000 {c.digits(4)} {c.digits(4)} {c.digits(2)}",
            f"USt-IdNr. DE{c.digits(9)} · www.{arch_last.lower().replace('ü', 'ue').replace('ö', 'oe').replace('ä', 'ae').replace('ß', 'ss')}-architekten.de",
        ],
        signer=f"Dipl.-Ing. {first} {arch_last}",
        signer_role="Architekt",
        contact=[
            ("Bearbeiter", f"{first} {arch_last}"),
            ("Telefon", f"0531 {c.digits(3)}-{c.digits(2)}"),
        ],
    )
    d = c.date()
    az = c.aktenzeichen("60", d.year)
    bauherr_f, bauherr_l = c.person()
    gem = c.pick(GEMARKUNGEN)
    flur = f"{c.rng.randint(1, 60)}/{c.rng.randint(1, 12)}"
    obj = c.pick(
        [
            "Neubau eines Einfamilienhauses mit Carport",
            "Anbau eines Wintergartens an das bestehende Wohnhaus",
            "Umbau und Nutzungsänderung einer Scheune zu zwei Wohnungen",
        ]
    )
    p1 = c.pick(
        [
            f"namens und im Auftrag unserer Bauherrschaft, {bauherr_f} {bauherr_l}, reichen wir den "
            f"Bauantrag für das oben genannte Vorhaben in dreifacher Ausfertigung ein.",
            f"für das Bauvorhaben „{obj}“ übersenden wir Ihnen die vollständigen Bauvorlagen. "
            f"Bauherr ist {bauherr_f} {bauherr_l}.",
        ]
    )
    p2 = (
        f"Das Baugrundstück liegt in der Gemarkung {gem}, Flur {c.rng.randint(1, 9)}, "
        f"Flurstück {flur}, im Geltungsbereich eines rechtskräftigen Bebauungsplans. "
        f"Die Festsetzungen zur Grundflächenzahl und zur Traufhöhe werden eingehalten; "
        f"eine Befreiung ist nach unserer Auffassung nicht erforderlich."
    )
    p3 = c.pick(
        [
            "Beigefügt sind Lageplan, Bauzeichnungen, Baubeschreibung, die Berechnung des "
            "umbauten Raumes sowie der Standsicherheitsnachweis. Die Gebühren für die "
            "Baugenehmigung überweisen wir nach Erhalt des Gebührenbescheides.",
            "Der Nachweis über den Wärmeschutz nach Gebäudeenergiegesetz und die "
            "Entwässerungsplanung folgen in den nächsten Tagen. Wir bitten um eine kurze "
            "Eingangsbestätigung unter Angabe Ihres Aktenzeichens.",
        ]
    )
    return Letter(
        letter_id=lid,
        department="60",
        scenario="bauantrag",
        sender=s,
        letter_date=d,
        subject=f"Bauantrag: {obj}",
        subject_extra=[f"Grundstück: {addr[0].rsplit(' ', 1)[0]}, Gemarkung {gem}"],
        references=[
            {"kind": "aktenzeichen", "value": az, "label": "Ihr Zeichen"},
            {
                "kind": "unser_zeichen",
                "value": f"P-{d.year}-{c.digits(3)}",
                "label": "Unser Zeichen",
            },
        ],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Bauvorlagen (3-fach)", "Lageplan"],
        distinctive_words=["Bauantrag", "Bebauungsplans", "Grundflächenzahl", "Traufhöhe", gem],
        date_style="numeric",
        font="cond",
        size_pt=11.0,
    )


def sc_kita(c: Ctx, lid: str) -> Letter:
    s = c.citizen()
    first2, _ = c.person()
    cfirst, girl = c.pick(
        [
            ("Lina", True),
            ("Mats", False),
            ("Jonas", False),
            ("Frieda", True),
            ("Ole", False),
            ("Mila", True),
            ("Jörn", False),
            ("Käthe", True),
        ]
    )
    child = f"{cfirst} {s.name.split()[-1]}"
    d = c.date()
    born = dt.date(d.year - c.rng.randint(1, 3), c.rng.randint(1, 12), c.rng.randint(1, 28))
    start = dt.date(d.year + (1 if d.month > 6 else 0), 8, 1)
    s.name = f"{s.name} und {first2} {s.name.split()[-1]}"
    s.signer = s.name
    kita = c.pick(
        [
            "Kita Löwenzahn",
            "Kindertagesstätte Am Bürgerpark",
            "Krippe Sonnenblume",
            "Kita Schöppenstedter Straße",
        ]
    )
    p1 = c.pick(
        [
            f"für unser Kind {child}, geboren am {numeric_date(born)}, beantragen wir einen "
            f"Betreuungsplatz ab dem {numeric_date(start)} mit einem Umfang von "
            f"{c.pick(['30', '35', '40'])} Wochenstunden.",
            f"wir haben uns bereits im Online-Portal für einen Kita-Platz für "
            f"{'unsere Tochter' if girl else 'unseren Sohn'} {child} (geb. {numeric_date(born)}) "
            f"vorgemerkt, bisher aber keine "
            f"Rückmeldung erhalten.",
        ]
    )
    p2 = c.pick(
        [
            f"Als Wunscheinrichtung haben wir die {kita} angegeben. Beide Elternteile sind "
            f"berufstätig; die Arbeitgeberbescheinigungen liegen diesem Schreiben bei.",
            f"Besonders geeignet wäre für uns die {kita}, da sie fußläufig erreichbar ist. "
            f"Wir sind aber auch für andere Einrichtungen im Stadtteil offen.",
        ]
    )
    p3 = c.pick(
        [
            "Wir weisen vorsorglich auf den Rechtsanspruch auf frühkindliche Förderung nach "
            "§ 24 SGB VIII hin und bitten um eine verbindliche Zusage bis Ende des Monats.",
            "Bitte teilen Sie uns mit, welche Unterlagen noch fehlen und wie hoch die "
            "Elternbeiträge voraussichtlich sein werden. Vielen Dank für Ihre Mühe.",
        ]
    )
    return Letter(
        letter_id=lid,
        department="51",
        scenario="kita_platz",
        sender=s,
        letter_date=d,
        subject=f"Antrag auf einen Kita-Platz für {child}",
        subject_extra=[],
        references=[],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing=c.pick(["Mit freundlichen Grüßen", "Freundliche Grüße"]),
        enclosures=[],
        distinctive_words=[
            "Betreuungsplatz" if "Betreuungsplatz" in p1 else "Rückmeldung",
            "berufstätig" if "berufstätig" in p2 else "erreichbar",
            child.split()[0],
            "Wunscheinrichtung" if "Wunscheinrichtung" in p2 else "Stadtteil",
            "Rechtsanspruch" if "Rechtsanspruch" in p3 else "Elternbeiträge",
        ],
        date_style="long",
        font="serif",
        size_pt=11.5,
    )


def sc_bussgeld_anwalt(c: Ctx, lid: str) -> Letter:
    l1, l2 = c.rng.sample(LAST_NAMES, 2)
    firm = f"{l1} & {l2} Rechtsanwälte"
    addr = c.address()
    lawyer = f"{c.pick(FIRST_NAMES)} {l1}"
    s = Sender(
        kind="lawyer",
        name=firm,
        lines=addr,
        letterhead=["Fachanwälte für Verkehrsrecht und Verwaltungsrecht"],
        footer=[
            f"{firm} · {addr[0]} · {addr[1]} · Telefon 0531 {c.digits(3)} {c.digits(3)}",
            f"Volksbank Braunschweig · IBAN DE47 2699 1066 {c.digits(4)} {c.digits(4)} {c.digits(2)}",
        ],
        signer=lawyer,
        signer_role="Rechtsanwalt",
        contact=[
            ("Unser Zeichen", f"{c.rng.randint(10, 480)}/{c.rng.randint(24, 25)} {l1[:2]}/ks")
        ],
    )
    d = c.date()
    client_f, client_l = c.person()
    plate = f"BS-{c.pick(['KM', 'AB', 'JR', 'LÖ', 'TG'])} {c.rng.randint(10, 999)}"
    tat = d - dt.timedelta(days=c.rng.randint(14, 40))
    az = f"32.2-OWI-{c.digits(7)}"
    street = c.pick(STREETS)
    p1 = (
        f"wir zeigen an, dass wir {client_f} {client_l} in der oben bezeichneten "
        f"Bußgeldsache anwaltlich vertreten. Eine auf uns lautende Vollmacht ist beigefügt."
    )
    p2 = c.pick(
        [
            f"Unserem Mandanten wird vorgeworfen, am {numeric_date(tat)} mit dem Fahrzeug "
            f"{plate} in der {street} im absoluten Halteverbot geparkt zu haben. Der Vorwurf "
            f"wird bestritten; das Fahrzeug wurde zur fraglichen Zeit nachweislich von einer "
            f"anderen Person genutzt.",
            f"Der Anhörungsbogen vom {numeric_date(tat + dt.timedelta(days=6))} wirft unserem "
            f"Mandanten einen Parkverstoß in der {street} vor (Fahrzeug {plate}). Die "
            f"Beschilderung war zur Tatzeit wegen einer Baustelle verdeckt und nicht erkennbar.",
        ]
    )
    p3 = (
        "Wir beantragen Akteneinsicht, insbesondere in die Fotodokumentation und das "
        "Messprotokoll, und bitten um Übersendung der Verfahrensakte an unsere Kanzlei. "
        "Eine Stellungnahme erfolgt nach Einsichtnahme."
    )
    p4 = c.pick(
        [
            "Bis dahin bitten wir, von dem Erlass eines Bußgeldbescheides abzusehen.",
            "Wir regen bereits jetzt die Einstellung des Verfahrens an.",
        ]
    )
    return Letter(
        letter_id=lid,
        department="32",
        scenario="bussgeld_parkverstoss",
        sender=s,
        letter_date=d,
        subject=f"Ordnungswidrigkeitenverfahren gegen {client_f} {client_l}",
        subject_extra=[f"Aktenzeichen: {az}", f"Amtliches Kennzeichen: {plate}"],
        references=[
            {"kind": "aktenzeichen", "value": az, "label": "Ihr Zeichen"},
            {"kind": "unser_zeichen", "value": s.contact[0][1], "label": "Unser Zeichen"},
            {"kind": "kennzeichen", "value": plate, "label": "Kennzeichen"},
        ],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3, p4],
        closing="Mit freundlichen Grüßen",
        enclosures=["Vollmacht"],
        distinctive_words=[
            "Bußgeldsache",
            "Mandanten",
            "Akteneinsicht",
            "Fotodokumentation",
            client_l,
        ],
        date_style="numeric",
        font="serif",
        size_pt=11.0,
    )


def sc_strassenbeleuchtung(c: Ctx, lid: str) -> Letter:
    hv_l = c.pick(LAST_NAMES)
    firm = c.pick([f"Hausverwaltung {hv_l} GmbH", f"Immobilienverwaltung {hv_l} & Söhne KG"])
    addr = c.address()
    signer = f"{c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}"
    s = Sender(
        kind="company",
        name=firm,
        lines=addr,
        letterhead=["Verwaltung von Wohnungseigentum"],
        footer=[
            f"Geschäftsführer: {c.pick(FIRST_NAMES)} {hv_l} · Amtsgericht Braunschweig HRB {c.digits(5)}"
        ],
        signer=signer,
        signer_role="Objektbetreuung",
        contact=[
            ("Ansprechpartner", signer),
            ("Telefon", f"0531 {c.digits(4)}-{c.digits(2)}"),
            (
                "E-Mail",
                "objekt@"
                + hv_l.lower().translate(
                    str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss"})
                )
                + "-hv.de",
            ),
        ],
    )
    d = c.date()
    street = c.pick(STREETS)
    nr = c.rng.randint(2, 60)
    mast = f"{c.rng.randint(100, 999)}-{c.digits(2)}"
    p1 = c.pick(
        [
            f"in der {street} sind vor Hausnummer {nr} seit mehreren Wochen zwei Leuchten der "
            f"Straßenbeleuchtung ausgefallen. Betroffen ist unter anderem der Mast mit der "
            f"Nummer {mast}.",
            f"Bewohner der von uns verwalteten Wohnanlage {street} {nr} haben uns mitgeteilt, dass "
            f"die Straßenbeleuchtung im Bereich des Gehweges nachts vollständig dunkel bleibt "
            f"(Leuchtenmast Nr. {mast}).",
        ]
    )
    p2 = c.pick(
        [
            "Gerade in den Wintermonaten stellt die fehlende Beleuchtung eine erhebliche Gefahr "
            "für Fußgänger und Radfahrer dar. Ältere Mieter trauen sich nach Einbruch der "
            "Dunkelheit kaum noch aus dem Haus.",
            "Der Fußweg ist an dieser Stelle uneben, und es ist bereits zu einem Sturz gekommen. "
            "Wir möchten vermeiden, dass sich ein solcher Unfall wiederholt.",
        ]
    )
    p3 = (
        "Wir bitten Sie daher, die Störung kurzfristig beheben zu lassen, und wären für eine "
        "kurze Nachricht über den geplanten Reparaturtermin dankbar."
    )
    return Letter(
        letter_id=lid,
        department="66",
        scenario="strassenbeleuchtung",
        sender=s,
        letter_date=d,
        subject=f"Defekte Straßenbeleuchtung {street}",
        subject_extra=[],
        references=[{"kind": "mastnummer", "value": mast, "label": "Mast"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=[],
        distinctive_words=[
            "Straßenbeleuchtung",
            "Reparaturtermin",
            "Störung",
            street.split()[0],
            "Beleuchtung" if "Beleuchtung" in p2 else "Fußweg",
        ],
        date_style="long",
        font="sans",
        size_pt=11.0,
        subject_label=False,
    )


def sc_baumfaellung(c: Ctx, lid: str) -> Letter:
    geno = c.pick(
        ["Wohnungsbaugenossenschaft Okerland eG", "Baugenossenschaft Wiederaufbau Süd eG"]
    )
    addr = c.address()
    signer = f"{c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}"
    s = Sender(
        kind="company",
        name=geno,
        lines=addr,
        letterhead=["Technische Abteilung"],
        footer=[
            f"{geno} · Genossenschaftsregister Amtsgericht Braunschweig GnR {c.digits(3)}",
            f"Vorstand: {c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}, {c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}",
        ],
        signer=signer,
        signer_role="Technische Abteilung",
        contact=[
            ("Unser Zeichen", f"TA-{c.digits(4)}"),
            ("Telefon", f"0531 {c.digits(3)} {c.digits(3)}"),
        ],
    )
    d = c.date()
    tree = c.pick(
        [
            ("Rotbuche", "Stammumfang von 210 cm"),
            ("Spitzahorn", "Stammumfang von 165 cm"),
            ("Stieleiche", "Stammumfang von 240 cm"),
            ("Hängebirke", "Stammumfang von 130 cm"),
        ]
    )
    street = c.pick(STREETS)
    p1 = (
        f"auf dem Grundstück unserer Wohnanlage {street} {c.rng.randint(1, 80)} steht eine "
        f"{tree[0]} mit einem {tree[1]}, gemessen in einem Meter Höhe. Wir beantragen die "
        f"Genehmigung zur Fällung dieses Baumes nach der Baumschutzsatzung."
    )
    p2 = c.pick(
        [
            "Ein von uns beauftragter Sachverständiger hat bei der Baumkontrolle einen starken "
            "Pilzbefall am Stammfuß festgestellt. Die Standsicherheit ist nicht mehr gegeben; "
            "das Gutachten fügen wir bei.",
            "Die Wurzeln haben die Entwässerungsleitung beschädigt und heben die Gehwegplatten "
            "vor dem Hauseingang an. Eine Kronenpflege reicht nach Einschätzung des Gutachters "
            "nicht mehr aus.",
        ]
    )
    p3 = c.pick(
        [
            f"Als Ersatzpflanzung schlagen wir zwei heimische Laubbäume vor. Die Fällung soll "
            f"außerhalb der Brutzeit bis spätestens 28. Februar {d.year + (1 if d.month > 2 else 0)} erfolgen.",
            "Eine Ersatzpflanzung auf dem Grundstück ist vorgesehen; einen Vorschlag zu Art und "
            "Standort stimmen wir gern mit Ihnen ab.",
        ]
    )
    return Letter(
        letter_id=lid,
        department="67",
        scenario="baumfaellgenehmigung",
        sender=s,
        letter_date=d,
        subject="Antrag auf Baumfällgenehmigung",
        subject_extra=[f"Standort: {street}"],
        references=[{"kind": "unser_zeichen", "value": s.contact[0][1], "label": "Unser Zeichen"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Lageplan", "Fotos"],
        distinctive_words=[
            "Baumfällgenehmigung",
            tree[0],
            "Baumschutzsatzung",
            "Ersatzpflanzung",
            "Sachverständiger" if "Sachverständiger" in p2 else "Entwässerungsleitung",
        ],
        date_style="numeric",
        font="cond",
        size_pt=11.5,
        stamp="EINGANG",
    )


def sc_laerm(c: Ctx, lid: str) -> Letter:
    s = c.citizen()
    d = c.date()
    src = c.pick(
        [
            ("einer Gaststätte mit Außenbewirtschaftung", "Gaststätte"),
            ("einer Kühlanlage eines Supermarktes", "Kühlanlage"),
            ("einem Gewerbebetrieb mit nächtlichem Lieferverkehr", "Lieferverkehr"),
        ]
    )
    p1 = (
        f"seit einigen Monaten leiden wir unter erheblichem Lärm, der von {src[0]} in "
        f"unserer unmittelbaren Nachbarschaft ausgeht."
    )
    p2 = c.pick(
        [
            "Vor allem zwischen 22 Uhr und 2 Uhr nachts ist an Schlaf kaum zu denken. Wir haben "
            "ein Lärmprotokoll geführt, das wir diesem Schreiben beifügen.",
            "Die Geräusche sind selbst bei geschlossenen Fenstern deutlich zu hören. Unsere "
            "Kinder wachen regelmäßig auf; ein Gespräch mit dem Betreiber blieb ohne Erfolg.",
        ]
    )
    p3 = (
        "Wir bitten das Umweltamt, die Einhaltung der Immissionsrichtwerte zu überprüfen und "
        "gegebenenfalls eine Messung vorzunehmen."
    )
    return Letter(
        letter_id=lid,
        department="68",
        scenario="laermbeschwerde",
        sender=s,
        letter_date=d,
        subject="Beschwerde über nächtliche Lärmbelästigung",
        subject_extra=[],
        references=[],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Lärmprotokoll"],
        distinctive_words=[
            "Lärmbelästigung",
            src[1],
            "Immissionsrichtwerte",
            "Nachbarschaft",
            "Messung",
        ],
        date_style="long",
        font="sans",
        size_pt=12.0,
    )


def sc_ratenzahlung(c: Ctx, lid: str) -> Letter:
    last = c.pick(LAST_NAMES)
    firm = c.pick(
        [
            f"{last} Sanitär- und Heizungstechnik GmbH",
            f"Bäckerei {last} e. K.",
            f"{last} Garten- und Landschaftsbau",
        ]
    )
    addr = c.address()
    signer = f"{c.pick(FIRST_NAMES)} {last}"
    s = Sender(
        kind="company",
        name=firm,
        lines=addr,
        signer=signer,
        signer_role="Inhaber",
        footer=[f"{firm} · Steuernummer 14/{c.digits(3)}/{c.digits(5)}"],
        contact=[("Telefon", f"0531 {c.digits(6)}")],
    )
    d = c.date()
    kz = c.kassenzeichen()
    amount = _amount(c.rng, 1800, 9800)
    rate = _amount(c.rng, 150, 600)
    p1 = c.pick(
        [
            f"mit Bescheid vom {numeric_date(d - dt.timedelta(days=20))} wurde uns eine Forderung "
            f"über {amount} in Rechnung gestellt, die am {numeric_date(d + dt.timedelta(days=10))} "
            f"fällig wird.",
            f"die Stadtkasse hat uns mit Mahnung vom {numeric_date(d - dt.timedelta(days=9))} "
            f"aufgefordert, den offenen Betrag von {amount} zu begleichen.",
        ]
    )
    p2 = (
        "Aufgrund eines vorübergehenden Liquiditätsengpasses – zwei größere Kunden haben "
        "ihre Rechnungen bislang nicht beglichen – ist uns die Zahlung in einer Summe derzeit "
        "nicht möglich."
    )
    p3 = (
        f"Wir beantragen daher Ratenzahlung in monatlichen Raten von {rate}, beginnend zum "
        f"Ersten des kommenden Monats. Eine Aufstellung unserer Einnahmen und Ausgaben "
        f"fügen wir bei. Über eine Zustimmung würden wir uns sehr freuen."
    )
    return Letter(
        letter_id=lid,
        department="20",
        scenario="ratenzahlung",
        sender=s,
        letter_date=d,
        subject="Antrag auf Ratenzahlung",
        subject_extra=[f"Kassenzeichen {kz}"],
        references=[{"kind": "kassenzeichen", "value": kz, "label": "Kassenzeichen"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Einnahmen-Ausgaben-Aufstellung"],
        distinctive_words=[
            "Ratenzahlung",
            "Liquiditätsengpasses",
            "Stadtkasse" if "Stadtkasse" in p1 else "Forderung",
            "Aufstellung",
            "monatlichen",
        ],
        date_style="iso",
        font="sans",
        size_pt=11.0,
    )


def sc_gewerbesteuer_finanzamt(c: Ctx, lid: str) -> Letter:
    fa = c.pick(["Finanzamt Braunschweig-Wilhelmstraße", "Finanzamt Braunschweig-Altewiekring"])
    signer = f"{c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}"
    s = Sender(
        kind="authority",
        name=fa,
        lines=["Postfach 12 34", "38012 Braunschweig"],
        letterhead=["Niedersächsische Steuerverwaltung"],
        footer=[
            "Servicezeiten: Mo–Fr 8–12 Uhr, Do 14–17 Uhr · Bitte geben Sie stets die Steuernummer an."
        ],
        signer=signer,
        signer_role="Im Auftrag",
        contact=[
            ("Steuernummer", f"13/{c.digits(3)}/{c.digits(5)}"),
            ("Bearbeitet von", signer),
            ("Zimmer", str(c.rng.randint(100, 420))),
        ],
    )
    d = c.date()
    firm = f"{c.pick(LAST_NAMES)} {c.pick(['Logistik GmbH', 'Maschinenbau KG', 'Feinkost OHG'])}"
    year = d.year - 1
    messbetrag = _amount(c.rng, 900, 14000)
    p1 = (
        f"in dem Gewerbesteuermessbescheid für {year} betreffend die Firma {firm} hat sich "
        f"eine Änderung ergeben. Der Gewerbesteuermessbetrag wird auf {messbetrag} festgesetzt."
    )
    p2 = (
        "Die Änderung beruht auf einer Außenprüfung nach § 193 der Abgabenordnung. Der "
        "geänderte Messbescheid wurde dem Steuerpflichtigen am heutigen Tag bekannt gegeben."
    )
    p3 = (
        "Ich bitte, die Gewerbesteuer auf der Grundlage des geänderten Messbetrags neu "
        "festzusetzen. Eine Zerlegung auf mehrere Gemeinden ist nicht erforderlich."
    )
    return Letter(
        letter_id=lid,
        department="20.3",
        scenario="gewerbesteuer_messbescheid",
        sender=s,
        letter_date=d,
        subject=f"Mitteilung über den Gewerbesteuermessbetrag {year}",
        subject_extra=[f"Steuerpflichtiger: {firm}"],
        references=[{"kind": "steuernummer", "value": s.contact[0][1], "label": "Steuernummer"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="",
        enclosures=["Messbescheid (Abschrift)"],
        distinctive_words=[
            "Gewerbesteuermessbetrag",
            "Außenprüfung",
            "Abgabenordnung",
            "Zerlegung",
            "Steuerpflichtigen",
        ],
        date_style="numeric",
        font="serifcond",
        size_pt=11.0,
    )


def sc_schuelerbefoerderung(c: Ctx, lid: str) -> Letter:
    s = c.citizen()
    d = c.date()
    child, girl = c.pick(
        [("Paul", False), ("Greta", True), ("Emil", False), ("Thea", True), ("Bjarne", False)]
    )
    school = c.pick(
        [
            "Grundschule Bürgerstraße",
            "IGS Querum",
            "Gymnasium Raabeschule",
            "Realschule Maschstraße",
        ]
    )
    km = c.rng.randint(3, 9)
    p1 = (
        f"{'unsere Tochter' if girl else 'unser Sohn'} {child} besucht seit Beginn des Schuljahres die "
        f"{school}. Der Schulweg beträgt nach unserer Messung etwa {km},{c.rng.randint(0, 9)} Kilometer."
    )
    p2 = c.pick(
        [
            "Wir beantragen die Übernahme der Kosten für die Schülerbeförderung, insbesondere "
            "für eine Schülerjahreskarte der Verkehrsbetriebe.",
            "Der Weg führt über eine stark befahrene Kreuzung ohne Ampel. Wir halten ihn für "
            "besonders gefährlich und bitten um Prüfung, ob eine Fahrkarte übernommen werden kann.",
        ]
    )
    p3 = "Den Antragsvordruck und die Schulbescheinigung haben wir beigefügt."
    return Letter(
        letter_id=lid,
        department="40",
        scenario="schuelerbefoerderung",
        sender=s,
        letter_date=d,
        subject="Antrag auf Schülerbeförderung",
        subject_extra=[f"Schüler/in: {child} {s.name.split()[-1]}, {school}"],
        references=[],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Viele Grüße",
        enclosures=["Antragsvordruck", "Schulbescheinigung"],
        distinctive_words=[
            "Schülerbeförderung" if "Schülerbeförderung" in p2 else "Kreuzung",
            "Schulweg",
            "Kilometer",
            "Schulbescheinigung",
            child,
        ],
        date_style="long",
        font="serif",
        size_pt=12.0,
    )


def sc_handwerkerrechnung(c: Ctx, lid: str) -> Letter:
    last = c.pick(LAST_NAMES)
    firm = f"{last} Heizung · Lüftung · Klima GmbH"
    addr = c.address()
    signer = f"{c.pick(FIRST_NAMES)} {last}"
    s = Sender(
        kind="company",
        name=firm,
        lines=addr,
        letterhead=["Meisterbetrieb seit 1978"],
        footer=[
            f"Geschäftsführer {signer} · HRB {c.digits(5)} Amtsgericht Braunschweig",
            f"Norddeutsche Landesbank · IBAN DE61 2505 0000 {c.digits(4)} {c.digits(4)} {c.digits(2)}",
        ],
        signer=signer,
        signer_role="Geschäftsführer",
        contact=[
            ("Rechnungsnummer", f"RE-{c.rng.randint(2024, 2025)}-{c.digits(5)}"),
            ("Kundennummer", f"K{c.digits(5)}"),
        ],
    )
    d = c.date()
    school = c.pick(["Grundschule Heidberg", "Gymnasium Neue Oberschule", "Sporthalle Rüningen"])
    net = c.rng.randint(80000, 450000) / 100
    fmt = lambda v: f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"  # noqa: E731
    p1 = (
        f"für die im Auftrag des Gebäudemanagements ausgeführten Arbeiten an der "
        f"Heizungsanlage der {school} berechnen wir Ihnen wie folgt:"
    )
    p2 = (
        f"Austausch der Umwälzpumpe im Heizungsraum, Entlüftung der Heizkörper im "
        f"Erdgeschoss sowie hydraulischer Abgleich. Nettobetrag {fmt(net)}, zuzüglich 19 % "
        f"Umsatzsteuer {fmt(net * 0.19)}, Gesamtbetrag {fmt(net * 1.19)}."
    )
    p3 = (
        "Bitte überweisen Sie den Gesamtbetrag innerhalb von 30 Tagen ohne Abzug unter "
        "Angabe der Rechnungsnummer. Für Rückfragen zum Leistungsumfang steht Ihnen unser "
        "Kundendienst gern zur Verfügung."
    )
    return Letter(
        letter_id=lid,
        department="65",
        scenario="handwerkerrechnung",
        sender=s,
        letter_date=d,
        subject=f"Rechnung Heizungsreparatur {school}",
        subject_extra=[],
        references=[
            {"kind": "rechnungsnummer", "value": s.contact[0][1], "label": "Rechnungsnummer"},
            {"kind": "kundennummer", "value": s.contact[1][1], "label": "Kundennummer"},
        ],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Stundennachweis"],
        distinctive_words=[
            "Heizungsanlage",
            "Umwälzpumpe",
            "Umsatzsteuer",
            "Gesamtbetrag",
            "Kundendienst",
        ],
        date_style="numeric",
        font="sans",
        size_pt=10.5,
    )


def sc_jugendamt_kostenerstattung(c: Ctx, lid: str) -> Letter:
    lk = c.pick(["Landkreis Wolfenbüttel", "Landkreis Gifhorn", "Landkreis Peine"])
    signer = f"{c.pick(FIRST_NAMES)} {c.pick(LAST_NAMES)}"
    s = Sender(
        kind="authority",
        name=lk,
        lines=[
            "Jugendamt",
            "Bahnhofstraße 11",
            "38300 Wolfenbüttel"
            if "Wolfen" in lk
            else "38518 Gifhorn"
            if "Gif" in lk
            else "31224 Peine",
        ],
        letterhead=["Der Landrat", "Jugendamt – Wirtschaftliche Jugendhilfe"],
        footer=[f"{lk} · Öffnungszeiten Mo, Di, Do 8.30–12.00 Uhr"],
        signer=signer,
        signer_role="Im Auftrag",
        contact=[
            ("Aktenzeichen", f"51.2-{c.digits(4)}/{c.rng.randint(24, 25)}"),
            ("Auskunft erteilt", signer),
        ],
    )
    s.lines = [ln for ln in s.lines if ln]
    d = c.date()
    youth = f"{c.pick(['L.', 'M.', 'K.', 'T.'])} {c.pick(LAST_NAMES)}"
    amount = _amount(c.rng, 3000, 24000)
    p1 = (
        f"für den jungen Menschen {youth} gewähren wir seit dem "
        f"{numeric_date(d - dt.timedelta(days=c.rng.randint(120, 400)))} Hilfe zur Erziehung in "
        f"einer Einrichtung nach § 34 SGB VIII."
    )
    p2 = (
        "Die Eltern haben ihren gewöhnlichen Aufenthalt inzwischen in Ihren Zuständigkeitsbereich "
        "verlegt. Wir machen daher gemäß § 89a SGB VIII einen Kostenerstattungsanspruch geltend."
    )
    p3 = (
        f"Die bisher entstandenen Aufwendungen belaufen sich auf {amount}. Wir bitten um "
        f"Anerkennung der Kostenerstattungspflicht dem Grunde nach und um Übernahme des "
        f"Falles in eigene Zuständigkeit."
    )
    return Letter(
        letter_id=lid,
        department="51",
        scenario="kostenerstattung_jugendhilfe",
        sender=s,
        letter_date=d,
        subject="Kostenerstattung nach § 89a SGB VIII",
        subject_extra=[f"Hilfeempfänger: {youth}"],
        references=[{"kind": "aktenzeichen", "value": s.contact[0][1], "label": "Aktenzeichen"}],
        salutation="Sehr geehrte Damen und Herren,",
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=[],
        distinctive_words=[
            "Kostenerstattungsanspruch",
            "Erziehung",
            "Aufwendungen",
            "Zuständigkeitsbereich",
            "Anerkennung",
        ],
        date_style="numeric",
        font="sans",
        size_pt=11.0,
    )


def sc_hausnummer(c: Ctx, lid: str) -> Letter:
    s = c.citizen()
    d = c.date()
    gem = c.pick(GEMARKUNGEN)
    p1 = (
        f"wir haben auf dem geteilten Grundstück in der Gemarkung {gem} ein neues Wohnhaus "
        f"errichtet, das über einen privaten Stichweg erschlossen wird."
    )
    p2 = (
        "Post- und Paketzusteller sowie Rettungsdienste finden das Gebäude bislang nicht, "
        "weil es noch keine eigene Hausnummer besitzt."
    )
    p3 = (
        "Wir bitten daher um Vergabe einer Hausnummer und um Mitteilung, wie das "
        "Hausnummernschild anzubringen ist. Einen Lageplan haben wir beigelegt."
    )
    return Letter(
        letter_id=lid,
        department="61",
        scenario="hausnummernvergabe",
        sender=s,
        letter_date=d,
        subject="Bitte um Vergabe einer Hausnummer",
        subject_extra=[],
        references=[],
        salutation=c.pick(["Sehr geehrte Damen und Herren,", "Guten Tag,"]),
        paragraphs=[p1, p2, p3],
        closing="Mit freundlichen Grüßen",
        enclosures=["Lageplan"],
        distinctive_words=["Hausnummer", "Stichweg", "Rettungsdienste", "Wohnhaus", gem],
        date_style="long",
        font="sans",
        size_pt=11.5,
    )


SCENARIOS = [
    sc_grundsteuer_widerspruch,
    sc_bauantrag,
    sc_kita,
    sc_bussgeld_anwalt,
    sc_strassenbeleuchtung,
    sc_baumfaellung,
    sc_laerm,
    sc_ratenzahlung,
    sc_gewerbesteuer_finanzamt,
    sc_schuelerbefoerderung,
    sc_handwerkerrechnung,
    sc_jugendamt_kostenerstattung,
    sc_hausnummer,
]


def finish(letter: Letter, rng: random.Random) -> Letter:
    dept_name = DEPARTMENTS[letter.department]
    tmpl = list(rng.choice(CITY_POSTAL))
    tmpl[1] = dept_name
    letter.recipient = tmpl
    s = letter.sender
    shown = " ".join(
        [
            letter.subject,
            *letter.subject_extra,
            *letter.paragraphs,
            *(f"{k} {v}" for k, v in s.contact),
        ]
    )
    for w in letter.distinctive_words:  # guard against words that are not printed
        assert has_word(shown, w), (letter.scenario, w)
    for ref in letter.references:
        ref.setdefault("label", ref["kind"].capitalize())
        if ref["value"] not in shown:  # every reference must be printed on the letter
            if s.contact:
                s.contact.insert(0, (ref["label"], ref["value"]))
            else:
                letter.subject_extra.append(f"{ref['label']}: {ref['value']}")
    return letter


def make_letter(seed: int, index: int, scenario=None) -> Letter:
    rng = random.Random(f"{seed}:{index}")
    fn = scenario or SCENARIOS[index % len(SCENARIOS)]
    return finish(fn(Ctx(rng), f"L{index + 1:02d}"), rng)


def make_letters(seed: int = DEFAULT_SEED, count: int = 20) -> list[Letter]:
    return [make_letter(seed, i) for i in range(count)]


def force_two_pages(letter: Letter, rng: random.Random) -> Letter:
    """Lengthen a letter so that it runs onto a second page."""
    extra = [
        "Zur Vollständigkeit fassen wir den bisherigen Ablauf noch einmal zusammen, da sich "
        "die Angelegenheit inzwischen über mehrere Monate hinzieht und verschiedene "
        "Stellen der Verwaltung beteiligt waren.",
        "Zunächst haben wir uns telefonisch an das Bürgertelefon gewandt; dort wurde uns "
        "eine schriftliche Eingabe empfohlen. Eine erste Nachricht per E-Mail blieb leider "
        "ohne Antwort, ebenso eine Erinnerung einige Wochen später.",
        "Wir verstehen, dass die Fachbereiche derzeit stark ausgelastet sind. Gleichwohl "
        "wären wir dankbar, wenn Sie uns wenigstens den Eingang dieses Schreibens bestätigen "
        "und eine ungefähre Bearbeitungsdauer nennen könnten.",
        "Sollten weitere Unterlagen erforderlich sein, reichen wir diese selbstverständlich "
        "umgehend nach. Eine Vollmacht für Rückfragen bei anderen Behörden liegt bei.",
        "Abschließend möchten wir betonen, dass uns an einer einvernehmlichen und zügigen "
        "Lösung gelegen ist. Ein persönliches Gespräch vor Ort ist nach Terminabsprache "
        "jederzeit möglich.",
    ]
    letter.paragraphs = letter.paragraphs[:2] + extra + letter.paragraphs[2:]
    # Only words OCR reliably finds: the last inserted paragraphs can fall under
    # the page-1 footer zone of the layout and are then not legible.
    letter.distinctive_words = [*letter.distinctive_words[:4], "Bearbeitungsdauer"]
    return letter


# --------------------------------------------------------------------------
# Layout: device independent drawing operations (mm, pt)
# --------------------------------------------------------------------------


@dataclass
class Op:
    page: int
    kind: str  # text | line | poly | rect
    x: float = 0.0  # mm
    y: float = 0.0  # mm, baseline for text
    text: str = ""
    font: str = "sans"
    size: float = 11.0  # pt
    align: str = "left"  # left | right
    pts: list[tuple[float, float]] = field(default_factory=list)
    width: float = 0.3  # mm line width
    gray: int = 0


_FONT_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def pil_font(key: str, px: int) -> ImageFont.FreeTypeFont:
    k = (key, px)
    if k not in _FONT_CACHE:
        _FONT_CACHE[k] = ImageFont.truetype(str(FONT_DIR / FONT_FILES[key]), px)
    return _FONT_CACHE[k]


def text_width_mm(text: str, font: str, size: float) -> float:
    f = pil_font(font, 1000)
    return f.getlength(text) / 1000 * size * 25.4 / 72


def wrap(text: str, font: str, size: float, width_mm: float) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if text_width_mm(cand, font, size) <= width_mm or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


def bold(font: str) -> str:
    return font + "-bold" if font + "-bold" in FONT_FILES else font


def date_text(letter: Letter) -> str:
    d = letter.letter_date
    if letter.date_style == "long":
        return german_date(d)
    if letter.date_style == "iso":
        return d.isoformat()
    return numeric_date(d)


def layout(letter: Letter, rng: random.Random) -> tuple[list[Op], int]:
    """Return drawing operations (DIN 5008 form B) and the page count."""
    ops: list[Op] = []
    s = letter.sender
    f, size = letter.font, letter.size_pt
    lh = size * 25.4 / 72 * 1.32  # line height, mm
    left, right = 25.0, 190.0
    page = 0

    def text(
        y: float,
        t: str,
        x: float = left,
        fnt: str | None = None,
        sz: float | None = None,
        align: str = "left",
        pg: int | None = None,
    ) -> None:
        ops.append(
            Op(
                page if pg is None else pg,
                "text",
                x=x,
                y=y,
                text=t,
                font=fnt or f,
                size=sz or size,
                align=align,
            )
        )

    # Letterhead
    if s.kind == "citizen":
        y = 18.0
        head = [s.name, *s.lines, *s.letterhead]
        if rng.random() < 0.5:
            for i, t in enumerate(head):
                text(y + i * lh, t, x=right, align="right")
        else:
            for i, t in enumerate(head):
                text(y + i * lh, t)
    else:
        text(20.0, s.name, x=right, fnt=bold(f), sz=size + 4, align="right")
        y = 20.0 + lh * 0.9
        for t in s.letterhead:
            text(y, t, x=right, sz=size - 1.5, align="right")
            y += lh * 0.85
        ops.append(Op(page, "line", pts=[(left, y + 1.5), (right, y + 1.5)], width=0.35))
    # Return address line (Rücksendeangabe) in the address field
    ret = " · ".join([s.name, *s.lines[-2:]])
    text(45.0 + 12.0, ret, x=left, sz=7.0)
    ops.append(Op(page, "line", pts=[(left, 45 + 13.2), (left + 85, 45 + 13.2)], width=0.15))
    y = 45.0 + 17.7 + 4.0
    for t in letter.recipient:
        if t:
            text(y, t)
            y += lh
    # Information block or date line
    if s.contact:
        iy = 50.0 + 4.0
        pairs = [
            *s.contact,
            (
                "Datum",
                numeric_date(letter.letter_date)
                if letter.date_style != "iso"
                else letter.letter_date.isoformat(),
            ),
        ]
        if letter.date_style == "long":
            pairs[-1] = ("Datum", german_date(letter.letter_date))
        for k, v in pairs:
            text(iy, k, x=125.0, sz=size - 2.5)
            text(iy + lh * 0.8, v, x=125.0, sz=size - 1)
            iy += lh * 1.75
        body_y = max(103.0, iy + 6)
    else:
        place = s.place
        text(98.0, f"{place}, {date_text(letter)}", x=right, align="right")
        body_y = 108.0
    # Subject
    y = body_y
    subj = ("Betreff: " if letter.subject_label else "") + letter.subject
    for t in wrap(subj, bold(f), size, right - left):
        text(y, t, fnt=bold(f))
        y += lh
    for t in letter.subject_extra:
        text(y, t)
        y += lh
    y += lh * 1.2
    text(y, letter.salutation)
    y += lh * 1.6
    bottom = 297 - 30.0

    def newline(y: float) -> float:
        nonlocal page
        y += lh
        if y > bottom:
            page += 1
            y = 35.0
        return y

    for para in letter.paragraphs:
        for t in wrap(para, f, size, right - left):
            text(y, t)
            y = newline(y)
        y = newline(y)
    if letter.closing:
        text(y, letter.closing)
    else:
        text(y, "Mit freundlichen Grüßen")
    y = newline(y)
    if s.kind == "authority":
        text(y, s.signer_role)
        y = newline(y)
    # handwritten signature: a seeded squiggle
    if y + 14 > bottom:
        page += 1
        y = 35.0
    sx, sy = left + 2, y + 7
    pts = []
    for i in range(40):
        t = i / 39
        pts.append(
            (
                sx + t * 45 + rng.uniform(-0.6, 0.6),
                sy + math.sin(t * math.pi * rng.uniform(5, 9)) * rng.uniform(2, 4.5) - t * 3,
            )
        )
    ops.append(Op(page, "poly", pts=pts, width=0.45, gray=40))
    y += 16
    text(y, s.signer)
    y = newline(y)
    if s.signer_role and s.kind != "authority":
        text(y, s.signer_role, sz=size - 1)
        y = newline(y)
    if letter.enclosures:
        y = newline(y)
        text(y, "Anlagen", fnt=bold(f), sz=size - 1)
        y = newline(y)
        for e in letter.enclosures:
            text(y, f"– {e}", sz=size - 1)
            y = newline(y)
    pages = page + 1
    # Footer on every page for organisations; page numbers when > 1 page
    for pg in range(pages):
        fy = 297 - 18.0
        if s.footer:
            ops.append(Op(pg, "line", pts=[(left, fy - 4), (right, fy - 4)], width=0.2))
            for t in s.footer:
                ops.append(Op(pg, "text", x=left, y=fy, text=t, font=f, size=7.5))
                fy += 3.4
        if pages > 1:
            ops.append(
                Op(
                    pg,
                    "text",
                    x=right,
                    y=297 - 24.0 if s.footer else 297 - 15.0,
                    text=f"Seite {pg + 1} von {pages}",
                    font=f,
                    size=8.5,
                    align="right",
                )
            )
    if letter.stamp:
        ops.append(Op(0, "rect", pts=[(150, 12), (192, 30)], width=0.7, gray=70))
        ops.append(
            Op(
                0,
                "text",
                x=171,
                y=19,
                text=f"{letter.stamp} Stadt Braunschweig",
                font="sans-bold",
                size=7.5,
                align="center",
                gray=70,
            )
        )
        ops.append(
            Op(
                0,
                "text",
                x=171,
                y=26.5,
                text=numeric_date(letter.letter_date + dt.timedelta(days=2)),
                font="mono",
                size=11,
                align="center",
                gray=70,
            )
        )
    return ops, pages


# --------------------------------------------------------------------------
# Raster rendering and scanner simulation
# --------------------------------------------------------------------------


def a4_px(dpi: int) -> tuple[int, int]:
    return round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)


def render_clean(ops: list[Op], pages: int, dpi: int) -> list[Image.Image]:
    mm = dpi / 25.4
    out = []
    for pg in range(pages):
        im = Image.new("L", a4_px(dpi), 255)
        dr = ImageDraw.Draw(im)
        for op in ops:
            if op.page != pg:
                continue
            if op.kind == "text":
                fnt = pil_font(op.font, round(op.size * dpi / 72))
                anchor = {"left": "ls", "right": "rs", "center": "ms"}[op.align]
                dr.text((op.x * mm, op.y * mm), op.text, font=fnt, fill=op.gray, anchor=anchor)
            elif op.kind in ("line", "poly"):
                dr.line(
                    [(x * mm, y * mm) for x, y in op.pts],
                    fill=op.gray,
                    width=max(1, round(op.width * mm)),
                    joint="curve",
                )
            elif op.kind == "rect":
                (x0, y0), (x1, y1) = op.pts
                dr.rectangle(
                    [x0 * mm, y0 * mm, x1 * mm, y1 * mm],
                    outline=op.gray,
                    width=max(1, round(op.width * mm)),
                )
        out.append(im)
    return out


def _noise(rng: random.Random, size: tuple[int, int], amp: int) -> Image.Image:
    """Seeded uniform noise in [0, 2*amp] (fast: randbytes + lookup table)."""
    raw = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return raw.point([round(v * 2 * amp / 255) for v in range(256)])


def scanify(
    im: Image.Image,
    rng: random.Random,
    *,
    skew: float | None = None,
    noise: int = 14,
    blur: float = 0.7,
    dust: int = 120,
    punch: bool | None = None,
    shadow: bool | None = None,
) -> Image.Image:
    """Make a clean 'L' page look like a flatbed/ADF scan (deterministic for rng)."""
    w, h = im.size
    dpi_scale = w / a4_px(200)[0]
    dr = ImageDraw.Draw(im)
    if punch if punch is not None else rng.random() < 0.5:  # punched holes (filing)
        r = 3.0 * 200 / 25.4 * dpi_scale
        cx = 12 * 200 / 25.4 * dpi_scale
        for cy_mm in (148.5 - 40, 148.5 + 40):
            cy = cy_mm * 200 / 25.4 * dpi_scale
            dr.ellipse([cx - r, cy - r, cx + r, cy + r], fill=rng.randint(60, 110))
    for _ in range(dust):  # dust and toner specks
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.choice([0.6, 0.8, 1.0, 1.3, 1.8]) * dpi_scale
        dr.ellipse([x - r, y - r, x + r, y + r], fill=rng.randint(0, 120))
    for _ in range(rng.randint(0, 3)):  # faint hair / scratch
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        dr.line(
            [(x, y), (x + rng.uniform(-80, 80) * dpi_scale, y + rng.uniform(-80, 80) * dpi_scale)],
            fill=rng.randint(120, 190),
            width=1,
        )
    if skew is None:
        skew = rng.uniform(0.5, 2.0) * rng.choice([-1, 1])
    im = im.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if shadow if shadow is not None else rng.random() < 0.6:  # ADF edge shadow
        dr = ImageDraw.Draw(im)
        band = round(rng.uniform(8, 22) * dpi_scale)
        side = rng.choice(["top", "left", "right"])
        for i in range(band):
            g = round(90 + 160 * i / band)
            if side == "top":
                dr.line([(0, i), (w, i)], fill=g)
            elif side == "left":
                dr.line([(i, 0), (i, h)], fill=g)
            else:
                dr.line([(w - 1 - i, 0), (w - 1 - i, h)], fill=g)
    if blur:
        im = im.filter(ImageFilter.GaussianBlur(blur * dpi_scale))
    paper, ink = rng.randint(228, 242), rng.randint(18, 40)
    im = im.point([round(ink + v * (paper - ink) / 255) for v in range(256)])
    if noise:
        im = ImageChops.add(im, _noise(rng, im.size, noise), offset=-noise)
    return im


def to_bilevel(im: Image.Image, threshold: int = 150) -> Image.Image:
    return im.point(lambda v: 255 if v > threshold else 0, mode="1")


def phone_photo(im: Image.Image, rng: random.Random) -> Image.Image:
    """Uneven lighting and slight keystone, smaller size: like a phone photo."""
    w, h = im.size
    light = Image.radial_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    light = light.point(lambda v: round(255 - v * 0.28))  # centre bright, corners darker
    im = ImageChops.multiply(im, light)
    d = 0.012
    quad = (
        w * d * rng.uniform(0.5, 1.5),
        h * d * rng.uniform(0, 1),
        w * d * rng.uniform(0, 1),
        h * (1 - d * rng.uniform(0.5, 1.5)),
        w * (1 - d * rng.uniform(0, 1)),
        h * (1 - d * rng.uniform(0, 1)),
        w * (1 - d * rng.uniform(0.5, 1.5)),
        h * d * rng.uniform(0, 1),
    )
    im = im.transform(
        (w, h), Image.Transform.QUAD, quad, resample=Image.Resampling.BICUBIC, fillcolor=90
    )
    return im.resize((round(w * 0.9), round(h * 0.9)), Image.Resampling.LANCZOS)


def render_letter(
    letter: Letter,
    dpi: int = SCAN_DPI,
    *,
    scan: bool = True,
    rng: random.Random | None = None,
    **scan_kw: Any,
) -> list[Image.Image]:
    rng = rng or random.Random(f"render:{letter.letter_id}:{letter.subject}")
    ops, pages = layout(letter, rng)
    imgs = render_clean(ops, pages, dpi)
    if scan:
        imgs = [scanify(im, rng, **scan_kw) for im in imgs]
    return imgs


def separator_sheet(dpi: int, rng: random.Random, value: str = "PATCHT") -> Image.Image:
    """A4 separator sheet with a large Code 128 barcode (zxing-cpp 3.x writer API)."""
    import zxingcpp

    bc = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.Code128)
    zimg = zxingcpp.write_barcode_to_image(bc, scale=1, add_hrt=False, add_quiet_zones=True)
    mv = memoryview(zimg)
    code = Image.frombytes("L", (mv.shape[1], mv.shape[0]), bytes(mv))
    mm = dpi / 25.4
    target_w = round(130 * mm)
    scale = max(1, target_w // code.width)
    code = code.resize((code.width * scale, round(35 * mm)), Image.Resampling.NEAREST)
    page = Image.new("L", a4_px(dpi), 255)
    page.paste(code, ((page.width - code.width) // 2, round(90 * mm)))
    dr = ImageDraw.Draw(page)
    dr.text(
        (page.width / 2, 60 * mm),
        "TRENNBLATT",
        font=pil_font("sans-bold", round(28 * dpi / 72)),
        fill=0,
        anchor="ms",
    )
    dr.text(
        (page.width / 2, 72 * mm),
        "Poststelle – neues Dokument beginnt nach diesem Blatt",
        font=pil_font("sans", round(11 * dpi / 72)),
        fill=0,
        anchor="ms",
    )
    dr.text(
        (page.width / 2, 140 * mm),
        value,
        font=pil_font("mono", round(14 * dpi / 72)),
        fill=0,
        anchor="ms",
    )
    return scanify(
        page, rng, dust=60, punch=False, skew=rng.uniform(0.5, 1.2) * rng.choice([-1, 1])
    )


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


def g4_bytes(im: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    (im if im.mode == "1" else to_bilevel(im)).save(
        buf, "TIFF", compression="group4", dpi=(dpi, dpi)
    )
    return buf.getvalue()


def save_g4_tiff(images: list[Image.Image], path: str | Path, dpi: int) -> None:
    bl = [im if im.mode == "1" else to_bilevel(im) for im in images]
    bl[0].save(
        path, "TIFF", compression="group4", dpi=(dpi, dpi), save_all=True, append_images=bl[1:]
    )


def save_image_pdf(images: list[Image.Image], path: str | Path, dpi: int) -> None:
    """Image-only PDF from 1-bit pages (CCITT G4 streams, embedded as is by img2pdf)."""
    import img2pdf
    import pikepdf

    when = dt.datetime(2025, 3, 5, 9, 0, 0, tzinfo=dt.UTC)
    data = img2pdf.convert(
        [g4_bytes(im, dpi) for im in images],
        creationdate=when,
        moddate=when,
        producer="Scanstation test generator",
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:  # re-save for a deterministic trailer /ID
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID  # img2pdf's /ID is random; qpdf would keep its first half
        pdf.save(path, deterministic_id=True)


def save_born_digital(letter: Letter, path: str | Path, rng: random.Random) -> None:
    """A born-digital PDF drawn with reportlab; DejaVu TrueType fonts are embedded."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    ops, pages = layout(letter, rng)
    names = {}
    for op in ops:
        if op.kind == "text" and op.font not in names:
            nm = "DejaVu-" + op.font
            pdfmetrics.registerFont(TTFont(nm, str(FONT_DIR / FONT_FILES[op.font])))
            names[op.font] = nm
    first = names[next(op.font for op in ops if op.kind == "text")]
    # initialFontName: otherwise reportlab puts a non-embedded Helvetica into every page
    cv = canvas.Canvas(
        str(path),
        pagesize=(210 * mm, 297 * mm),
        invariant=1,
        pageCompression=1,
        initialFontName=first,
        initialFontSize=11,
    )
    cv.setTitle(letter.subject)
    cv.setAuthor(letter.sender.name)
    cv.setCreator("Scanstation test generator")
    for pg in range(pages):
        for op in ops:
            if op.page != pg:
                continue
            g = op.gray / 255
            cv.setFillGray(g)
            cv.setStrokeGray(g)
            if op.kind == "text":
                cv.setFont(names[op.font], op.size)
                x, y = op.x * mm, (297 - op.y) * mm
                if op.align == "right":
                    cv.drawRightString(x, y, op.text)
                elif op.align == "center":
                    cv.drawCentredString(x, y, op.text)
                else:
                    cv.drawString(x, y, op.text)
            elif op.kind in ("line", "poly"):
                cv.setLineWidth(op.width * mm)
                p = cv.beginPath()
                p.moveTo(op.pts[0][0] * mm, (297 - op.pts[0][1]) * mm)
                for x, y in op.pts[1:]:
                    p.lineTo(x * mm, (297 - y) * mm)
                cv.drawPath(p, stroke=1, fill=0)
            elif op.kind == "rect":
                (x0, y0), (x1, y1) = op.pts
                cv.setLineWidth(op.width * mm)
                cv.rect(x0 * mm, (297 - y1) * mm, (x1 - x0) * mm, (y1 - y0) * mm, stroke=1, fill=0)
        cv.showPage()
    cv.save()


# --------------------------------------------------------------------------
# The committed set
# --------------------------------------------------------------------------


def build_set(out: Path, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    dpi = SCAN_DPI
    by_name = {fn.__name__: fn for fn in SCENARIOS}
    idx = iter(range(1000))

    def letter(name: str) -> Letter:
        return make_letter(seed, next(idx), by_name[name])

    files: list[dict[str, Any]] = []

    def entry(
        name: str, kind: str, pages: int, docs: list[tuple[Letter, int, int]], **kw: Any
    ) -> None:
        files.append(
            {
                "file": name,
                "kind": kind,
                "pages": pages,
                **kw,
                "documents": [
                    {"pages": {"first": a, "last": b}, **lt.manifest()} for lt, a, b in docs
                ],
            }
        )

    rng = random.Random(f"{seed}:set")

    # 1. PNG, 1-bit, 200 dpi
    lt = letter("sc_grundsteuer_widerspruch")
    pg = render_letter(lt, dpi)
    to_bilevel(pg[0]).save(out / "letter_png_200dpi.png", dpi=(dpi, dpi), optimize=True)
    entry(
        "letter_png_200dpi.png",
        "png",
        1,
        [(lt, 1, 1)],
        dpi=dpi,
        color="1-bit",
        rotation=0,
        text_layer=False,
    )

    # 2. JPEG, grayscale, 200 dpi (the one gray JPEG scan)
    lt = letter("sc_bauantrag")
    pg = render_letter(lt, dpi)
    pg[0].save(out / "letter_gray_200dpi.jpg", quality=40, dpi=(dpi, dpi), optimize=True)
    entry(
        "letter_gray_200dpi.jpg",
        "jpeg",
        1,
        [(lt, 1, 1)],
        dpi=dpi,
        color="gray",
        rotation=0,
        text_layer=False,
    )

    # 3. JPEG without DPI (phone photo)
    lt = letter("sc_kita")
    pg = render_letter(lt, dpi, noise=10, blur=0.6, shadow=False, punch=False)
    ph = phone_photo(pg[0], rng)
    ph.save(out / "letter_phone_nodpi.jpg", quality=45, optimize=True)  # no dpi= -> no density
    entry(
        "letter_phone_nodpi.jpg",
        "jpeg",
        1,
        [(lt, 1, 1)],
        dpi=None,
        color="gray",
        rotation=0,
        text_layer=False,
        notes="no DPI in the file (JFIF density 1:1, aspect only); content is about 180 dpi",
    )

    # 4. Multi-page TIFF (one 2-page letter), G4, 200 dpi
    lt = force_two_pages(letter("sc_bussgeld_anwalt"), rng)
    pg = render_letter(lt, dpi)
    assert len(pg) == 2, len(pg)
    save_g4_tiff(pg, out / "letter_2pages_g4.tif", dpi)
    entry(
        "letter_2pages_g4.tif",
        "tiff",
        2,
        [(lt, 1, 2)],
        dpi=dpi,
        color="1-bit CCITT G4",
        rotation=0,
        text_layer=False,
    )

    # 5. Image-only PDF
    lt = letter("sc_strassenbeleuchtung")
    pg = render_letter(lt, dpi)
    save_image_pdf(pg, out / "letter_imageonly.pdf", dpi)
    entry(
        "letter_imageonly.pdf",
        "pdf",
        1,
        [(lt, 1, 1)],
        dpi=dpi,
        color="1-bit CCITT G4",
        rotation=0,
        text_layer=False,
    )

    # 6. Page rotated by 90 degrees (landscape page, text runs bottom-to-top)
    lt = letter("sc_baumfaellung")
    pg = render_letter(lt, dpi)
    to_bilevel(pg[0]).rotate(90, expand=True).save(
        out / "letter_rotated90.png", dpi=(dpi, dpi), optimize=True
    )
    entry(
        "letter_rotated90.png",
        "png",
        1,
        [(lt, 1, 1)],
        dpi=dpi,
        color="1-bit",
        rotation=90,
        text_layer=False,
        notes="content turned 90° counter-clockwise; needs a 90° clockwise turn to read",
    )

    # 7. Page upside down (image-only PDF)
    lt = letter("sc_laerm")
    pg = render_letter(lt, dpi)
    save_image_pdf([to_bilevel(pg[0]).rotate(180)], out / "letter_upside_down.pdf", dpi)
    entry(
        "letter_upside_down.pdf",
        "pdf",
        1,
        [(lt, 1, 1)],
        dpi=dpi,
        color="1-bit CCITT G4",
        rotation=180,
        text_layer=False,
    )

    # 8. Stack: 3 letters with separator sheets (pages: L, SEP, L L, SEP, L)
    l1 = letter("sc_ratenzahlung")
    l2 = force_two_pages(letter("sc_schuelerbefoerderung"), rng)
    l3 = letter("sc_handwerkerrechnung")
    p1, p2, p3 = render_letter(l1, dpi), render_letter(l2, dpi), render_letter(l3, dpi)
    assert (len(p1), len(p2), len(p3)) == (1, 2, 1), (len(p1), len(p2), len(p3))
    stack = [*p1, separator_sheet(dpi, rng), *p2, separator_sheet(dpi, rng), *p3]
    save_image_pdf(stack, out / "stack_3letters_patcht.pdf", dpi)
    entry(
        "stack_3letters_patcht.pdf",
        "pdf",
        6,
        [(l1, 1, 1), (l2, 3, 4), (l3, 6, 6)],
        dpi=dpi,
        color="1-bit CCITT G4",
        rotation=0,
        text_layer=False,
        separator_pages=[2, 5],
        separator_barcode={"format": "Code128", "value": "PATCHT"},
    )

    # 9. Born-digital PDF (reportlab, embedded DejaVu TrueType subset fonts)
    lt = letter("sc_gewerbesteuer_finanzamt")
    save_born_digital(lt, out / "letter_born_digital.pdf", random.Random(f"{seed}:bd"))
    entry(
        "letter_born_digital.pdf",
        "pdf",
        1,
        [(lt, 1, 1)],
        dpi=None,
        color="vector",
        rotation=0,
        text_layer=True,
        notes="real text layer, fonts embedded; no OCR needed",
    )

    manifest = {
        "format": "scanstation-letters/1",
        "generator": "tests/resources/letters/make_letters.py",
        "seed": seed,
        "page_numbers": "1-based, inclusive, counted in the input file (separator pages included)",
        "rotation": "degrees the page content is turned counter-clockwise in the file (0, 90, 180)",
        "files": files,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


# --------------------------------------------------------------------------
# Verification (OCR)
# --------------------------------------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).casefold()


def has_word(text: str, word: str) -> bool:
    """Whole-word, case-insensitive match (what a full-text search would need)."""
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", text.casefold()) is not None


def ocr_text(
    path: Path, work: Path, *, image_dpi: int = 300, rotate_threshold: float | None = None
) -> tuple[list[str], str]:
    """OCR a file with ocrmypdf (deu+eng, --rotate-pages); return per-page texts and the route."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    bindir = Path(sys.executable).parent
    ocrmypdf = str(bindir / "ocrmypdf") if (bindir / "ocrmypdf").exists() else "ocrmypdf"
    out = work / (path.name + ".ocr.pdf")
    side = work / (path.name + ".txt")
    cmd = [
        ocrmypdf,
        "-l",
        "deu+eng",
        "--rotate-pages",
        "--output-type",
        "pdf",
        "--sidecar",
        str(side),
        "-q",
    ]
    if rotate_threshold is not None:
        cmd += ["--rotate-pages-threshold", str(rotate_threshold)]
    if path.suffix.lower() != ".pdf":
        cmd += ["--image-dpi", str(image_dpi)]
    r = subprocess.run([*cmd, str(path), str(out)], env=env, capture_output=True, text=True)
    if r.returncode == 0:
        return side.read_text(encoding="utf-8").split("\f"), "ocrmypdf"
    if r.returncode == 6 or "page already has text" in r.stderr.lower():  # born digital
        t = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
        return t.stdout.split("\f"), "text layer (pdftotext); ocrmypdf exit 6"
    raise RuntimeError(f"ocrmypdf failed on {path.name}: exit {r.returncode}: {r.stderr[-500:]}")


def verify(out: Path, rotate_threshold: float | None = None) -> bool:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ok_all = True
    with tempfile.TemporaryDirectory() as tmp:
        for fe in manifest["files"]:
            pages, route = ocr_text(out / fe["file"], Path(tmp), rotate_threshold=rotate_threshold)
            for doc in fe["documents"]:
                text = _norm(" ".join(pages[doc["pages"]["first"] - 1 : doc["pages"]["last"]]))
                missing = [w for w in doc["distinctive_words"] if not has_word(text, w)]
                refs = [r["value"] for r in doc["references"] if _norm(r["value"]) not in text]
                ok = not missing
                ok_all &= ok
                print(
                    f"{'OK  ' if ok else 'FAIL'} {fe['file']:30s} {doc['id']} p{doc['pages']['first']}-"
                    f"{doc['pages']['last']} words {len(doc['distinctive_words']) - len(missing)}/"
                    f"{len(doc['distinctive_words'])}"
                    + (f" missing={missing}" if missing else "")
                    + (f" refs-not-verbatim={refs}" if refs else "")
                    + f" [{route}]"
                )
            for sp in fe.get("separator_pages", []):
                import zxingcpp
                from pypdfium2 import PdfDocument

                pdf = PdfDocument(str(out / fe["file"]))
                img = pdf[sp - 1].render(scale=150 / 72).to_pil().convert("L")
                found = [b.text for b in zxingcpp.read_barcodes(img)]
                good = fe["separator_barcode"]["value"] in found
                ok_all &= good
                print(
                    f"{'OK  ' if good else 'FAIL'} {fe['file']:30s} separator page {sp}: "
                    f"barcodes at 150 dpi {found}"
                )
    return ok_all


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: this folder)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--verify", action="store_true", help="OCR every output and check the words")
    ap.add_argument("--verify-only", action="store_true", help="only verify existing outputs")
    ap.add_argument(
        "--rotate-threshold",
        type=float,
        default=None,
        help="pass --rotate-pages-threshold to ocrmypdf (its default is 14)",
    )
    a = ap.parse_args(argv)
    if not a.verify_only:
        m = build_set(a.out, a.seed)
        total = 0
        for fe in m["files"]:
            size = (a.out / fe["file"]).stat().st_size
            total += size
            print(f"{fe['file']:30s} {fe['pages']} p  {size / 1024:7.1f} KiB")
        print(f"total {total / 1024:.1f} KiB")
    if a.verify or a.verify_only:
        return 0 if verify(a.out, a.rotate_threshold) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
