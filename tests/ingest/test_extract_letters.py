"""extract_metadata on whole letters: the committed born-digital PDF and
hand-written OCR-like texts of varied senders and layouts (fictional)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.extract import LetterMetadata, Reference, extract_metadata

LETTERS = Path(__file__).resolve().parents[1] / "resources" / "letters"

# (text, letter_date, sender, subject, references)
Case = tuple[str, date, str, str, list[tuple[str, str]]]
CASES: dict[str, Case] = {
    "citizen_right_head": (
        """Helga Sommer
Am Lehmanger 12
38120 Braunschweig

Helga Sommer · Am Lehmanger 12 · 38120 Braunschweig
Stadt Braunschweig
Abteilung 20.3 – Steuern
Postfach 33 09
38023 Braunschweig
Braunschweig, den 3.3.25
Hundesteuer – Abmeldung meines Hundes
Kassenzeichen: 5.0123.456789.1
Sehr geehrte Damen und Herren,
mein Hund ist am 14.02.2025 verstorben. Ich bitte um Abmeldung zum Ende des Monats.
Mit freundlichen Grüßen
Helga Sommer""",
        date(2025, 3, 3), "Helga Sommer", "Hundesteuer – Abmeldung meines Hundes",
        [("kassenzeichen", "5.0123.456789.1")],
    ),
    "company_infoblock_ocr": (
        """Elektro Kaminski GmbH
Elektroinstallation · Netzwerktechnik
Ihr Zeichen
Elektro Kaminski GmbH - Gliesmaroder Str. 88 » 38106 Braunschweig 65.2-311/2025
Stadt Braunschweig Rechnungsnummer
Fachbereich 65 - Gebäudemanagement 2025-0415
Platz der Deutschen Einheit 1 Kundennummer
38100 Braunschweig 10482
Datum
27. Feb. 2025

Betreff: Rechnung Austausch Notbeleuchtung Grundschule Querum .

Sehr geehrte Damen und Herren,
für die am 19.02.2025 ausgeführten Arbeiten berechnen wir wie folgt.
Zahlbar bis zum 29.03.2025 ohne Abzug.
Mit freundlichen Grüßen
i. A. Jörg Kaminski""",
        date(2025, 2, 27), "Elektro Kaminski GmbH",
        "Rechnung Austausch Notbeleuchtung Grundschule Querum",
        [("aktenzeichen", "65.2-311/2025"), ("rechnungsnummer", "2025-0415"),
         ("kundennummer", "10482")],
    ),
    "lawyer_left_date": (
        """KANZLEI DR. BERGMANN & PARTNER
Rechtsanwälte · Fachanwälte für Verwaltungsrecht
Kanzlei Dr. Bergmann & Partner, Steinweg 7, 38100 Braunschweig
Stadt Braunschweig
Fachbereich 60 – Bauordnung
Postfach 33 09
38023 Braunschweig
Unser Zeichen: 2025/0173 BE/mk
Ihr Zeichen: 60.3-881/2024
Braunschweig, 14. März 2025
Bauvorhaben Kastanienallee 21 – Widerspruch unserer Mandantin
Sehr geehrte Frau Sommerfeld,
namens unserer Mandantin legen wir gegen die Baugenehmigung vom 20.02.2025 Widerspruch ein.
Mit freundlichen Grüßen
Dr. Anna Bergmann
Rechtsanwältin""",
        date(2025, 3, 14), "Kanzlei Dr. Bergmann & Partner",
        "Bauvorhaben Kastanienallee 21 – Widerspruch unserer Mandantin",
        [("unser_zeichen", "2025/0173 BE/mk"), ("aktenzeichen", "60.3-881/2024")],
    ),
    "authority_iso": (
        """Landkreis Gifhorn
