"""Building blocks shared by all scenarios: people, places, firms, letterheads,
recipient blocks, dates and reference numbers. Pure data plus small helpers
that draw from an injected ``random.Random``."""

from __future__ import annotations

import random
from datetime import date, timedelta

FIRST_F = (
    "Anna",
    "Sabine",
    "Jutta",
    "Katrin",
    "Leonie",
    "Mehtap",
    "Olga",
    "Birgit",
    "Emilia",
    "Gül",
    "Renate",
    "Svenja",
    "Fatma",
    "Ursula",
    "Marie-Luise",
    "Agnieszka",
    "Heike",
)
FIRST_M = (
    "Jens",
    "Thomas",
    "Jürgen",
    "Mehmet",
    "Lukas",
    "Karl-Heinz",
    "Dirk",
    "Stefan",
    "Ahmad",
    "Björn",
    "Wolfgang",
    "Tobias",
    "Özcan",
    "Piotr",
    "Günter",
    "Matthias",
    "Sören",
)
LAST = (
    "Müller",
    "Schröder",
    "Köhler",
    "Weißenborn",
    "Yılmaz",
    "Nowak",
    "Behrens",
    "Brandes",
    "Kowalski",
    "Hoffmann",
    "Lüdecke",
    "Ahrens",
    "Bähr",
    "Grote",
    "Heinemann",
    "Özdemir",
    "Schäfer",
    "Wegener",
    "Fuß",
    "Krüger",
    "Vogt",
    "Dreßler",
    "Pöhlmann",
    "Rieger",
)
STREETS = (
    "Wendenstraße",
    "Kastanienallee",
    "Hamburger Straße",
    "Am Lehmanger",
    "Jasperallee",
    "Helmstedter Straße",
    "Böcklerstraße",
    "Broitzemer Straße",
    "Ottenroder Straße",
    "Sophienstraße",
    "Am Schwarzen Berge",
    "Kreuzstraße",
    "Celler Heerstraße",
    "Mühlenpfordtstraße",
    "Wolfenbütteler Straße",
    "Rebenring",
    "Gliesmaroder Straße",
    "Lindenbergsiedlung",
)
DISTRICTS = (
    "Weststadt",
    "Östliches Ringgebiet",
    "Lehndorf",
    "Querum",
    "Heidberg",
    "Rüningen",
    "Volkmarode",
    "Stöckheim",
    "Wenden",
    "Mascherode",
    "Kanzlerfeld",
    "Siegfriedviertel",
)
TOWNS = (
    ("38100", "Braunschweig"),
    ("38102", "Braunschweig"),
    ("38118", "Braunschweig"),
    ("38124", "Braunschweig"),
    ("38106", "Braunschweig"),
    ("38300", "Wolfenbüttel"),
    ("38162", "Cremlingen"),
    ("38226", "Salzgitter"),
    ("30159", "Hannover"),
    ("38440", "Wolfsburg"),
)
COMPANIES = (
    "Heizungsbau Brandes GmbH",
    "Elektro Lüdecke & Sohn",
    "Gebäudereinigung Okerblick GmbH",
    "Baumdienst Grünwerk GmbH",
    "Straßenbau Niedersachsen Ost GmbH & Co. KG",
    "Büromöbel Hansen KG",
    "Ingenieurbüro Weißenborn",
    "Architekturbüro Kähler + Partner",
    "Datenwerk Nord GmbH",
    "Schulbus Reisedienst Ahrens",
    "Sanitär Pöhlmann GmbH",
    "Gala-Bau Rieger",
    "Umweltlabor Harz-Heide GmbH",
    "Veranstaltungstechnik Fuß",
    "Immobilienverwaltung Kronsberg GmbH",
    "Dachdeckerei Wegener",
    "IoT Sensorik Lowa GmbH",
)
LAW_FIRMS = (
    "Rechtsanwälte Dr. Behrens & Kollegen",
    "Kanzlei Grote Hoffmann Partnerschaft mbB",
    "Rechtsanwältin Katrin Schäfer",
    "Anwaltskanzlei Özdemir",
    "Vogt Rechtsanwälte",
    "Dr. Krüger & Partner Rechtsanwälte Steuerberater",
)
AUTHORITIES = (
    "Landkreis Wolfenbüttel – Der Landrat",
    "Finanzamt Braunschweig-Altewiekring",
    "Niedersächsische Landesbehörde für Straßenbau und Verkehr",
    "Polizeiinspektion Braunschweig",
    "Amtsgericht Braunschweig",
    "Deutsche Rentenversicherung Braunschweig-Hannover",
    "Landesamt für Soziales, Jugend und Familie",
    "Staatliches Gewerbeaufsichtsamt Braunschweig",
    "Regionales Landesamt für Schule und Bildung Braunschweig",
    "Jobcenter Braunschweig",
    "Stadt Wolfsburg – Der Oberbürgermeister",
    "AOK Niedersachsen",
)
ASSOCIATIONS = (
    "Kleingartenverein Am Schwarzen Berge e. V.",
    "Bürgerverein Östliches Ringgebiet e. V.",
    "Elternrat der IGS Querum",
    "TSV Eintracht Rüningen von 1921 e. V.",
    "BUND Kreisgruppe Braunschweig",
    "ADFC Braunschweig e. V.",
    "Sozialverband Deutschland, Ortsverband Lehndorf",
    "Förderverein Kita Wirbelwind e. V.",
    "Haus & Grund Braunschweig e. V.",
)
SCHOOLS = (
    "Grundschule Bültenweg",
    "IGS Querum",
    "Gymnasium Raabeschule",
    "Grundschule Lehndorf",
    "Realschule Maschstraße",
    "Grundschule Stöckheim",
    "Oberschule Sophienstraße",
)
KITAS = (
    "Kita Wirbelwind",
    "Kita Weststadt",
    "Ev. Kita St. Georg",
    "Kita Pusteblume",
    "Kita Okerstrolche",
)
CHILDREN = ("Mia", "Ben", "Emma", "Finn", "Lina", "Elias", "Zeynep", "Noah", "Hanna", "Milan")
TREES = ("Linde", "Eiche", "Kastanie", "Birke", "Ahorn", "Platane", "Blutbuche")
PARKS = ("Prinz-Albrecht-Park", "Bürgerpark", "Westpark", "Theaterpark", "Südsee-Park", "Löwenwall")
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
DEPT_ALIASES: dict[str, tuple[str, ...]] = {
    "10": (
        "Fachbereich 10 – Zentrale Dienste",
        "FB 10 Zentrale Dienste",
        "Personalabteilung",
        "Zentrale Dienste – Personalservice",
        "Zentraler Einkauf",
    ),
    "0110": (
        "Stabsstelle Digitalisierung, Smart City",
        "Referat 0110 – Digitalisierung",
        "Stabsstelle Digitalisierung",
        "Smart-City-Team",
    ),
    "20": (
        "Fachbereich 20 – Finanzen, Stadtkasse",
        "Stadtkasse",
        "Stadtkasse Braunschweig",
        "FB 20 Finanzen – Vollstreckung",
    ),
    "20.3": ("Abteilung 20.3 – Steuern", "Steuerabteilung", "Abt. Steuern", "Steueramt"),
    "32": (
        "Fachbereich 32 – Bürgerservice, Öffentliche Sicherheit",
        "Bürgeramt",
        "Bußgeldstelle",
        "Ordnungsamt",
        "Ausländerbehörde",
        "Bürgerservice",
    ),
    "40": (
        "Fachbereich 40 – Schule",
        "Fachbereich Schule",
        "Schulverwaltung",
        "FB Schule – Schülerbeförderung",
    ),
    "50": (
        "Fachbereich 50 – Soziales und Gesundheit",
        "Sozialamt",
        "Gesundheitsamt",
        "Wohngeldstelle",
        "FB Soziales und Gesundheit",
    ),
    "51": (
        "Fachbereich 51 – Kinder, Jugend und Familie",
        "Jugendamt",
        "Kita-Servicebüro",
        "Unterhaltsvorschussstelle",
        "FB Kinder, Jugend und Familie",
    ),
    "60": (
        "Fachbereich 60 – Bauordnung",
        "Fachbereich Bauordnung",
        "Bauordnungsamt",
        "Untere Bauaufsichtsbehörde",
        "Bauaufsicht",
    ),
    "61": (
        "Fachbereich 61 – Stadtplanung und Geoinformation",
        "Stadtplanungsamt",
        "Abteilung Geoinformation",
        "Fachbereich Stadtplanung",
        "Vermessung und Geoinformation",
    ),
    "65": (
        "Fachbereich 65 – Gebäudemanagement",
        "Gebäudemanagement",
        "Fachbereich Gebäudemanagement",
        "Städtisches Gebäudemanagement",
    ),
    "66": (
        "Fachbereich 66 – Tiefbau und Verkehr",
        "Tiefbauamt",
        "Fachbereich Tiefbau und Verkehr",
        "Straßenverkehrsbehörde",
        "Abteilung Verkehr",
    ),
    "67": (
        "Fachbereich 67 – Stadtgrün und Sport",
        "Fachbereich Stadtgrün",
        "Grünflächenamt",
        "Friedhofsverwaltung",
        "Sportabteilung",
    ),
    "68": (
        "Fachbereich 68 – Umwelt",
        "Umweltamt",
        "Untere Naturschutzbehörde",
        "Untere Wasserbehörde",
        "Fachbereich Umwelt",
    ),
}
CITY_ADDRESSES = (
    ("Platz der Deutschen Einheit 1", "38100 Braunschweig"),
    ("Postfach 3309", "38023 Braunschweig"),
    ("Bohlweg 30", "38100 Braunschweig"),
    ("Langer Hof 8", "38100 Braunschweig"),
)


