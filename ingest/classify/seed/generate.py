"""Deterministic generator of the seed corpus ``letters.jsonl``.

Run ``python -m ingest.classify.seed.generate`` to rewrite the file; the same
seed always gives the same bytes. Each line is one letter::

    {"text", "department", "restricted", "sender_kind", "letter_date",
     "references": [{"kind", "value"}], "subject", "scenario"}
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ingest.classify.seed import parts as p
from ingest.classify.seed.scenario import KIND_CODES, Scenario
from ingest.classify.seed.scenarios_admin import SCENARIOS as ADMIN
from ingest.classify.seed.scenarios_city import SCENARIOS as CITY
from ingest.classify.seed.scenarios_people import SCENARIOS as PEOPLE

ALL_SCENARIOS: tuple[Scenario, ...] = ADMIN + PEOPLE + CITY
OUTPUT = Path(__file__).with_name("letters.jsonl")
SEED = 20250301
PER_DEPARTMENT = 46

# Words whose presence means the letter discloses health, disability, social-benefit
# or child-welfare details (scenarios with restricted == 1.0 are always restricted).
SENSITIVE = (
    "schwerbehindert",
    "Bürgergeld",
    "Grundsicherung",
    "Attest",
    "Gehbehinderung",
    "Autismus",
    "Arbeitsunfähigkeit",
    "Wiedereingliederung",
    "Arzt",
    "Pflegegeld",
    "Pflegeheim",
    "Pflegegrad",
    "krank",
    "Norovirus",
    "Symptome",
    "arbeitslos",
    "Arbeitslosigkeit",
    "Einkommen",
    "Kindeswohl",
    "Depression",
    "Erkrankung",
    "Hämatom",
    "alleinerziehend",
)
LAWYER_MARKERS = ("Mandant", "namens", "wir vertreten", "vertreten wir", "anwaltlich")
REF_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "az": (
        ("Ihr Zeichen", "ihr_zeichen"),
        ("Aktenzeichen", "aktenzeichen"),
        ("Az.", "aktenzeichen"),
        ("Ihr Aktenzeichen", "ihr_zeichen"),
        ("Ihr Geschäftszeichen", "ihr_zeichen"),
    ),
    "kz": (("Kassenzeichen", "kassenzeichen"),),
    "stnr": (("Steuernummer", "steuernummer"), ("St.-Nr.", "steuernummer")),
    "invoice": (("Rechnungsnummer", "rechnungsnummer"), ("Rechnung Nr.", "rechnungsnummer")),
    "customer": (("Kundennummer", "kundennummer"), ("Ihre Kundennummer", "kundennummer")),
    "order": (("Bestellnummer", "bestellnummer"), ("Auftragsnummer", "bestellnummer")),
    "vg": (("Vorgangsnummer", "vorgangsnummer"), ("Bauantrag Nr.", "vorgangsnummer")),
    "own": (("Unser Zeichen", "unser_zeichen"),),
}
DISTRACTORS: tuple[tuple[str, str], ...] = (
    ("20.3", "Die Grundsteuer für das Haus zahle ich übrigens pünktlich."),
    ("20.3", "Die Hundesteuer habe ich im Übrigen längst überwiesen."),
    ("32", "Das Bürgeramt hat mich an Sie verwiesen."),
    ("60", "Eine Kopie dieses Schreibens geht an den Fachbereich Bauordnung."),
    ("60", "Mein Bauantrag für den Wintergarten wurde übrigens problemlos genehmigt."),
    (
        "32",
        "Im letzten Jahr hatte ich wegen eines Parkverstoßes schon einmal mit Ihrem Haus zu tun.",
    ),
    ("67", "Auch der Spielplatz nebenan ist übrigens in einem schlechten Zustand."),
    ("51", "Den Kita-Platz für unsere Jüngste haben wir zum Glück schon sicher."),
    ("20", "Die Stadtkasse hat mir zudem eine Mahnung geschickt, die ich nicht verstehe."),
    ("66", "Bei der Gelegenheit: Die Straßenbeleuchtung vor meinem Haus ist auch defekt."),
    ("68", "Von dem Lärm der Baustelle ganz zu schweigen."),
    ("40", "Unsere Kinder gehen auf die Grundschule um die Ecke."),
    ("10", "Eine Durchschrift erhält die Poststelle."),
)


def _amount(rng: random.Random, low: int, high: int) -> str:
    value = rng.randrange(low * 100, high * 100) / 100
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _slots(dept: str, rng: random.Random, when: date) -> dict[str, str]:
    full, formal, _ = p.person(rng)
    year = when.year
    return {
        "client": formal,
        "name": full,
        "site": rng.choice(p.STREETS),
        "hn": str(rng.randrange(1, 140)),
        "district": rng.choice(p.DISTRICTS),
        "amount": _amount(rng, 40, 48000),
        "kz": f"{rng.randrange(1000, 9999)}.{rng.randrange(100, 999)}.{rng.randrange(1000, 9999)}",
        "stnr": f"{rng.randrange(10, 99)}/{rng.randrange(100, 999)}/{rng.randrange(10000, 99999)}",
        "az": p.unit_az(dept, rng, year),
        "invoice": f"RE-{year}-{rng.randrange(100, 99999):05d}",
        "customer": f"{rng.randrange(10000, 999999)}",
        "order": f"{rng.choice(('B', 'A', 'BE'))}{rng.randrange(1000, 99999)}",
        "vg": f"BV-{year}-{rng.randrange(1, 2999):04d}",
        "pn": f"{rng.randrange(100000, 999999)}",
        "own": f"{rng.randrange(10, 999)}/{year % 100:02d} "
        f"{rng.choice(('KM', 'bh', 'Dr. B/sk', 'HG', 'ö'))}",
        "child": rng.choice(p.CHILDREN),
        "age": str(rng.randrange(1, 6)),
        "school": rng.choice(p.SCHOOLS),
        "kita": rng.choice(p.KITAS),
        "company": rng.choice(p.COMPANIES),
        "plate": f"BS-{rng.choice('ABCDEHKLMR')}{rng.choice('ABCDEFGHJK')} "
        f"{rng.randrange(1, 9999)}",
        "bplan": f"{rng.choice(('HA', 'WI', 'ST', 'LE', 'QU'))} {rng.randrange(20, 160)}",
        "flur": f"Gemarkung {rng.choice(p.DISTRICTS)}, Flur {rng.randrange(1, 12)}, "
        f"Flurstück {rng.randrange(1, 400)}/{rng.randrange(1, 9)}",
        "tree": rng.choice(p.TREES),
        "park": rng.choice(p.PARKS),
        "date": p.german_date(when - timedelta(days=rng.randrange(3, 90)), rng),
        "date2": p.german_date(when + timedelta(days=rng.randrange(10, 120)), rng),
        "year": str(year),
        "month": rng.choice(p.MONTHS),
        "dog": rng.choice(
            ("Mischlingsrüde Bruno", "Labradorhündin Frieda", "Dackel Willi", "Terrier Luna")
        ),
    }


def _pick(options: tuple[str, ...], kind: str, rng: random.Random, first: bool) -> str:
    lawyerly = [o for o in options if any(m in o for m in LAWYER_MARKERS)]
    if kind == "lawyer" and first and lawyerly:
        return rng.choice(lawyerly)
    plain = [o for o in options if o not in lawyerly] or list(options)
    return rng.choice(plain)


def _sender(kind: str, rng: random.Random, slots: dict[str, str]) -> tuple[list[str], str, str]:
    """(letterhead lines, town for the date line, closing)."""
    plz, town = rng.choice(p.TOWNS)
    street = f"{rng.choice(p.STREETS)} {rng.randrange(1, 90)}"
    name = slots["name"]
    if kind == "citizen":
        head = (
            [f"{name} · {street} · {plz} {town}"]
            if rng.random() < 0.4
            else [name, street, f"{plz} {town}"]
        )
        closing = rng.choice(("Mit freundlichen Grüßen", "Viele Grüße", "Freundliche Grüße", "MfG"))
        return head, town, f"{closing}\n{name}"
    if kind == "company":
        firm = rng.choice(p.COMPANIES)
        head = [firm, f"{street}, {plz} {town}", f"Tel. 0531 {rng.randrange(100000, 999999)}"]
        foot = (
            f"\n\n{firm} · Amtsgericht Braunschweig HRB {rng.randrange(1000, 9999)}"
            f" · USt-IdNr. DE{rng.randrange(10**8, 10**9)}"
        )
        return head, town, f"Mit freundlichen Grüßen\n{firm}\ni. A. {name}{foot}"
    if kind == "lawyer":
        firm = rng.choice(p.LAW_FIRMS)
        return (
            [firm, street, f"{plz} {town}"],
            town,
            f"Mit freundlichen Grüßen\n\n{name}\nRechtsanwalt/Rechtsanwältin",
        )
    if kind == "authority":
        office = rng.choice(p.AUTHORITIES)
        head = [office, f"{street}, {plz} {town}", f"Bearbeitung: {name}"]
        return head, town, f"Im Auftrag\n{name}"
    club = rng.choice(p.ASSOCIATIONS)
    return (
        [club, f"Vorsitz: {name}", street, f"{plz} {town}"],
        "Braunschweig",
        f"Mit freundlichen Grüßen\nfür den Vorstand\n{name}",
    )


def _letter(sc: Scenario, rng: random.Random) -> dict[str, Any]:
    kind = KIND_CODES[rng.choice(sc.senders)]
    when = p.letter_date(rng)
    slots = _slots(sc.dept, rng, when)
    head, town, closing = _sender(kind, rng, slots)
    refs: list[dict[str, str]] = []
    ref_keys = list(sc.refs) + (
        ["own"] if kind in ("lawyer", "company", "authority") and rng.random() < 0.7 else []
    )
    ref_lines = []
    for key in ref_keys:
        if rng.random() < (0.55 if kind == "citizen" else 0.8):
            label, ref_kind = rng.choice(REF_LABELS[key])
            ref_lines.append(f"{label}: {slots[key]}")
            refs.append({"kind": ref_kind, "value": slots[key]})
    subject = rng.choice(sc.subjects).format_map(slots)
    body = [_pick(part, kind, rng, i == 0).format_map(slots) for i, part in enumerate(sc.parts)]
    if kind == "lawyer" and not any(m in body[0] for m in LAWYER_MARKERS):
        body.insert(
            0,
            "unter Vorlage anliegender Vollmacht zeigen wir an, "
            "dass wir {client} vertreten.".format_map(slots),
        )
        body[1:] = [re.sub(r"\bich\b", "unsere Partei", b) for b in body[1:]]
    if rng.random() < 0.2:
        body.insert(
            rng.randrange(1, len(body) + 1), rng.choice([t for d, t in DISTRACTORS if d != sc.dept])
        )
    date_line = rng.choice(
        (
            f"{town}, den {p.german_date(when, rng)}",
            f"{town}, {p.german_date(when, rng)}",
            p.german_date(when, rng),
        )
    )
    salutation = rng.choice(
        ("Sehr geehrte Damen und Herren,", "Sehr geehrte Damen und Herren,", "Guten Tag,", "Hallo,")
        if kind == "citizen"
        else ("Sehr geehrte Damen und Herren,",)
    )
    subj_line = (
        rng.choice((f"Betreff: {subject}", subject, f"Betr.: {subject}"))
        if kind != "lawyer"
        else (f"{slots['client'].split(' ', 1)[1]} ./. Stadt Braunschweig\n{subject}")
    )
    paragraphs = [
        b[0].upper() + b[1:] if i == 0 and salutation == "Hallo," else b
        for i, b in enumerate(body)
        if b
    ]
    lines = [
        *head,
        "",
        *p.recipient_block(sc.dept, rng, f"z. Hd. {p.person(rng)[1]}"),
        "",
        *ref_lines,
        date_line,
        "",
        subj_line,
        "",
        salutation,
        "",
        "\n\n".join(paragraphs),
        "",
        closing,
    ]
    if rng.random() < 0.3:
        lines += [
            "",
            "Anlagen",
            rng.choice(("Kopie Bescheid", "Nachweise", "Fotos", "Vollmacht", "Rechnung")),
        ]
    text = "\n".join(lines)
    for key, ref_kind in (
        ("kz", "kassenzeichen"),
        ("stnr", "steuernummer"),
        ("invoice", "rechnungsnummer"),
        ("order", "bestellnummer"),
        ("vg", "vorgangsnummer"),
        ("az", "aktenzeichen"),
    ):
        if slots[key] in text and all(r["value"] != slots[key] for r in refs):
            refs.append({"kind": ref_kind, "value": slots[key]})
    restricted = sc.restricted >= 1.0 or any(w.lower() in text.lower() for w in SENSITIVE)
    return {
        "text": text,
        "department": sc.dept,
        "restricted": restricted,
        "sender_kind": kind,
        "letter_date": when.isoformat(),
        "references": refs,
        "subject": subject,
        "scenario": sc.key,
    }


def generate(seed: int = SEED, per_department: int = PER_DEPARTMENT) -> Iterator[dict[str, Any]]:
    """Yield the corpus letters, department by department, scenarios in rotation."""
    rng = random.Random(seed)
    by_dept: dict[str, list[Scenario]] = {}
    for sc in ALL_SCENARIOS:
        by_dept.setdefault(sc.dept, []).append(sc)
    for dept in sorted(by_dept):
        scenarios = by_dept[dept]
        for i in range(per_department):
            yield _letter(scenarios[i % len(scenarios)], rng)


def main() -> None:
    with OUTPUT.open("w", encoding="utf-8") as fh:
        for letter in generate():
            fh.write(json.dumps(letter, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
