"""A form-B letter's reference line (``ingest.extract.refline``)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract import extract_metadata
from ingest.extract.refline import reference_line

LABELS = "Ihr Zeichen        Ihre Nachricht vom   Unser Zeichen   Datum"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # as printed
            [LABELS, "60.2-0047/2026     03.02.2026           P-2519 / ha     16. Februar 2026"],
            [
                "Ihr Zeichen: 60.2-0047/2026",
                "Ihre Nachricht vom: 03.02.2026",
                "Unser Zeichen: P-2519 / ha",
                "Datum: 16.02.2026",
            ],
        ),
        (  # as OCR gives it: one space between columns, the last column wrapped
            [
                "Ihr Zeichen Ihre Nachricht vom Unser Zeichen Datum",
                "60.2-0047/2026 03.02.2026 P-2519/ha 16. Februar",
                "2026",
                "",
                "Neubau",
            ],
            [
                "Ihr Zeichen: 60.2-0047/2026",
                "Ihre Nachricht vom: 03.02.2026",
                "Unser Zeichen: P-2519/ha",
                "Datum: 16.02.2026",
            ],
        ),
        (  # an empty date column: which reference is whose is unknown, so only the date
            [LABELS, "AB-12 P-2519/ha 16.02.2026"],
            ["Datum: 16.02.2026"],
        ),
        (  # a telephone column is peeled off the reference before it
            ["Unser Zeichen   Durchwahl   Datum", "Kl/ms   0531 470-2211   3. März 2026"],
            ["Unser Zeichen: Kl/ms", "Datum: 03.03.2026"],
        ),
        (  # two reference columns without a date between them are not split by guessing
            ["Ihr Zeichen   Unser Zeichen   Datum", "AB-12   P-2519/ha   16.02.2026"],
            ["Datum: 16.02.2026"],
        ),
        (["Bitte geben Sie Ihr Zeichen, unser Zeichen und das Datum an."], []),
        (["Unser Zeichen: P-2519/ha", "Datum: 16.02.2026"], []),  # an information block
    ],
)
def test_reference_line(rows: list[str], expected: list[str]) -> None:
    assert reference_line(rows) == expected


def test_letter_date_and_references_of_a_form_b_letter() -> None:
    text = "\n".join(
        [
            "ARCHITEKTURBÜRO DE VRIES + HAGEN",
            "Am Alten Hafen 6 · 26789 Leer",
            "",
            "Stadt Ostermoor",
            "Rathausmarkt 2",
            "26835 Ostermoor",
            "",
            "Ihr Zeichen Ihre Nachricht vom Unser Zeichen Datum",
            "60.2-0047/2026 03.02.2026 P-2519/ha 16. Februar",
            "2026",
            "",
            "Nachreichung von Unterlagen",
            "",
            "Sehr geehrter Herr Gerdes,",
            "mit Ihrem Schreiben vom 03.02.2026 baten Sie um Nachreichung bis zum 06.03.2026.",
        ]
    )
    meta = extract_metadata([text])
    assert meta.letter_date == date(2026, 2, 16)  # not the date of the city's letter
    assert {r.value for r in meta.references} >= {"60.2-0047/2026", "P-2519/ha"}