def person(rng: random.Random) -> tuple[str, str, str]:
    """(full name, salutation form "Herrn X"/"Frau X", closing name)."""
    female = rng.random() < 0.5
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST)
    title = "Dr. " if rng.random() < 0.07 else ""
    full = f"{title}{first} {last}"
    return full, ("Frau " if female else "Herrn ") + full, full


def german_date(d: date, rng: random.Random) -> str:
    """A date in one of the common German forms."""
    style = rng.randrange(5)
    if style == 0:
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == 1:
        return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    if style == 2:
        return f"{d.day}.{d.month}.{d.year % 100:02d}"
    if style == 3:
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def letter_date(rng: random.Random) -> date:
    return date(2024, 1, 8) + timedelta(days=rng.randrange(0, 640))


def recipient_block(dept: str, rng: random.Random, attention: str) -> list[str]:
    """The address window: names the department in about 40 % of letters."""
    street, town = rng.choice(CITY_ADDRESSES)
    lines = ["Stadt Braunschweig"]
    roll = rng.random()
    if roll < 0.4:
        lines.append(rng.choice(DEPT_ALIASES[dept]))
    elif roll < 0.5:
        lines = ["Stadt Braunschweig – Der Oberbürgermeister"]
    if attention and rng.random() < 0.3:
        lines.append(attention)
    lines += [street, town]
    return lines


def unit_az(dept: str, rng: random.Random, year: int) -> str:
    """An Aktenzeichen; about half start with the unit number ("66.3-…")."""
    num = rng.randrange(10, 9999)
    if rng.random() < 0.5:
        if dept == "0110":
            unit = "0110"
        elif dept == "20.3":
            unit = rng.choice(("20.3", "20.31", "20.32"))
        elif dept == "20":
            unit = rng.choice(("20", "20.1", "20.2", "20.4"))
        else:
            unit = rng.choice(
                (
                    dept,
                    f"{dept}.{rng.randrange(1, 5)}",
                    f"{dept}.{rng.randrange(1, 5)}{rng.randrange(1, 4)}",
                )
            )
        sep = rng.choice(("-", "-", "/", " "))
        return (
            f"{unit}{sep}{num:04d}/{year}"
            if rng.random() < 0.6
            else f"{unit}{sep}{year % 100:02d}-{num}"
        )
    letters = rng.choice(("Az", "AZ", "Vg", "Nr.", "Ko", "Sch", "La"))
    return f"{letters} {num}/{year % 100:02d}" if rng.random() < 0.5 else f"{year}-{num:05d}"
