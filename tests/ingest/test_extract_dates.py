"""German date parsing and the choice of the letter's own date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import extract_metadata, parse_date
from ingest.extract.dates import find_letter_date

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]  # fmt: skip
SHORT = ["Jan.", "Feb.", "Mär.", "Apr.", "Mai", "Jun.", "Jul.", "Aug.", "Sep.", "Okt.",
         "Nov.", "Dez."]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27.02.2025", date(2025, 2, 27)),
        ("27. Februar 2025", date(2025, 2, 27)),
        ("Braunschweig, den 3.3.25", date(2025, 3, 3)),
        ("3. Mär. 2025", date(2025, 3, 3)),
        ("2025-02-27", date(2025, 2, 27)),
        ("Datum: 27.02.2025", date(2025, 2, 27)),
        ("Wolfenbüttel, 1. Oktober 2024", date(2024, 10, 1)),
        ("12. Sept. 2024", date(2024, 9, 12)),
        ("5 Dezember 2024", date(2024, 12, 5)),
        ("03.06.25", date(2025, 6, 3)),
        ("Peine, 9. Jänner 2025", date(2025, 1, 9)),
        ("Hannover, 07.11.2024", date(2024, 11, 7)),
    ],
)
def test_common_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27.02.2O25", date(2025, 2, 27)),
        ("27. Marz 2025", date(2025, 3, 27)),
        ("27. Maerz 2025", date(2025, 3, 27)),
        ("l2.03.2025", date(2025, 3, 12)),
        ("12 . 03 . 2025", date(2025, 3, 12)),
        ("12,03.2025", date(2025, 3, 12)),
        ("Braunschweig, 12. Februar 2025.", date(2025, 2, 12)),
        ("2O25-O2-27", date(2025, 2, 27)),
        ("24. Miirz 2025", date(2025, 3, 24)),
        ("Donnerstag, 8: Mai 2025", date(2025, 5, 8)),
        ("Datum: 120372025", date(2025, 3, 12)),
        ("2020322025", date(2025, 3, 20)),
    ],
)
def test_ocr_noise(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31.02.2025", "00.01.2025", "12.13.2025", "30. Februar 2025", "1.245,42 €",
             "14/123/45678", "7.4563.866378.0", "Oktober",
             "Kassenzeichen 120372025", "120372025 EUR", "0531 120372025", "3213452025"]
)  # fmt: skip
def test_impossible_or_no_dates(text: str) -> None:
    assert parse_date(text) is None


def test_a_date_far_ahead_is_no_letter_date() -> None:
    lines = ["Datum: 19.03.2095", "", "Sehr geehrte Damen und Herren,", "am 10.03.2025 war ich da."]
    assert find_letter_date(lines) != date(2095, 3, 19)


def test_body_dates_are_not_the_letter_date() -> None:
    lines = [
        "Max Mustermann · Hauptstr. 1 · 38100 Braunschweig",
        "Stadt Braunschweig",
        "Braunschweig, den 3.3.25",
        "Betreff: Widerspruch gegen den Bescheid vom 01.02.2025",
        "Sehr geehrte Damen und Herren,",
        "gegen Ihren Bescheid vom 01.02.2025 lege ich Widerspruch ein. Bitte antworten",
        "Sie bis zum 15.03.2025.",
    ]
    assert find_letter_date(lines) == date(2025, 3, 3)
    # some citizens put place and date above the signature
    bottom = [*lines[3:], "Braunschweig, den 3.3.25", "Max Mustermann"]
    assert find_letter_date(bottom) == date(2025, 3, 3)


def test_date_label_beats_earlier_reference_dates() -> None:
    lines = [
        "Ihr Schreiben vom 10.01.2025",
        "Datum",
        "Stadt Braunschweig 24.01.2025",
        "Sehr geehrte Frau Sommerfeld,",
    ]
    assert find_letter_date(lines) == date(2025, 1, 24)


def test_incoming_stamp_is_ignored() -> None:
    lines = ["EINGANG Stadt Braunschweig", "14.03.2025", "Helga Roth", "Braunschweig, 12.03.2025"]
    assert find_letter_date(lines) == date(2025, 3, 12)


def test_only_body_dates_give_none_in_letter() -> None:
    text = "Sehr geehrte Damen und Herren,\nder Termin am 04.04.2025 passt mir nicht.\n"
    assert extract_metadata([text]).letter_date is None


def _render(d: date, style: int) -> str:
    y2 = f"{d.year % 100:02d}"
    forms = [
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}.{d.month}.{y2}",
        f"{d.day}. {MONTHS[d.month - 1]} {d.year}",
        f"{d.day}. {SHORT[d.month - 1]} {d.year}",
        d.isoformat(),
        f"Braunschweig, den {d.day}.{d.month}.{d.year}",
        f"Datum: {d.day:02d}.{d.month:02d}.{d.year}",
    ]
    return forms[style]


@settings(max_examples=300)
@given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       style=st.integers(min_value=0, max_value=6))  # fmt: skip
def test_every_supported_form_round_trips(d: date, style: int) -> None:
    text = _render(d, style)
    assert parse_date(text) == d
    letter_date = find_letter_date(["Stadt Braunschweig", text, "Sehr geehrte Damen und Herren,"])
    assert letter_date == (d if d.year <= date.today().year + 1 else None)


@settings(max_examples=200)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    parse_date(text)
    meta = extract_metadata([text, text[::-1]])
    assert isinstance(meta.to_dict(), dict)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Gesendet: Sonntag,.2. März 2025 23:14", "Frist bis 20.03.2025"], date(2025, 3, 2)),
        (["Von: a@b.de", "Gesendet: Montag, 27. Januar 2025 08:51"], date(2025, 1, 27)),
        (["Rechnungsdatum: 11.03.2025", "Leistungszeitraum 01.02.2025"], date(2025, 3, 11)),
        (
            ["LIEFERSCHEIN", "Lieferdatum: 20.02.2026", "Bestellung vom 28.01.2026"],
            date(2026, 2, 20),
        ),
        (["Lieferdatum: 03.03.2026", "Rechnungsdatum: 11.03.2026"], date(2026, 3, 11)),
        (["_ Stadt Braunschweig = Braunschweig, 30. Januar 2025"], date(2025, 1, 30)),
        (["* Braunschweig, 14.01.2025", "zum 01.08.2025 vorgemerkt"], date(2025, 1, 14)),
        (["- ‚Wolfenbüttel, 04.03.2025", "Ihr Schreiben vom 01.03.2025"], date(2025, 3, 4)),
        ([". 20. Januar 2025", "seit dem 01.01.2025 verwalten wir"], date(2025, 1, 20)),
        (["x 9. Januar 2025"], date(2025, 1, 9)),
        (["Clausthal-Zellerfeld, 28. Juli 2026 -", "Telefonat am 23. Juli"], date(2026, 7, 28)),
        (["Datum der Meldung: 03.11.2026", "Erkrankungsbeginn: 30.10.2026"], date(2026, 11, 3)),
        (["Rathausmarkt 1 4 Wendelstedt, 03.03.2025", "am 17.02.2025 wurde"], date(2025, 3, 3)),
        (
            ["Stadtkasse 2 > Wolfenbüttel, 28. Januar 2025", "Erbschein vom 22.01.2025"],
            date(2025, 1, 28),
        ),
        (["Gesendet: © Samstag, 22. Februar 2025 13:18"], date(2025, 2, 22)),
        (
            ["Tatzeit: 28.01.2025, 10:42 Uhr", "Ort, Datum: Braunschweig, 12.02.2025"],
            date(2025, 2, 12),
        ),
    ],
)
def test_sent_lines_invoices_and_ocr_noise_before_the_place(
    lines: list[str], expected: date
) -> None:
    from ingest.extract.dates import find_letter_date

    assert find_letter_date(lines) == expected
