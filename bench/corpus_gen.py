# ruff: noqa: E501
"""Deterministic generator of German letters to a city administration, for
search benchmarks (bench/search_latency.py).

Each document is a letter of roughly 120-700 words (median ~300): a sender
block, address, date, subject line, salutation, 2-6 paragraphs built from ~70
sentence templates, and a closing. Vocabulary: administrative nouns and
generated compounds (modifier + head: "Grundsteuer" + "bescheid"), the
department's own topics (from departments.toml), a Zipf-weighted pool of
general words, first/last names, streets, dates, amounts and reference numbers
(Aktenzeichen, Kassenzeichen), with umlauts and ß. About 1% of words carry an
OCR-like error. Long letters are split into pages with form feeds.

Usage as a module::

    gen = CorpusGenerator(seed=42)
    for doc in gen.documents(100_000): ...   # IndexedDoc instances
"""

from __future__ import annotations

import bisect
import itertools
import random
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from search.base import IndexedDoc

DEPARTMENTS_TOML = Path("/work/shared/data/departments.toml")

# -- vocabulary ---------------------------------------------------------------

# Heads of compounds (noun, plural). Plural "" = same as singular.
HEADS: tuple[tuple[str, str], ...] = (
    ("bescheid", "bescheide"),
    ("antrag", "anträge"),
    ("genehmigung", "genehmigungen"),
    ("gebühr", "gebühren"),
    ("verstoß", "verstöße"),
    ("beleuchtung", "beleuchtungen"),
    ("platz", "plätze"),
    ("erlaubnis", "erlaubnisse"),
    ("anmeldung", "anmeldungen"),
    ("abmeldung", "abmeldungen"),
    ("bescheinigung", "bescheinigungen"),
    ("nachweis", "nachweise"),
    ("beitrag", "beiträge"),
    ("zuschuss", "zuschüsse"),
    ("vertrag", "verträge"),
    ("rechnung", "rechnungen"),
    ("mahnung", "mahnungen"),
    ("forderung", "forderungen"),
    ("erstattung", "erstattungen"),
    ("schaden", "schäden"),
    ("beschwerde", "beschwerden"),
    ("anzeige", "anzeigen"),
    ("auskunft", "auskünfte"),
    ("verfahren", "verfahren"),
    ("akte", "akten"),
    ("stelle", "stellen"),
    ("amt", "ämter"),
    ("ordnung", "ordnungen"),
    ("satzung", "satzungen"),
    ("pflicht", "pflichten"),
    ("frist", "fristen"),
    ("kosten", "kosten"),
    ("sperrung", "sperrungen"),
    ("reinigung", "reinigungen"),
    ("sanierung", "sanierungen"),
    ("prüfung", "prüfungen"),
    ("änderung", "änderungen"),
    ("verlängerung", "verlängerungen"),
    ("plan", "pläne"),
    ("fläche", "flächen"),
    ("anlage", "anlagen"),
    ("gutachten", "gutachten"),
    ("bericht", "berichte"),
    ("protokoll", "protokolle"),
    ("vorschuss", "vorschüsse"),
    ("zulage", "zulagen"),
    ("ermäßigung", "ermäßigungen"),
    ("befreiung", "befreiungen"),
    ("stundung", "stundungen"),
    ("festsetzung", "festsetzungen"),
    ("vergabe", "vergaben"),
    ("ausweis", "ausweise"),
    ("schein", "scheine"),
    ("marke", "marken"),
    ("tonne", "tonnen"),
)
MODIFIERS: tuple[str, ...] = (
    "Grundsteuer",
    "Gewerbesteuer",
    "Hundesteuer",
    "Zweitwohnungsteuer",
    "Bau",
    "Abbruch",
    "Park",
    "Halteverbots",
    "Straßen",
    "Kita",
    "Kindergarten",
    "Schul",
    "Eltern",
    "Wohngeld",
    "Sozial",
    "Pflege",
    "Abfall",
    "Müll",
    "Abwasser",
    "Wasser",
    "Straßenreinigungs",
    "Sondernutzungs",
    "Gewerbe",
    "Melde",
    "Aufenthalts",
    "Einbürgerungs",
    "Fahrerlaubnis",
    "Führerschein",
    "Bußgeld",
    "Verwarnungs",
    "Lärm",
    "Baum",
    "Fäll",
    "Grünflächen",
    "Spielplatz",
    "Friedhofs",
    "Grab",
    "Sportplatz",
    "Hallen",
    "Veranstaltungs",
    "Markt",
    "Sperrmüll",
    "Bioabfall",
    "Energie",
    "Heizkosten",
    "Miet",
    "Wohnungs",
    "Unterhalts",
    "Betreuungs",
    "Ganztags",
    "Schülerbeförderungs",
    "Einschulungs",
    "Personal",
    "Bewerbungs",
    "Beschaffungs",
    "Vergabe",
    "Vollstreckungs",
    "Raten",
    "Säumnis",
    "Kassen",
    "Widerspruchs",
    "Anhörungs",
    "Nutzungs",
    "Vermessungs",
    "Bebauungs",
    "Hausnummern",
    "Denkmal",
    "Brandschutz",
    "Feuerwehr",
    "Rettungsdienst",
    "Gesundheits",
    "Impf",
    "Infektionsschutz",
    "Hygiene",
    "Lebensmittel",
    "Gaststätten",
    "Schankerlaubnis",
    "Jugend",
    "Familien",
    "Senioren",
    "Behinderten",
    "Integrations",
    "Sprachkurs",
    "Umwelt",
    "Naturschutz",
    "Altlasten",
    "Gewässer",
    "Immissionsschutz",
    "Ampel",
    "Radweg",
    "Gehweg",
    "Baustellen",
    "Beleuchtungs",
    "Winterdienst",
    "Schnee",
    "Parkausweis",
    "Anwohner",
    "Dienst",
)
# Frequent administrative words and the forms they appear in.
ADMIN_NOUNS: tuple[str, ...] = (
    "Grundsteuerbescheid",
    "Baugenehmigung",
    "Kita-Platz",
    "Parkverstoß",
    "Parkverstöße",
    "Straßenbeleuchtung",
    "Widerspruch",
    "Widerspruchs",
    "Einspruch",
    "Bescheid",
    "Bescheides",
    "Antrag",
    "Anträge",
    "Anträgen",
    "Unterlagen",
    "Nachweise",
    "Kontoauszüge",
    "Meldebescheinigung",
    "Personalausweis",
    "Reisepass",
    "Aufenthaltstitel",
    "Führungszeugnis",
    "Geburtsurkunde",
    "Heiratsurkunde",
    "Sterbeurkunde",
    "Lohnabrechnung",
    "Mietvertrag",
    "Mietbescheinigung",
    "Einkommensnachweis",
    "Vollmacht",
    "Zahlungserinnerung",
    "Mahngebühr",
    "Säumniszuschlag",
    "Ratenzahlung",
    "Stundung",
    "Erstattung",
    "Überweisung",
    "Lastschrift",
    "SEPA-Mandat",
    "Kassenzeichen",
    "Aktenzeichen",
    "Bebauungsplan",
    "Flächennutzungsplan",
    "Bauvoranfrage",
    "Nutzungsänderung",
    "Baulast",
    "Abstandsfläche",
    "Grenzbebauung",
    "Stellplatznachweis",
    "Schulanmeldung",
    "Schülerbeförderung",
    "Ganztagsbetreuung",
    "Elternbeiträge",
    "Unterhaltsvorschuss",
    "Kindertagespflege",
    "Beistandschaft",
    "Wohngeld",
    "Grundsicherung",
    "Schwerbehindertenausweis",
    "Hilfe zur Pflege",
    "Gewerbeanmeldung",
    "Gewerbeabmeldung",
    "Gaststättenerlaubnis",
    "Sondernutzungserlaubnis",
    "Baumfällgenehmigung",
    "Baumpflege",
    "Lärmbeschwerde",
    "Ruhestörung",
    "Schlagloch",
    "Schlaglöcher",
    "Gehwegschäden",
    "Straßenschäden",
    "Ampelanlage",
    "Radweg",
    "Radwege",
    "Spielplatz",
    "Spielplätze",
    "Grünfläche",
    "Friedhofsgebühren",
    "Grabstelle",
    "Nutzungsrecht",
    "Hundesteuer",
    "Hundesteuermarke",
    "Zweitwohnungsteuer",
    "Vergnügungssteuer",
    "Gewerbesteuer",
    "Vorauszahlung",
    "Festsetzung",
    "Messbetrag",
    "Hebesatz",
    "Einheitswert",
    "Grundstück",
    "Flurstück",
    "Gemarkung",
    "Eigentümerwechsel",
    "Erbbaurecht",
    "Abfallgebühren",
    "Restmülltonne",
    "Biotonne",
    "Sperrmüllabholung",
    "Straßenreinigungsgebühren",
    "Abwassergebühren",
    "Niederschlagswasser",
    "Winterdienst",
    "Anliegerbeitrag",
    "Erschließungsbeitrag",
    "Vermessung",
    "Hausnummer",
    "Open-Data-Portal",
    "LoRaWAN-Netz",
    "WLAN",
    "Dienstaufsichtsbeschwerde",
    "Akteneinsicht",
    "Anhörung",
    "Zwangsgeld",
    "Vollstreckung",
    "Pfändung",
    "Verwarnungsgeld",
    "Bußgeldbescheid",
    "Fahrverbot",
    "Halterabfrage",
    "Zeugenfragebogen",
    "Fundsache",
    "Fundsachen",
    "Infektionsschutz",
    "Belehrung",
    "Gesundheitszeugnis",
    "Impfnachweis",
    "Handwerkerrechnung",
    "Hausmeister",
    "Instandhaltung",
    "Heizungsausfall",
    "Gebäudereinigung",
    "Schimmelbefall",
    "Feuchtigkeit",
)
TOPIC_EXTRA: dict[str, tuple[str, ...]] = {
    "10": ("Bewerbungsunterlagen", "Stellenausschreibung", "Arbeitszeugnis", "Dienstreise"),
    "0110": ("Sensorik", "Datenschutzerklärung", "Förderprogramm", "Glasfaserausbau"),
    "20": ("Kassenzeichen", "Zahlungseingang", "Mahnbescheid", "Kontoverbindung"),
    "20.3": ("Grundsteuerbescheid", "Messbescheid", "Hebesatz", "Steuerbescheid"),
    "32": ("Parkverstoß", "Verwarnungsgeld", "Meldebescheinigung", "Wohnsitz"),
    "40": ("Schulbezirk", "Schülerfahrkarte", "Einschulung", "Schulwechsel"),
    "50": ("Wohngeldantrag", "Pflegegrad", "Regelsatz", "Mehrbedarf"),
    "51": ("Kita-Platz", "Betreuungsvertrag", "Elternbeitrag", "Tagesmutter"),
    "60": ("Baugenehmigung", "Bauzeichnung", "Statik", "Brandschutzkonzept"),
    "61": ("Bebauungsplan", "Lageplan", "Katasterauszug", "Grenzvermessung"),
    "65": ("Heizungsanlage", "Wartungsvertrag", "Dachsanierung", "Schlüsselübergabe"),
    "66": ("Straßenbeleuchtung", "Schlagloch", "Verkehrszeichen", "Baustellenabsicherung"),
    "67": ("Baumfällung", "Kronenrückschnitt", "Friedhofsgebühren", "Sportplatzbelegung"),
    "68": ("Lärmbelästigung", "Bodenprobe", "Grundwasser", "illegale Müllablagerung"),
}
GENERAL: tuple[str, ...] = tuple(
    [
        "Angelegenheit",
        "Schreiben",
        "Mitteilung",
        "Sachverhalt",
        "Frage",
        "Nachfrage",
        "Bitte",
        "Hinweis",
        "Auskunft",
        "Entscheidung",
        "Bearbeitung",
        "Prüfung",
        "Unterlage",
        "Kopie",
        "Anlage",
        "Nachricht",
        "Termin",
        "Gespräch",
        "Rückmeldung",
        "Bestätigung",
        "Information",
        "Erläuterung",
        "Begründung",
        "Stellungnahme",
        "Nachbar",
        "Nachbarn",
        "Nachbarschaft",
        "Familie",
        "Kinder",
        "Tochter",
        "Sohn",
        "Ehefrau",
        "Ehemann",
        "Mutter",
        "Vater",
        "Mieter",
        "Vermieter",
        "Eigentümer",
        "Hausverwaltung",
        "Arbeitgeber",
        "Rechtsanwalt",
        "Steuerberater",
        "Betreuer",
        "Versicherung",
        "Krankenkasse",
        "Rentenversicherung",
        "Jobcenter",
        "Finanzamt",
        "Landkreis",
        "Bezirk",
        "Stadtteil",
        "Ortsteil",
        "Innenstadt",
        "Wohnung",
        "Haus",
        "Grundstück",
        "Garten",
        "Garage",
        "Einfahrt",
        "Keller",
        "Dachboden",
        "Hof",
        "Zaun",
        "Mauer",
        "Gehweg",
        "Straße",
        "Kreuzung",
        "Haltestelle",
        "Parkplatz",
        "Laterne",
        "Baum",
        "Hecke",
        "Wiese",
        "Bach",
        "Brücke",
        "Tunnel",
        "Woche",
        "Monat",
        "Jahr",
        "Zeitraum",
        "Vormittag",
        "Nachmittag",
        "Abend",
        "Nacht",
        "Wochenende",
        "Feiertag",
        "Urlaub",
        "Krankheit",
        "Umzug",
        "Einzug",
        "Auszug",
        "Arbeit",
        "Ausbildung",
        "Studium",
        "Rente",
        "Einkommen",
        "Betrag",
        "Summe",
        "Höhe",
        "Rate",
        "Konto",
        "Bank",
        "Zahlung",
        "Fehler",
        "Irrtum",
        "Versehen",
        "Verzögerung",
        "Problem",
        "Lösung",
        "Ergebnis",
        "Situation",
        "Lage",
        "Zustand",
        "Gefahr",
        "Sicherheit",
        "Ordnung",
        "Ruhe",
        "Lärm",
        "Geruch",
        "Dreck",
        "Müll",
        "Wasser",
        "Schnee",
        "Glätte",
        "Regen",
        "Sturm",
        "Schaden",
        "Reparatur",
        "Handwerker",
        "Firma",
        "Unternehmen",
        "Betrieb",
        "Verein",
        "Schule",
        "Klasse",
        "Lehrerin",
        "Schulleitung",
        "Kita",
        "Erzieherin",
        "Gruppe",
        "Platz",
        "Warteliste",
        "Anmeldung",
        "Absage",
        "Zusage",
        "Frist",
        "Verlängerung",
        "Aufschub",
        "Nachsicht",
        "Verständnis",
        "Geduld",
        "Ärger",
        "Enttäuschung",
        "dringend",
        "wichtig",
        "erforderlich",
        "notwendig",
        "möglich",
        "unmöglich",
        "zuständig",
        "unzuständig",
        "bekannt",
        "unbekannt",
        "offen",
        "erledigt",
        "vollständig",
        "unvollständig",
        "fehlerhaft",
        "richtig",
        "falsch",
        "rechtzeitig",
        "verspätet",
        "bisher",
        "bereits",
        "inzwischen",
        "leider",
        "selbstverständlich",
        "ausdrücklich",
        "ausnahmsweise",
        "nochmals",
        "erneut",
        "zeitnah",
        "umgehend",
        "schnellstmöglich",
        "freundlich",
        "höflich",
        "berechtigt",
        "unberechtigt",
        "nachvollziehbar",
        "unverständlich",
        "erheblich",
        "gering",
        "hoch",
        "niedrig",
        "teuer",
        "günstig",
        "schwierig",
        "einfach",
        "gesundheitlich",
        "finanziell",
        "persönlich",
        "beruflich",
        "schriftlich",
        "telefonisch",
        "mündlich",
        "elektronisch",
        "postalisch",
        "monatlich",
        "jährlich",
        "vierteljährlich",
        "einmalig",
        "laufend",
        "städtisch",
        "öffentlich",
        "privat",
        "gewerblich",
        "ehrenamtlich",
        "barrierefrei",
        "beschädigt",
        "defekt",
        "gefährlich",
        "laut",
        "dunkel",
        "nass",
        "glatt",
        "verschmutzt",
        "überfüllt",
        "blockiert",
        "gesperrt",
    ]
)
VERBS_PP: tuple[str, ...] = (
    "beantragt",
    "eingereicht",
    "übersandt",
    "mitgeteilt",
    "erhalten",
    "bezahlt",
    "überwiesen",
    "geprüft",
    "abgelehnt",
    "bewilligt",
    "festgesetzt",
    "angefordert",
    "zugestellt",
    "vereinbart",
    "gemeldet",
    "beanstandet",
    "berücksichtigt",
    "übersehen",
    "verschoben",
    "erstattet",
    "abgeholt",
    "zurückgeschickt",
    "ausgefüllt",
    "unterschrieben",
    "beigefügt",
    "nachgereicht",
    "verlängert",
    "gekündigt",
    "angemeldet",
    "abgemeldet",
    "beschädigt",
    "repariert",
)
FIRST_NAMES: tuple[str, ...] = tuple(
    [
        "Anna",
        "Andreas",
        "Angelika",
        "Bernd",
        "Birgit",
        "Brigitte",
        "Christian",
        "Claudia",
        "Dieter",
        "Doris",
        "Elke",
        "Emil",
        "Emma",
        "Erika",
        "Frank",
        "Franziska",
        "Gabriele",
        "Georg",
        "Gerhard",
        "Günter",
        "Hannah",
        "Hans",
        "Heike",
        "Helga",
        "Helmut",
        "Ingrid",
        "Jan",
        "Jörg",
        "Jürgen",
        "Julia",
        "Jonas",
        "Karin",
        "Katharina",
        "Klaus",
        "Lea",
        "Leon",
        "Lukas",
        "Manfred",
        "Maria",
        "Marie",
        "Markus",
        "Martin",
        "Matthias",
        "Michael",
        "Monika",
        "Nadine",
        "Niklas",
        "Olaf",
        "Peter",
        "Petra",
        "Ralf",
        "Renate",
        "Sabine",
        "Sandra",
        "Sebastian",
        "Stefan",
        "Stephanie",
        "Susanne",
        "Thomas",
        "Tobias",
        "Ursula",
        "Uwe",
        "Werner",
        "Wolfgang",
        "Yusuf",
        "Ayşe",
        "Mehmet",
        "Fatma",
        "Ali",
        "Olga",
        "Dmitri",
        "Agnieszka",
        "Piotr",
        "Giuseppe",
        "Sofia",
        "Zoë",
        "Björn",
        "Sören",
        "Jürgen",
    ]
)
LAST_NAMES: tuple[str, ...] = tuple(
    [
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
        "Schäfer",
        "Koch",
        "Bauer",
        "Richter",
        "Klein",
        "Wolf",
        "Schröder",
        "Neumann",
        "Schwarz",
        "Zimmermann",
        "Braun",
        "Krüger",
        "Hofmann",
        "Hartmann",
        "Lange",
        "Schmitt",
        "Werner",
        "Schmitz",
        "Krause",
        "Meier",
        "Lehmann",
        "Schmid",
        "Schulze",
        "Maier",
        "Köhler",
        "Herrmann",
        "König",
        "Walter",
        "Mayer",
        "Huber",
        "Kaiser",
        "Fuchs",
        "Peters",
        "Lang",
        "Scholz",
        "Möller",
        "Weiß",
        "Jung",
        "Hahn",
        "Schubert",
        "Vogel",
        "Friedrich",
        "Keller",
        "Günther",
        "Frank",
        "Berger",
        "Winkler",
        "Roth",
        "Beck",
        "Lorenz",
        "Baumann",
        "Franke",
        "Albrecht",
        "Schuster",
        "Simon",
        "Ludwig",
        "Böhm",
        "Winter",
        "Kraus",
        "Martin",
        "Schumacher",
        "Krämer",
        "Vogt",
        "Stein",
        "Jäger",
        "Otto",
        "Sommer",
        "Groß",
        "Seidel",
        "Heinrich",
        "Brandt",
        "Haas",
        "Schreiber",
        "Graf",
        "Schulte",
        "Dietrich",
        "Ziegler",
        "Kuhn",
        "Kühn",
        "Pohl",
        "Engel",
        "Horn",
        "Busch",
        "Bergmann",
        "Thomas",
        "Voigt",
        "Sauer",
        "Arnold",
        "Wolff",
        "Pfeiffer",
        "Yılmaz",
        "Kaya",
        "Demir",
        "Nowak",
        "Kowalski",
        "Rossi",
        "Popescu",
        "Ivanov",
        "Petrović",
        "Öztürk",
        "Çelik",
        "Großmann",
        "Weißenborn",
        "Süßmuth",
    ]
)
STREETS: tuple[str, ...] = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Gartenstraße",
    "Schulstraße",
    "Lindenallee",
    "Kirchweg",
    "Mühlenweg",
    "Am Markt",
    "Rosenstraße",
    "Goethestraße",
    "Schillerstraße",
    "Bismarckstraße",
    "Friedrich-Ebert-Straße",
    "Wilhelmstraße",
    "Bergstraße",
    "Waldweg",
    "Ringstraße",
    "Dorfstraße",
    "Birkenweg",
    "Eichendorffweg",
    "Lessingstraße",
    "Marktplatz",
    "Uferstraße",
    "Okerstraße",
    "Wendenstraße",
    "Steinweg",
    "Bohlweg",
    "Kastanienallee",
    "Am Wasserturm",
    "Auf dem Anger",
    "Jahnstraße",
    "Heinestraße",
    "Mozartstraße",
    "Grüner Weg",
    "Salzdahlumer Straße",
    "Helmstedter Straße",
    "Celler Straße",
    "Wolfenbütteler Straße",
    "Am Schloßgarten",
    "Fallersleber Tor",
    "Güldenstraße",
    "Kreuzstraße",
    "Süßer Weg",
)
CITIES: tuple[str, ...] = (
    "38100 Braunschweig",
    "38102 Braunschweig",
    "38106 Braunschweig",
    "38118 Braunschweig",
    "38122 Braunschweig",
    "38300 Wolfenbüttel",
    "38440 Wolfsburg",
    "38226 Salzgitter",
    "31224 Peine",
    "38518 Gifhorn",
    "30159 Hannover",
    "38640 Goslar",
)
COMPANIES: tuple[str, ...] = (
    "Bauunternehmen Krüger GmbH",
    "Hausverwaltung Schäfer & Partner",
    "Stadtwerke Service GmbH",
    "Rechtsanwälte Dr. Weiß und Kollegen",
    "Steuerberatung Öztürk",
    "Gebäudereinigung Blitzblank KG",
    "Elektro Hoffmann GmbH & Co. KG",
    "Wohnungsbaugenossenschaft Süd eG",
    "Autohaus Groß GmbH",
    "Gaststätte Zum Löwen",
    "Sportverein Eintracht-Süd e.V.",
    "Kleingartenverein Am Bach e.V.",
    "Pflegedienst Sonnenschein",
    "Ingenieurbüro Jäger",
    "Architekturbüro Lehmann + Voß",
    "Malermeister Böhm",
    "Gartenbau Grünfink GmbH",
    "Immobilien Maier AG",
    "Kanzlei Yılmaz",
)
MONTHS = (
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
)