Der Landrat
Landkreis Gifhorn · Schlossplatz 1 · 38518 Gifhorn
Stadt Braunschweig
Fachbereich 66 – Tiefbau und Verkehr
38100 Braunschweig
Aktenzeichen: 66-12/25
Datum: 2025-04-02
Betreff: Vollsperrung der K 114 wegen Brückensanierung
Sehr geehrte Damen und Herren,
wir informieren Sie, dass die K 114 vom 05.05.2025 bis 30.06.2025 gesperrt wird.
Mit freundlichen Grüßen
Im Auftrag
Maren Voß""",
        date(2025, 4, 2), "Landkreis Gifhorn", "Vollsperrung der K 114 wegen Brückensanierung",
        [("aktenzeichen", "66-12/25")],
    ),
    "citizen_no_letterhead": (
        """Stadt Braunschweig
Fachbereich 67 – Stadtgrün und Sport
Platz der Deutschen Einheit 1
38100 Braunschweig

                                        Braunschweig, 2. Juni 2025
Umgestürzter Baum auf dem Spielplatz Jasperallee

Guten Tag,
seit dem Sturm am 30.05.2025 liegt ein Baum quer über dem Spielplatz.
Viele Grüße
Kemal Aydın
Jasperallee 40, 38102 Braunschweig""",
        date(2025, 6, 2), "Kemal Aydın", "Umgestürzter Baum auf dem Spielplatz Jasperallee",
        [],
    ),
    "ocr_noisy_citizen": (
        """Jens Weiß
Querumer Straße 5
38108 Braunschweig
Jens Weiß - Querumer Straße 5 : 38108 Braunschweig
Stadt Braunschweig
Fachbereich 68 - Umwelt
Postfach 33 09;
38023 Braunschweig
Braunschweig, 24. Apri1 2O25
Betreff; Beschwerde über nächtliche Lärmbelästigung ,
Sehr geehrte Damen und Herren,
seit dem 01.03.2025 läuft nachts eine Lüftungsanlage.
Mit freundlichen Grüßen
Jens Weiß""",
        date(2025, 4, 24), "Jens Weiß", "Beschwerde über nächtliche Lärmbelästigung", [],
    ),
    "finanzamt_steuernummer": (
        """Finanzamt Braunschweig-Altewiekring
Niedersächsische Steuerverwaltung
Finanzamt Braunschweig-Altewiekring · Postfach 12 34 · 38012 Braunschweig
Stadt Braunschweig
Abteilung 20.3 – Steuern
Postfach 33 09
38023 Braunschweig
Steuernummer
14/123/45678
Datum
05.11.2024
Betreff: Gewerbesteuermessbescheid 2023 – Änderung
Sehr geehrte Damen und Herren,
der Messbescheid vom 12.06.2024 wurde geändert.
Im Auftrag
Timo Lange""",
        date(2024, 11, 5), "Finanzamt Braunschweig-Altewiekring",
        "Gewerbesteuermessbescheid 2023 – Änderung", [("steuernummer", "14/123/45678")],
    ),
    "order_confirmation": (
        """Büroland Nord GmbH & Co. KG
Büroland Nord GmbH & Co. KG | Hafenstraße 3 | 30159 Hannover
Stadt Braunschweig
Fachbereich 10 – Zentrale Dienste
z. Hd. Herrn Lüders
Postfach 33 09
38023 Braunschweig
Hannover, 18.09.2024
Auftragsbestätigung
Ihre Bestellung Nr. 4500123456 vom 16.09.2024
Kundennummer: 77-1029
Sehr geehrter Herr Lüders,
vielen Dank für Ihre Bestellung. Die Lieferung erfolgt bis zum 30.09.2024.
Mit freundlichen Grüßen
Büroland Nord""",
        date(2024, 9, 18), "Büroland Nord GmbH & Co. KG", "Auftragsbestätigung",
        [("bestellnummer", "4500123456"), ("kundennummer", "77-1029")],
    ),
    "bauantrag_nummer": (
        """Planungsgruppe Hoffmann GmbH
