"""A small fixture corpus of German letters to a city, shared by the search
contract suite and (later) a parity test against Elasticsearch.

The texts are made up for these tests (no real persons). Two carry typical OCR
errors on purpose: "Grundsteuerbeschcid" in ``ocr-grundsteuer`` and
"Strassenbeleuchtunq" in ``ocr-beleuchtung``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from search.base import IndexedDoc


def _at(day: int, month: int = 3) -> datetime:
    return datetime(2025, month, day, 9, 30, tzinfo=UTC)


CORPUS: tuple[IndexedDoc, ...] = (
    IndexedDoc(
        id="grundsteuer-widerspruch",
        title="Widerspruch gegen Grundsteuerbescheid",
        station="post-1",
        department="20.3",
        received_at=_at(3),
        sender="Hans Müller",
        letter_date="2025-02-27",
        references=("20.3-GrSt/4711",),
        text=(
            "Hans Müller\nLindenstraße 12\n12345 Musterstadt\n\nStadt Musterstadt\n"
            "Abteilung Steuern\n\nBetreff: Widerspruch gegen den Grundsteuerbescheid vom "
            "14.02.2025, Kassenzeichen 20.3-GrSt/4711\n\nSehr geehrte Damen und Herren,\n"
            "hiermit lege ich Widerspruch gegen den oben genannten Grundsteuerbescheid ein. "
            "Der Bescheid geht von einer falschen Grundstücksfläche aus. Laut Kaufvertrag "
            "beträgt die Fläche 512 Quadratmeter und nicht 612 Quadratmeter.\f"
            "Ich bitte um Prüfung des Bescheides und um Aussetzung der Vollziehung.\n"
            "Mit freundlichen Grüßen\nHans Müller"
        ),
    ),
    IndexedDoc(
        id="grundsteuer-mehrere",
        title="Grundsteuerbescheide 2025",
        station="post-1",
        department="20.3",
        received_at=_at(5),
        sender="Hausverwaltung Schulz GmbH",
        text=(
            "Hausverwaltung Schulz GmbH\nAm Markt 3\n\nBetreff: Grundsteuerbescheide für die "
            "Objekte Gartenweg 4, 6 und 8\n\nSehr geehrte Damen und Herren,\nfür unsere "
            "Eigentümergemeinschaften haben wir drei Grundsteuerbescheide erhalten. Wir bitten "
            "darum, künftig alle Bescheide an die Hausverwaltung zu senden.\n"
            "Mit freundlichen Grüßen"
        ),
    ),
    IndexedDoc(
        id="ocr-grundsteuer",
        title="Scan 2025-03-06 0815",
        station="post-2",
        department="20.3",
        received_at=_at(6),
        text=(
            "Gisela Schmidt\nBirkenallee 7\n\nBetr.: Ratenzahlung zum Grundsteuerbeschcid\n\n"
            "Sehr geehrte Damen und Herren, ich kann die Forderung aus dem Bescbeid nicht auf "
            "einmal bezahlen und beantrage eine Ratenzahlung von 50 Euro im Monat."
        ),
    ),
    IndexedDoc(
        id="bauantrag",
        title="Bauantrag Carport",
        station="post-1",
        department="60",
        received_at=_at(10),
        sender="Architekturbüro Weber",
        references=("60-BA-2025-0193",),
        text=(
            "Architekturbüro Weber\n\nBetreff: Bauantrag für die Errichtung eines Carports, "
            "Flurstück 112/4, Aktenzeichen 60-BA-2025-0193\n\nSehr geehrte Damen und Herren,\n"
            "anbei erhalten Sie die fehlenden Bauvorlagen zum Antrag auf Baugenehmigung: "
            "Lageplan, Bauzeichnungen und die statische Berechnung."
        ),
    ),
    IndexedDoc(
        id="kita-platz",
        title="Kita-Platz ab August",
        station="post-2",
        department="51",
        received_at=_at(11),
        sender="Familie Yılmaz",
        text=(
            "Familie Yılmaz\nRosenweg 9\n\nBetreff: Antrag auf einen Kita-Platz für unsere "
            "Tochter Elif ab dem 1. August 2025\n\nSehr geehrte Damen und Herren,\nwir "
            "beantragen einen Betreuungsplatz in einer Kindertagesstätte in der Nähe der "
            "Rosenstraße. Beide Eltern sind berufstätig."
        ),
    ),
    IndexedDoc(
        id="kita-beitrag",
        title="Elternbeitrag Kita",
        station="post-2",
        department="51",
        received_at=_at(12),
        restricted=True,
        sender="Sandra Becker",
        text=(
            "Betreff: Ermäßigung des Elternbeitrags\n\nSehr geehrte Damen und Herren,\n"
            "wegen meines geringen Einkommens bitte ich um Ermäßigung des Elternbeitrags für "
            "den Kitaplatz meines Sohnes. Den Bescheid über Bürgergeld lege ich bei."
        ),
    ),
    IndexedDoc(
        id="parkverstoss",
        title="Anhörung Parkverstoß",
        station="post-1",
        department="32",
        received_at=_at(13),
        sender="Peter Mueller",
        references=("32-OWi-889912",),
        text=(
            "Peter Mueller\n\nBetreff: Anhörung wegen Parkverstoß am 02.03.2025, "
            "Aktenzeichen 32-OWi-889912\n\nIch habe das Fahrzeug nicht im Halteverbot geparkt. "
            "Das Schild war durch einen Baum verdeckt. Fotos liegen bei."
        ),
    ),
    IndexedDoc(
        id="parkverstoesse",
        title="Mehrere Parkverstöße",
        station="post-2",
        department="32",
        received_at=_at(14),
        text=(
            "Betreff: Parkverstöße in der Schulstraße\n\nSehr geehrte Damen und Herren,\n"
            "jeden Morgen parken Eltern in der Feuerwehrzufahrt der Grundschule. Bitte "
            "kontrollieren Sie die Parkverstöße dort häufiger."
        ),
    ),
    IndexedDoc(
        id="beleuchtung",
        title="Defekte Straßenbeleuchtung",
        station="post-1",
        department="66",
        received_at=_at(17),
        sender="Erika Schäfer",
        text=(
            "Betreff: Straßenbeleuchtung in der Ahornstraße defekt\n\nSehr geehrte Damen und "
            "Herren,\nseit drei Wochen ist die Straßenlaterne vor Haus Nr. 15 ausgefallen. "
            "Abends ist der Gehweg völlig dunkel."
        ),
    ),
    IndexedDoc(
        id="ocr-beleuchtung",
        title="Scan 2025-03-18 1102",
        station="post-2",
        department="66",
        received_at=_at(18),
        text=(
            "Betr.: Strassenbeleuchtunq Ulmenweg\n\nDie Beleuchtung im Ulmenweg flackert "
            "seit Tagen. Bitte schicken Sie jemanden vorbei."
        ),
    ),
    IndexedDoc(
        id="hundesteuer",
        title="Abmeldung Hundesteuer",
        station="post-1",
        department="20.3",
        received_at=_at(20),
        sender="Walter Krüger",
        text=(
            "Betreff: Abmeldung von der Hundesteuer\n\nSehr geehrte Damen und Herren,\n"
            "unser Hund Bello ist am 10.03.2025 verstorben. Bitte melden Sie ihn ab und "
            "erstatten Sie die zu viel gezahlte Hundesteuer."
        ),
    ),
    IndexedDoc(
        id="gesundheit",
        title="Antrag Schwerbehinderung",
        station="post-1",
        department="50",
        received_at=_at(21),
        restricted=True,
        sender="Monika Braun",
        text=(
            "Betreff: Antrag auf Feststellung einer Schwerbehinderung\n\nBeiliegend sende ich "
            "die ärztlichen Befunde meiner Hausärztin und des Krankenhauses."
        ),
    ),
    IndexedDoc(
        id="unrouted-rechnung",
        title="Rechnung ohne Zuordnung",
        station="post-2",
        department=None,
        received_at=_at(24),
        sender="Elektro Hoffmann",
        references=("RE-2025-0042",),
        text=(
            "Elektro Hoffmann\nRechnung Nr. RE-2025-0042\n\nFür die Reparatur der "
            "Beleuchtung im Treppenhaus berechnen wir 412,50 Euro."
        ),
    ),
    IndexedDoc(
        id="unrouted-vertraulich",
        title="Vertrauliches Schreiben",
        station="post-2",
        department=None,
        received_at=_at(25),
        restricted=True,
        text=(
            "Persönlich / vertraulich\n\nBetreff: Beschwerde über die Betreuung meiner Mutter "
            "im Pflegeheim"
        ),
    ),
    IndexedDoc(
        id="april-widerspruch",
        title="Widerspruch Abfallgebühren",
        station="post-1",
        department="20",
        received_at=_at(2, month=4),
        sender="Jürgen Weiß",
        text=(
            "Betreff: Widerspruch gegen den Gebührenbescheid Abfall\n\nSehr geehrte Damen "
            "und Herren,\ngegen den Abfallgebührenbescheid lege ich Widerspruch ein, da wir "
            "die Biotonne seit Januar nicht mehr nutzen."
        ),
    ),
)

BY_ID: dict[str, IndexedDoc] = {doc.id: doc for doc in CORPUS}