TEMPLATES: tuple[str, ...] = (
    "Hiermit lege ich fristgerecht Widerspruch gegen den {admin} vom {date} ein.",
    "Mit Schreiben vom {date} haben Sie mir mitgeteilt, dass mein {topic} noch nicht bearbeitet werden kann.",
    "Bitte teilen Sie mir mit, bis wann über die Angelegenheit {topic} entschieden wird.",
    "Ich beziehe mich auf Ihr Aktenzeichen {az} und bitte um {general} in dieser Sache.",
    "Den Betrag von {amount} habe ich am {date} unter dem Kassenzeichen {kz} {pp}.",
    "Leider wurde die {compound} bis heute nicht {pp}, obwohl ich mehrfach nachgefragt habe.",
    "Seit dem {date} ist die {topic} in der {street} {adj}.",
    "Meine Nachbarin, Frau {last}, kann den Vorgang bestätigen.",
    "Als Anlage übersende ich Ihnen die {admin_pl} in Kopie.",
    "Die {compound} wurde uns am {date} {pp}, allerdings fehlen die {admin_pl}.",
    "Wir bitten um Prüfung, ob eine {compound} für das Grundstück {street} {no} erforderlich ist.",
    "In der Anlage finden Sie den {admin} sowie eine Kopie des {admin2}.",
    "Aus {adj} Gründen ist mir eine Zahlung derzeit nicht möglich, ich bitte daher um Ratenzahlung.",
    "Ich beantrage hiermit eine {compound} für den Zeitraum vom {date} bis zum {date2}.",
    "Der {admin} enthält nach meiner Auffassung einen Fehler bei der Berechnung der {compound_pl}.",
    "Unser Kind {first} soll zum {date} einen {topic} erhalten; bislang haben wir keine Zusage.",
    "Auf dem Gehweg vor dem Haus {street} {no} befinden sich seit Wochen {adj} {compound_pl}.",
    "Am {date} gegen {time} Uhr wurde mein Fahrzeug mit dem Kennzeichen {plate} beanstandet.",
    "Ich war zu diesem Zeitpunkt nachweislich nicht vor Ort, der {admin} ist daher unberechtigt.",
    "Bitte senden Sie die Unterlagen künftig an meinen Bevollmächtigten, Herrn {first} {last}.",
    "Für Rückfragen erreichen Sie mich unter der Telefonnummer {phone}.",
    "Die {topic} wurde bereits im {month} {year} bei Ihnen angezeigt, ohne dass etwas geschehen ist.",
    "Nach Rücksprache mit Ihrer Kollegin, Frau {last}, reiche ich die fehlenden {admin_pl} nach.",
    "Gemäß {law} bitte ich um Akteneinsicht in den Vorgang {az}.",
    "Die Frist zur Stellungnahme endet am {date}; ich bitte um Verlängerung bis zum {date2}.",
    "Es handelt sich um das Flurstück {flur} der Gemarkung {gemarkung}.",
    "Unsere Firma beabsichtigt, auf dem Grundstück {street} {no} eine {compound} zu errichten.",
    "Der Baum vor dem Haus {street} {no} ist {adj} und droht auf die Fahrbahn zu stürzen.",
    "Wir haben festgestellt, dass die {topic} in unserem Stadtteil seit Tagen {adj} ist.",
    "Die Rechnung Nr. {invoice} über {amount} für {compound_pl} liegt diesem Schreiben bei.",
    "Ich bitte um Erstattung der zu viel gezahlten {compound_pl} in Höhe von {amount}.",
    "Laut {admin} vom {date} soll ich {amount} nachzahlen, was ich nicht nachvollziehen kann.",
    "Bitte überweisen Sie den Betrag auf das Konto {iban}.",
    "Meine {general_n} hat sich geändert; ich wohne jetzt in der {street} {no}, {city}.",
    "Zur Begründung verweise ich auf das beigefügte Gutachten des Ingenieurbüros {last}.",
    "Wir möchten am {date} eine Veranstaltung mit etwa {count} Personen auf dem {place} durchführen.",
    "Hierfür benötigen wir eine {compound} sowie gegebenenfalls eine {compound2}.",
    "Die Lärmbelästigung durch {source_noise} dauert regelmäßig bis nach {time} Uhr.",
    "Ich bitte Sie, den Sachverhalt zu prüfen und mir das Ergebnis schriftlich mitzuteilen.",
    "Sollte der {admin} nicht bis zum {date} aufgehoben werden, werde ich rechtliche Schritte einleiten.",
    "Ihre Mitarbeiterin war am Telefon sehr {adj}, dafür möchte ich mich ausdrücklich bedanken.",
    "Die Bearbeitung meines {admin} dauert nun schon über {count} Wochen.",
    "Die {compound} ist nach unseren Unterlagen am {date} ausgelaufen.",
    "Wir bitten um Zusendung einer {compound} für unsere {general_pl}.",
    "Im Auftrag unseres Mandanten, Herrn {first} {last}, zeigen wir dessen Vertretung an.",
    "Eine Vollmacht ist beigefügt; bitte richten Sie den weiteren Schriftverkehr an uns.",
    "Die geforderte {compound} wurde bereits am {date} {pp}, Eingangsstempel liegt vor.",
    "Gleichzeitig beantrage ich die Aussetzung der Vollziehung bis zur Entscheidung über den Widerspruch.",
    "Die Straßenbeleuchtung in der {street} ist zwischen Hausnummer {no} und {no2} ausgefallen.",
    "Die Ampelanlage an der Kreuzung {street}/{street2} zeigt seit dem {date} dauerhaft Rot.",
    "Auf dem Spielplatz {place} liegen Glasscherben und {adj} Müll.",
    "Für unseren Sohn {first} beantragen wir die Übernahme der Kosten für die Schülerbeförderung.",
    "Die Kita {kita} hat uns mitgeteilt, dass ab {month} {year} ein Platz frei wird.",
    "Wir bitten um Mitteilung, ob der Elternbeitrag nach dem neuen {compound} berechnet wird.",
    "Meine Mutter, {first} {last}, ist pflegebedürftig und benötigt Hilfe zur Pflege.",
    "Der Bescheid über {topic} ist am {date} bei mir eingegangen.",
    "Ich habe den {admin} fristgerecht {pp}, dennoch wurde eine {compound} festgesetzt.",
    "Wir weisen darauf hin, dass die {compound_pl} für {year} noch nicht {pp} wurden.",
    "Die gesetzliche Grundlage ist {law}, wie Sie sicher wissen.",
    "Der Vorgang ist unter der Nummer {az} bei Ihnen registriert.",
    "Die Parkverstöße in der {street} nehmen seit Monaten zu, insbesondere abends.",
    "Bitte berücksichtigen Sie, dass ich alleinerziehend bin und {count} Kinder habe.",
    "Das Grundstück wurde zum {date} an {first} {last} veräußert; ein Eigentümerwechsel liegt vor.",
    "Ich bitte um Übersendung eines neuen {admin} mit korrigierter {compound}.",
    "Für Ihre Bemühungen danke ich Ihnen im Voraus.",
    "Die {general_n} hat gezeigt, dass {adj} {compound_pl} vorliegen.",
    "Anbei erhalten Sie die {admin_pl} für die Monate {month} bis {month2} {year}.",
    "Die {compound} wird nach den Vorgaben der {satzung} berechnet.",
    "Ich habe keine {compound} erhalten und bitte um Zusendung einer Zweitschrift.",
    "Wir freuen uns auf eine {adj} Zusammenarbeit.",
)
LAWS = (
    "§ 29 VwVfG",
    "§ 80 Abs. 4 VwGO",
    "§ 70 VwGO",
    "Art. 15 DSGVO",
    "§ 1 IFG",
    "§ 13 BauO",
    "§ 24 SGB X",
    "§ 3 NKAG",
    "§ 12 GrStG",
    "§ 32 StVO",
)
SATZUNGEN = (
    "Gebührensatzung",
    "Abfallgebührensatzung",
    "Straßenreinigungssatzung",
    "Hundesteuersatzung",
    "Friedhofsgebührensatzung",
    "Elternbeitragssatzung",
    "Sondernutzungssatzung",
    "Baumschutzsatzung",
)
PLACES = (
    "Kohlmarkt",
    "Altstadtmarkt",
    "Schlossplatz",
    "Spielplatz Am Bürgerpark",
    "Sportplatz Kennelbad",
    "Festplatz Harz-und-Heide",
    "Rathausvorplatz",
    "Ölper Teich",
)
NOISE = (
    "die Gaststätte im Erdgeschoss",
    "eine Baustelle",
    "Laubbläser",
    "Straßenbahnen",
    "eine Musikschule",
    "nächtliche Partys",
    "Lieferverkehr",
    "einen Hundezwinger",
)
KITAS = (
    "Sonnenblume",
    "Regenbogen",
    "Pusteblume",
    "Am Wasserturm",
    "Kleine Strolche",
    "Weltentdecker",
    "Zwergenland",
    "St. Magni",
)
GEMARKUNGEN = (
    "Braunschweig",
    "Gliesmarode",
    "Querum",
    "Riddagshausen",
    "Stöckheim",
    "Melverode",
    "Lehndorf",
    "Ölper",
    "Rühme",
    "Veltenhof",
)
SALUTATIONS = (
    "Sehr geehrte Damen und Herren,",
    "Sehr geehrte Frau {last},",
    "Sehr geehrter Herr {last},",
    "Guten Tag,",
    "Hallo,",
)
CLOSINGS = (
    "Mit freundlichen Grüßen",
    "Freundliche Grüße",
    "Mit besten Grüßen",
    "Hochachtungsvoll",
    "Vielen Dank und viele Grüße",
)
STATIONS: tuple[str, ...] = (
    "rathaus-poststelle",
    "buergeramt-nord",
    "buergeramt-sued",
    "bauverwaltung",
    "sozialzentrum",
    "scanstrasse-2",
)
STATION_WEIGHTS = (40, 12, 12, 14, 12, 10)