Architektur · Bauleitung
Planungsgruppe Hoffmann GmbH · Bültenweg 17 · 38106 Braunschweig
Stadt Braunschweig
Fachbereich 60 – Bauordnung
38100 Braunschweig
Braunschweig, 08.01.2025
Betreff: Nachreichung von Unterlagen
Bauantrag Nr. 2024/1187, Az. 60.2-123/2024
Sehr geehrte Damen und Herren,
anbei erhalten Sie die fehlenden Standsicherheitsnachweise.
Mit freundlichen Grüßen
Dipl.-Ing. Lea Hoffmann""",
        date(2025, 1, 8), "Planungsgruppe Hoffmann GmbH", "Nachreichung von Unterlagen",
        [("bauantrag", "2024/1187"), ("aktenzeichen", "60.2-123/2024")],
    ),
    "vorgang_energy": (
        """BS|ENERGY
Braunschweiger Versorgungs-AG & Co. KG
BS|ENERGY · Taubenstraße 7 · 38106 Braunschweig
Stadt Braunschweig
Fachbereich 66 – Tiefbau und Verkehr
38100 Braunschweig
Ihre Nachricht vom 02.12.2024
Vorgangsnummer: V-2024-88213
Datum: 10. Dezember 2024
Aufbruch Gehweg Helmstedter Straße 40
Sehr geehrte Damen und Herren,
für die Störungsbeseitigung am 09.12.2024 beantragen wir nachträglich die Genehmigung.
Freundliche Grüße
Netzbetrieb Strom""",
        date(2024, 12, 10), "BS|ENERGY", "Aufbruch Gehweg Helmstedter Straße 40",
        [("vorgangsnummer", "V-2024-88213")],
    ),
    "club_two_digit_year": (
        """TSV Eintracht Stöckheim e.V.
TSV Eintracht Stöckheim e.V. • Sportplatzweg 2 • 38124 Braunschweig
Stadt Braunschweig
Fachbereich 67 – Stadtgrün und Sport
38100 Braunschweig
Stöckheim, 7.10.24
Antrag auf Zuschuss für neue Flutlichtanlage
Sehr geehrte Damen und Herren,
wir beantragen einen Zuschuss. Die Mitgliederversammlung am 12.09.2024 hat zugestimmt.
Sportliche Grüße
Uwe Brandes, 1. Vorsitzender""",
        date(2024, 10, 7), "TSV Eintracht Stöckheim e.V.",
        "Antrag auf Zuschuss für neue Flutlichtanlage", [],
    ),
    "stamp_first": (
        """EINGANG Stadt Braunschweig
21.01.2025
Familie Nowak
Wendenring 3, 38114 Braunschweig
Stadt Braunschweig
Fachbereich 40 – Schule
38100 Braunschweig
Braunschweig, 17. Januar 2025
Betreff: Anmeldung zur Grundschule Bürgerstraße für Paula Nowak
Sehr geehrte Damen und Herren,
hiermit melden wir unsere Tochter Paula, geb. 03.04.2019, an.
Mit freundlichen Grüßen
Piotr und Ewa Nowak""",
        date(2025, 1, 17), "Familie Nowak",
        "Anmeldung zur Grundschule Bürgerstraße für Paula Nowak", [],
    ),
    "wrapped_subject": (
        """Immobilienverwaltung Nußbaum & Söhne KG