OCR_SUBSTITUTIONS = (
    ("e", "c"),
    ("rn", "m"),
    ("l", "1"),
    ("ü", "ii"),
    ("ß", "B"),
    ("h", "b"),
    ("i", "l"),
    ("o", "0"),
    ("a", "e"),
    ("n", "u"),
)


def load_departments(path: Path = DEPARTMENTS_TOML) -> list[tuple[str, tuple[str, ...]]]:
    data = tomllib.loads(path.read_text("utf-8"))
    return [(d["id"], tuple(d.get("topics", ()))) for d in data["department"]]


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class CorpusInfo:
    departments: tuple[str, ...]
    stations: tuple[str, ...]
    start: datetime
    end: datetime


class CorpusGenerator:
    """Deterministic: the same seed and count give the same documents."""

    def __init__(self, seed: int = 42, start: datetime | None = None, years: int = 3) -> None:
        self.seed = seed
        self.departments = load_departments()
        self.start = start or datetime(2022, 1, 1, tzinfo=UTC)
        self.end = self.start + timedelta(days=365 * years + years // 4)
        rnd = random.Random(seed)
        # Compounds: every modifier with a sample of heads (a few thousand words).
        compounds: list[tuple[str, str]] = []
        for mod in MODIFIERS:
            for head, plural in rnd.sample(HEADS, 18):
                compounds.append((mod + head, mod + (plural or head)))
        rnd.shuffle(compounds)
        self.compounds = compounds
        self._compound_cum = list(
            itertools.accumulate(1.0 / (i + 3) for i in range(len(compounds)))
        )
        general = [w for w in GENERAL if w[:1].isupper()]
        rnd.shuffle(general)
        self.adjectives = tuple(w for w in GENERAL if w[:1].islower())
        self.general = general
        self._general_cum = list(itertools.accumulate(1.0 / (i + 2) for i in range(len(general))))
        # Per department: topic words (own topics weigh more).
        self.topics = {
            dep: tuple(topics) + TOPIC_EXTRA.get(dep, ()) for dep, topics in self.departments
        }
        self.info = CorpusInfo(
            departments=tuple(d for d, _ in self.departments),
            stations=STATIONS,
            start=self.start,
            end=self.end,
        )

    # -- pieces ---------------------------------------------------------------

    def _zipf(self, rnd: random.Random, items: Sequence, cum: list[float]):
        return items[bisect.bisect_left(cum, rnd.random() * cum[-1])]

    def _compound(self, rnd: random.Random, plural: bool = False) -> str:
        sg, pl = self._zipf(rnd, self.compounds, self._compound_cum)
        return pl if plural else sg

    def _date(self, rnd: random.Random, around: datetime) -> str:
        d = around - timedelta(days=rnd.randint(-60, 200))
        return (
            d.strftime("%d.%m.%Y")
            if rnd.random() < 0.8
            else f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
        )

    @staticmethod
    def _az(rnd: random.Random, dep: str, year: int) -> str:
        return f"{dep}.{rnd.randint(1, 9)}-{rnd.randint(1, 999):03d}/{year}"

    @staticmethod
    def _kz(rnd: random.Random) -> str:
        return f"{rnd.randint(1, 9)}.{rnd.randint(1000, 9999)}.{rnd.randint(100000, 999999)}.{rnd.randint(0, 9)}"

    def _fill(self, rnd: random.Random, template: str, ctx: dict) -> str:
        dep, when = ctx["dep"], ctx["when"]
        topics = self.topics.get(dep) or ADMIN_NOUNS
        admin_pool = ADMIN_NOUNS

        def pick(key: str) -> str:
            if key in ("admin", "admin2"):
                return rnd.choice(topics) if rnd.random() < 0.35 else rnd.choice(admin_pool)
            if key == "admin_pl":
                return rnd.choice(
                    (
                        "Unterlagen",
                        "Nachweise",
                        "Kontoauszüge",
                        "Belege",
                        "Bescheinigungen",
                        "Lohnabrechnungen",
                        "Rechnungen",
                        "Fotos",
                        "Pläne",
                        "Zeugnisse",
                    )
                )
            if key == "topic":
                return rnd.choice(topics)
            if key in ("compound", "compound2"):
                return self._compound(rnd)
            if key == "compound_pl":
                return self._compound(rnd, plural=True)
            if key in ("date", "date2"):
                return self._date(rnd, when)
            if key == "az":
                return ctx["az"] if rnd.random() < 0.6 else self._az(rnd, dep or "32", when.year)
            if key == "kz":
                return ctx["kz"]
            if key == "amount":
                return f"{rnd.randint(5, 4999)},{rnd.randint(0, 99):02d} EUR"
            if key == "pp":
                return rnd.choice(VERBS_PP)
            if key in ("street", "street2"):
                return rnd.choice(STREETS)
            if key in ("no", "no2"):
                return str(rnd.randint(1, 180)) + (rnd.choice("abc") if rnd.random() < 0.1 else "")
            if key == "adj":
                return rnd.choice(self.adjectives)
            if key == "general":
                return rnd.choice(
                    ("Auskunft", "Rückmeldung", "Prüfung", "Klärung", "Bearbeitung", "Entscheidung")
                )
            if key in ("general_n", "general_pl"):
                return _capital(self._zipf(rnd, self.general, self._general_cum))
            if key == "last":
                return rnd.choice(LAST_NAMES)
            if key == "first":
                return rnd.choice(FIRST_NAMES)
            if key == "time":
                return f"{rnd.randint(6, 23)}:{rnd.choice(('00', '15', '30', '45'))}"
            if key == "plate":
                return f"BS-{rnd.choice('ABCDEFGHKLMNPRSTUVWZ')}{rnd.choice('ABCDEFGHKLMNPRSTUVWZ')} {rnd.randint(1, 9999)}"
            if key == "phone":
                return f"0531 {rnd.randint(100000, 9999999)}"
            if key in ("month", "month2"):
                return rnd.choice(MONTHS)
            if key == "year":
                return str(when.year - rnd.randint(0, 2))
            if key == "law":
                return rnd.choice(LAWS)
            if key == "flur":
                return f"{rnd.randint(1, 400)}/{rnd.randint(1, 40)}"
            if key == "gemarkung":
                return rnd.choice(GEMARKUNGEN)
            if key == "invoice":
                return f"R-{when.year}-{rnd.randint(1000, 99999)}"
            if key == "iban":
                return f"DE{rnd.randint(10, 99)} {rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)} {rnd.randint(10, 99)}"
            if key == "city":
                return rnd.choice(CITIES)
            if key == "count":
                return str(rnd.randint(2, 300))
            if key == "place":
                return rnd.choice(PLACES)
            if key == "source_noise":
                return rnd.choice(NOISE)
            if key == "kita":
                return rnd.choice(KITAS)
            if key == "satzung":
                return rnd.choice(SATZUNGEN)
            raise KeyError(key)

        out: list[str] = []
        rest = template
        while True:
            i = rest.find("{")
            if i < 0:
                out.append(rest)
                break
            j = rest.index("}", i)
            out.append(rest[:i])
            out.append(pick(rest[i + 1 : j]))
            rest = rest[j + 1 :]
        return "".join(out)

    @staticmethod
    def _ocr_noise(rnd: random.Random, sentence: str) -> str:
        words = sentence.split(" ")
        for k, w in enumerate(words):
            if len(w) > 5 and rnd.random() < 0.012:
                a, b = rnd.choice(OCR_SUBSTITUTIONS)
                if a in w:
                    words[k] = w.replace(a, b, 1)
        return " ".join(words)

    # -- documents --------------------------------------------------------------

    def document(self, n: int) -> IndexedDoc:
        rnd = random.Random(self.seed * 1_000_003 + n)
        r = rnd.random()
        dep: str | None = None if r < 0.05 else rnd.choice(self.departments)[0]
        restricted = rnd.random() < 0.08
        span = (self.end - self.start).total_seconds()
        received = self.start + timedelta(seconds=rnd.random() * span)
        station = rnd.choices(STATIONS, weights=STATION_WEIGHTS)[0]
        ctx = {
            "dep": dep,
            "when": received,
            "az": self._az(rnd, dep or "32", received.year),
            "kz": self._kz(rnd),
        }
        company = rnd.random() < 0.3
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        sender = rnd.choice(COMPANIES) if company else f"{first} {last}"
        street, no, city = rnd.choice(STREETS), rnd.randint(1, 180), rnd.choice(CITIES)
        letter_day = received - timedelta(days=rnd.randint(1, 14))
        topic = rnd.choice(self.topics.get(dep or "", ADMIN_NOUNS) or ADMIN_NOUNS)
        subject_kind = rnd.choice(
            (
                "Widerspruch gegen",
                "Antrag auf",
                "Anfrage zu",
                "Beschwerde über",
                "Nachreichung von Unterlagen zu",
                "Ihr Schreiben zu",
                "Mitteilung zu",
                "Erinnerung:",
                "Rückfrage zu",
                "Kündigung",
            )
        )
        title = f"{subject_kind} {topic}"
        header = [
            sender,
            f"{street} {no}",
            city,
            "",
            "Stadt Braunschweig",
            rnd.choice(("Fachbereich", "Abteilung", "Bürgerservice", "Poststelle")),
            "Platz der Deutschen Einheit 1",
            "38100 Braunschweig",
            "",
            f"{city.split(' ', 1)[1]}, den {letter_day.strftime('%d.%m.%Y')}",
            "",
            f"Betreff: {title}",
            f"Ihr Zeichen: {ctx['az']}" if rnd.random() < 0.7 else f"Kassenzeichen: {ctx['kz']}",
            "",
            self._fill(rnd, rnd.choice(SALUTATIONS), ctx),
            "",
        ]
        target_words = int(min(750, max(110, rnd.lognormvariate(5.7, 0.4))))  # median ~300
        words = sum(len(h.split()) for h in header)
        paragraphs: list[str] = []
        while words < target_words:
            sentences = []
            for _ in range(rnd.randint(2, 6)):
                s = self._fill(rnd, rnd.choice(TEMPLATES), ctx)
                if rnd.random() < 0.3:  # mention a department topic again (topical density)
                    s = (
                        s[:-1]
                        + f" ({rnd.choice(self.topics.get(dep or '', ADMIN_NOUNS) or ADMIN_NOUNS)})."
                    )
                s = self._ocr_noise(rnd, s)
                sentences.append(s)
                words += len(s.split())
            paragraphs.append(" ".join(sentences))
        closing = ["", rnd.choice(CLOSINGS), "", f"{first} {last}"]
        if rnd.random() < 0.4:
            closing += [
                "",
                "Anlagen: "
                + ", ".join(
                    rnd.sample(
                        [
                            "Kopie Bescheid",
                            "Vollmacht",
                            "Fotos",
                            "Kontoauszug",
                            "Mietvertrag",
                            "Lageplan",
                            "Meldebescheinigung",
                            "Rechnung",
                            "Gutachten",
                        ],
                        rnd.randint(1, 3),
                    )
                ),
            ]
        body_lines = header + [p + "\n" for p in paragraphs] + closing
        text = "\n".join(body_lines)
        if words > 380:  # a second (third) page for long letters
            lines = text.split("\n")
            cut = len(lines) // 2
            text = (
                "\n".join(lines[:cut])
                + "\n\f"
                + f"Seite 2 – {ctx['az']}\n"
                + "\n".join(lines[cut:])
            )
        return IndexedDoc(
            id=f"bench-{n:07d}",
            text=text,
            received_at=received,
            station=station,
            source=f"scan_{received:%Y%m%d}_{n:07d}.pdf",
            title=title,
            department=dep,
            restricted=restricted,
            sender=sender,
            letter_date=letter_day.date().isoformat(),
            references=(ctx["az"],) if rnd.random() < 0.6 else (ctx["az"], ctx["kz"]),
        )

    def documents(self, count: int, start: int = 0) -> Iterator[IndexedDoc]:
        for n in range(start, start + count):
            yield self.document(n)


if __name__ == "__main__":  # print a sample
    import sys

    g = CorpusGenerator()
    for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
        d = g.document(i)
        print(
            f"--- {d.id} dep={d.department} station={d.station} restricted={d.restricted} "
            f"received={d.received_at:%Y-%m-%d} words={len(d.text.split())}\n{d.text}\n"
        )