Immobilienverwaltung Nußbaum & Söhne KG · Münchenstraße 9 · 38118 Braunschweig
Stadt Braunschweig
Fachbereich 66 – Tiefbau und Verkehr
38100 Braunschweig
Unser Zeichen: NS-4471
Datum: 16.04.2025
Betreff: Defekte Straßenbeleuchtung Münchenstraße und wiederholte Ausfälle der
Beleuchtung im Bereich der Hausnummern 9 bis 15
Mastnummer 412-28
Sehr geehrte Damen und Herren,
seit dem 02.04.2025 ist die Leuchte dunkel.
Mit freundlichen Grüßen
Karin Nußbaum""",
        date(2025, 4, 16), "Immobilienverwaltung Nußbaum & Söhne KG",
        "Defekte Straßenbeleuchtung Münchenstraße und wiederholte Ausfälle der Beleuchtung "
        "im Bereich der Hausnummern 9 bis 15",
        [("unser_zeichen", "NS-4471")],
    ),
    "kassenzeichen_inline": (
        """Bäckerei Krüger e. K.
Bäckerei Krüger e. K. · Ölper Straße 31 · 38114 Braunschweig
Stadt Braunschweig
Fachbereich 20 – Finanzen, Stadtkasse
38100 Braunschweig
30.06.2025
Stundungsantrag
Sehr geehrte Damen und Herren,
für die Forderung zum Kassenzeichen 2.5410.993055.4 über 2.310,00 € beantragen wir
Stundung bis zum 30.09.2025.
Mit freundlichen Grüßen
Olaf Krüger""",
        date(2025, 6, 30), "Bäckerei Krüger e. K.", "Stundungsantrag",
        [("kassenzeichen", "2.5410.993055.4")],
    ),
    "ihr_schreiben_infoblock": (
        """Ingenieurbüro Lindner
Ingenieurbüro Lindner · Rebenring 56 · 38106 Braunschweig
Stadt Braunschweig
Stabsstelle Digitalisierung, Smart City
38100 Braunschweig
Ihr Schreiben vom
04.02.2025
Ihr Zeichen
0110-LoRa-7/2025
Datum
11.02.2025
Angebot LoRaWAN-Gateways für städtische Gebäude
Sehr geehrter Herr Dr. Pohl,
gern unterbreiten wir Ihnen das gewünschte Angebot.
Mit freundlichen Grüßen
Stefan Lindner""",
        date(2025, 2, 11), "Ingenieurbüro Lindner",
        "Angebot LoRaWAN-Gateways für städtische Gebäude",
        [("ihr_zeichen", "0110-LoRa-7/2025")],
    ),
}  # fmt: skip


def _run(case: Case) -> LetterMetadata:
    return extract_metadata([case[0]])


@pytest.mark.parametrize("name", sorted(CASES))
def test_letter_fixture(name: str) -> None:
    _text, letter_date, sender, subject, refs = CASES[name]
    meta = _run(CASES[name])
    assert meta.letter_date == letter_date
    assert meta.sender == sender
    assert meta.subject == subject
    found = {(r.kind, r.value) for r in meta.references}
    assert set(refs) <= found, meta.references


def test_measured_rates_on_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    n = len(CASES)
    dates = senders = subjects = refs_found = refs_total = 0
    for case in CASES.values():
        meta = _run(case)
        dates += meta.letter_date == case[1]
        senders += meta.sender == case[2]
        subjects += meta.subject == case[3]
        found = {(r.kind, r.value) for r in meta.references}
        refs_total += len(case[4])
        refs_found += sum(ref in found for ref in case[4])
    with capsys.disabled():
        print(
            f"\nextract fixtures n={n}: date {dates}/{n}, sender {senders}/{n}, subject "
            f"{subjects}/{n}, reference recall {refs_found}/{refs_total}"
        )
    assert dates / n >= 0.9 and refs_found / refs_total >= 0.9


def _pdf_pages(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [str(page.get_textpage().get_text_range()) for page in doc]
    finally:
        doc.close()


@pytest.mark.parametrize("with_layout", [False, True])
def test_born_digital_letter(with_layout: bool) -> None:
    path = LETTERS / "letter_born_digital.pdf"
    meta = extract_metadata(_pdf_pages(path), path if with_layout else None)
    assert meta.letter_date == date(2024, 9, 12)
    assert meta.sender == "Finanzamt Braunschweig-Wilhelmstraße"
    assert meta.subject == "Mitteilung über den Gewerbesteuermessbetrag 2023"
    assert meta.references == (Reference("steuernummer", "13/174/95487"),)
    assert not meta.restricted
    assert meta.to_dict()["letter_date"] == "2024-09-12"


def test_image_pdf_layout_falls_back_to_text() -> None:
    text = "Datum: 01.02.2025\nBetreff: Test\nSehr geehrte Damen und Herren,\n"
    meta = extract_metadata([text], LETTERS / "letter_imageonly.pdf")
    assert meta.letter_date == date(2025, 2, 1)


def test_empty_input() -> None:
    assert extract_metadata([]) == LetterMetadata()
    assert extract_metadata(["", "  \n"]).to_dict()["references"] == []


def test_long_subject_does_not_swallow_the_reference_line() -> None:
    text = (
        "Betreff: Widerspruch gegen den Grundsteuerbescheid und Antrag auf Aussetzung der\n"
        "Vollziehung\n"
        "Kassenzeichen 5.0123.456789.1\n"
        "Sehr geehrte Damen und Herren,\n"
    )
    meta = extract_metadata([text])
    assert meta.subject == (
        "Widerspruch gegen den Grundsteuerbescheid und Antrag auf Aussetzung der Vollziehung"
    )
    long_line = "Betreff: Antrag auf Stundung der Gewerbesteuervorauszahlungen für das Jahr 2025"
    meta = extract_metadata([f"{long_line}\nKassenzeichen 5.0123.456789.1\nSehr geehrte Frau X,"])
    assert meta.subject == long_line.removeprefix("Betreff: ")


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Unser Zeichen: VR 0431/25 Ha", "VR 0431/25 Ha"),
        ("Familiengericht, Az. 15 F 402/24 VA", "15 F 402/24 VA"),
        ("Amtsgericht – Insolvenzgericht –, Az. 23 IN 45/25", "23 IN 45/25"),
        ("Aktenzeichen (BG-Nr.): 44403//0018877", "44403//0018877"),
        ("Ihr Kassenzeichen ist 5.0311.077210.4.", "5.0311.077210.4"),
        ("Kundennummer bei Ihrer Behörde: MR-55102", "MR-55102"),
        ("Die Rechnung RE-250311-0087 liegt bei.", "RE-250311-0087"),
        ("Die Baugenehmigung (Bauantrag BA-2024-1203) liegt vor.", "BA-2024-1203"),
        ("Fall-Nr. (Aktenzeichen) WF-2022-0876", "WF-2022-0876"),
        ("Kassenzeichen 7.0100.557219. 0", "7.0100.557219.0"),
        ("Kassenzeichen 5. 0214. 338901.7", "5.0214.338901.7"),
        ('Verwendungszweck "Hundesteuer 3:0300.114029.2"', "3.0300.114029.2"),
        ("Unser Zeichen: Obj. 25/0931", "Obj. 25/0931"),
        ("Unser Zeichen: 24-117 ho", "24-117 ho"),
        ("Unser Zeichen: 24-017 /Hs", "24-017 /Hs"),
        ("Unser Zeichen: Dr. K/sm", "Dr. K/sm"),
        ("Unser Zeichen: MB/It 4410", "MB/lt 4410"),  # OCR: "I" for the typist's "l"
        ("Unser Zeichen: HO/k1 24-118", "HO/kl 24-118"),
        ("Unser Zeichen: Be/IV-2025-0142", "Be/IV-2025-0142"),
        ("Unser Zeichen: FiBu/HJ", "FiBu/HJ"),
        ("Unser Zeichen: i TÖB-2026-04471", "TÖB-2026-04471"),  # a speck before the value
        ("Aktenzeichen war 60. 1-BA-0097/26. der Rohbau steht", "60.1-BA-0097/26"),
        ("Ihr Zeichen: 67.4-Fh/W-Ill-27", "67.4-Fh/W-III-27"),  # OCR: "l" in a Roman numeral
        ("Stadtkasse - Vollstreckung - Unser. Zeichen: PF-26-03318", "PF-26-03318"),
        ("DR II 1245/26", "DR II 1245/26"),
        ("Unser Zeichen: WEG Parkstr. 2-6/ Gr", "WEG Parkstr. 2-6/ Gr"),
        ("Unser Zeichen: 65 150772 B512/R-Abt. 4", "65 150772 B512/R-Abt. 4"),
        ("Aktenzeichen: 23 IK 188/25 (Amtsgericht Hildesheim)", "23 IK 188/25"),
        ("Aktenzeichen: 11 IN 342/25 (AG Hildesheim)", "11 IN 342/25"),
        ("Ihr Zeichen: 61.1-BP 52/2025 vom 03.03.2025", "61.1-BP 52/2025"),
        ("Steuernummer: — VGS-0017_ _' Kassenzeichen: 3.3300.000172.8", "VGS-0017"),
        ("Unser Zeichen: SoVD-BZ 25-0196", "SoVD-BZ 25-0196"),
        ("Aktenzeichen: GewSt 4/2025-113", "GewSt 4/2025-113"),
        ("Geschäftsnummer: 14 F 221/25 SO", "14 F 221/25 SO"),
        ("Ihre Bestellung: 65-B-2025-0112 vom 24.03.2025", "65-B-2025-0112"),
        ("Die Kundennummer des Bewohners bei uns lautet BW-2019-114.", "BW-2019-114"),
        ("Unser Zeichen: SH/Ro", "SH/Ro"),
        ("Unser Zeichen: HO/kl 24-118", "HO/kl 24-118"),
        ("Unser Zeichen: BV 25/031 kü", "BV 25/031 kü"),
        ('Ihr Zeichen: " 61.1-BP 52/2025.', "61.1-BP 52/2025"),
        ('Aktenzeichen: "AZ-PB 3118-0477/25°', "AZ-PB 3118-0477/25"),
        ("Rechnung 2025-113", "2025-113"),
        ("Unser Zeichen: Hö/Pf", "Hö/Pf"),
        ("mit der Antragsnummer 025-4471-812 teilen wir mit", "025-4471-812"),
        ("Projekt-Nr.: 25-0412", "25-0412"),
        ("BG-Nummer: 24503//0079113", "24503//0079113"),
        ("Meine Honorarrechnung Nr. 25/0217 ist beigefügt.", "25/0217"),
    ],
)
def test_reference_values_of_many_shapes(line: str, value: str) -> None:
    found = [
        r.value for r in extract_metadata([f"Sehr geehrte Damen und Herren,\n{line}\n"]).references
    ]
    assert value in found, found


def test_a_field_value_stops_at_prose_and_the_next_label() -> None:
    lines = [
        "Sehr geehrte Damen und Herren,",
        "Unser Zeichen: 12/2025 bitte stets angeben",
        "Ihr Zeichen: AB-7 Unser Zeichen: CD-8",
    ]
    found = [r.value for r in extract_metadata(["\n".join(lines)]).references]
    assert found == ["12/2025", "AB-7", "CD-8"]


def test_words_after_a_file_number_are_not_initials() -> None:
    meta = extract_metadata(["Sehr geehrte Damen,\nAz.: 12/2025 Die Stadt hat entschieden.\n"])
    assert [r.value for r in meta.references] == ["12/2025"]
    meta = extract_metadata(["Sehr geehrte Damen,\nAz.: 12/2025 vom 3. März\n"])
    assert [r.value for r in meta.references] == ["12/2025"]
    meta = extract_metadata(["Sehr geehrte Damen,\nDie Rechnung 2024 haben wir bezahlt.\n"])
    assert meta.references == ()
