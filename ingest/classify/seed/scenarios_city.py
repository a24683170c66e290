"""Scenarios for 60 Bauordnung, 61 Stadtplanung, 65 Gebäude, 66 Tiefbau, 67 Stadtgrün, 68 Umwelt."""
# ruff: noqa: E501  (letter prose: one alternative per line reads better than split strings)

from __future__ import annotations

from ingest.classify.seed.scenario import Scenario as S

SCENARIOS: tuple[S, ...] = (
    S(
        "60",
        "bauantrag",
        "cC",
        (
            "Bauantrag Neubau Einfamilienhaus, {flur}",
            "Nachreichung Bauvorlagen – Vorgangsnummer {vg}",
            "Bauvoranfrage Carport {site} {hn}",
            "Baugenehmigung – Sachstandsanfrage",
        ),
        (
            (
                "anbei reichen wir den Bauantrag für den Neubau eines Einfamilienhauses auf dem Grundstück {site} {hn} ein.",
                "wie gefordert reichen wir die fehlenden Bauvorlagen nach: Standsicherheitsnachweis und Lageplan.",
                "ich möchte einen Carport an der Grundstücksgrenze errichten und stelle eine Bauvoranfrage.",
                "unser Bauantrag vom {date} ist nun seit drei Monaten in Bearbeitung.",
            ),
            (
                "Die Bauzeichnungen wurden vom Architekturbüro erstellt.",
                "Der Entwurfsverfasser ist bauvorlageberechtigt.",
                "Wann können wir mit der Baugenehmigung rechnen?",
                "Die Abstandsflächen sind eingehalten.",
            ),
            (
                "",
                "Die Grundsteuer zahlen wir selbstverständlich weiter.",
                "Der Baum auf dem Grundstück bleibt erhalten.",
            ),
        ),
        ("vg", "az"),
        0.0,
    ),
    S(
        "60",
        "nachbar",
        "cl",
        (
            "Widerspruch gegen die Baugenehmigung für das Nachbargrundstück",
            "Ungenehmigter Anbau {site}",
            "Schwarzbau auf dem Nachbargrundstück",
            "Nachbarwiderspruch – Az. {az}",
        ),
        (
            (
                "namens unserer Mandanten legen wir Widerspruch gegen die Baugenehmigung vom {date} ein.",
                "mein Nachbar errichtet seit Wochen einen Anbau, für den es meines Wissens keine Baugenehmigung gibt.",
                "ich möchte einen Schwarzbau melden: auf dem Grundstück {site} {hn} wurde eine Garage ohne Genehmigung gebaut.",
            ),
            (
                "Die Abstandsflächen zur Grundstücksgrenze werden deutlich unterschritten.",
                "Das Gebäude verschattet unseren Garten vollständig.",
                "Bitte prüfen Sie eine Nutzungsuntersagung und einen Baustopp durch die Bauaufsicht.",
            ),
            ("Wir beantragen Akteneinsicht in die Bauakte.", "Fotos liegen bei.", ""),
        ),
        ("az",),
        0.0,
    ),
    S(
        "60",
        "nutzung",
        "cC",
        (
            "Antrag auf Nutzungsänderung Laden in Gaststätte",
            "Abbruchanzeige Nebengebäude",
            "Eintragung einer Baulast",
            "Bauabnahme – Anzeige der Fertigstellung",
        ),
        (
            (
                "wir beantragen die Nutzungsänderung des Ladenlokals {site} {hn} in ein Café.",
                "hiermit zeigen wir den Abbruch des Nebengebäudes auf dem Grundstück {flur} an.",
                "für die Erschließung des Hinterliegers soll eine Baulast eingetragen werden.",
                "das Bauvorhaben ist fertiggestellt; wir zeigen die Fertigstellung an.",
            ),
            (
                "Die Stellplatzablöse ist geklärt.",
                "Der Brandschutznachweis wird nachgereicht.",
                "Die Baulasterklärung des Eigentümers liegt notariell beglaubigt bei.",
                "Bitte vereinbaren Sie einen Termin zur Bauabnahme.",
            ),
        ),
        ("vg", "az"),
        0.0,
    ),
    S(
        "61",
        "bplan",
        "cCva",
        (
            "Stellungnahme zum Bebauungsplan {bplan}",
            "Beteiligung der Träger öffentlicher Belange – Bebauungsplan {bplan}",
            "Anregungen zur Änderung des Flächennutzungsplans",
            "Einwendungen Bebauungsplan {bplan}",
        ),
        (
            (
                "im Rahmen der öffentlichen Auslegung des Bebauungsplans {bplan} nehmen wir wie folgt Stellung.",
                "als Träger öffentlicher Belange wurden wir an der Bauleitplanung beteiligt.",
                "ich erhebe Einwendungen gegen den Entwurf des Bebauungsplans für das Gebiet in {district}.",
                "zur 112. Änderung des Flächennutzungsplans geben wir folgende Anregungen.",
            ),
            (
                "Die geplante Bebauung mit vier Geschossen fügt sich nicht in die Umgebung ein.",
                "Gegen die Planung bestehen aus unserer Sicht keine Bedenken.",
                "Die Grünfläche sollte als Frischluftschneise erhalten bleiben.",
                "Die Erschließung über die {site} ist nicht ausreichend.",
            ),
            (
                "",
                "Ein konkreter Bauantrag ist uns nicht bekannt.",
                "Bitte berücksichtigen Sie dies in der Abwägung.",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "61",
        "vermessung",
        "cC",
        (
            "Antrag auf Vergabe einer Hausnummer",
            "Vermessung – Grenzfeststellung {flur}",
            "Auszug aus dem Liegenschaftskataster",
            "Amtlicher Lageplan für Bauvorlage",
        ),
        (
            (
                "für unser neu errichtetes Wohnhaus auf dem Flurstück {flur} beantragen wir die Vergabe einer Hausnummer.",
                "wir beantragen eine Grenzfeststellung, da die Grenzsteine zum Nachbarn fehlen.",
                "für den Verkauf benötige ich einen Auszug aus dem Liegenschaftskataster.",
                "für einen Bauantrag benötigen wir einen amtlichen Lageplan.",
            ),
            (
                "Der Zugang erfolgt von der {site} aus.",
                "Die Kosten der Vermessung übernehme ich.",
                "Bitte senden Sie uns auch Geodaten im DXF-Format.",
                "",
            ),
        ),
        ("az", "order"),
        0.0,
    ),
    S(
        "61",
        "stadtentwicklung",
        "cv",
        (
            "Frage zum Baugebiet {district}",
            "Bürgerbeteiligung Stadtentwicklung",
            "Bauland für junge Familien",
        ),
        (
            (
                "wann wird das neue Baugebiet in {district} erschlossen und wann gibt es Bauplätze?",
                "die Bürgerbeteiligung zum Rahmenplan Innenstadt war aus unserer Sicht unzureichend.",
                "warum weist die Stadt kein neues Bauland aus?",
            ),
            (
                "Im Flächennutzungsplan ist die Fläche als Wohnbaufläche dargestellt.",
                "Die Geoinformation im Stadtplan online ist veraltet.",
                "Wir bitten um Einsicht in die Planunterlagen.",
            ),
        ),
        (),
        0.0,
    ),
    S(
        "65",
        "rechnung",
        "C",
        (
            "Rechnung {invoice} – Heizungswartung {school}",
            "Schlussrechnung Dachsanierung Sporthalle",
            "Abschlagsrechnung Nr. {invoice}",
            "Rechnung Gebäudereinigung {month} {year}",
        ),
        (
            (
                "für die ausgeführten Arbeiten erlauben wir uns zu berechnen:",
                "gemäß Auftrag {order} stellen wir Ihnen unsere Leistungen in Rechnung:",
                "für die Unterhaltsreinigung Ihrer Liegenschaften im Monat {month} berechnen wir:",
            ),
            (
                "Wartung der Gasbrennwertkessel in der {school}, Austausch Umwälzpumpe, {amount} EUR.",
                "Dachabdichtung Sporthalle der {school}, 420 m², Gesamtbetrag {amount} EUR brutto.",
                "Reinigung Rathaus Altbau und Verwaltungsgebäude {site}, {amount} EUR netto.",
                "Austausch defekter Leuchten in Flur und Treppenhaus, {amount} EUR.",
            ),
            (
                "Zahlbar innerhalb von 14 Tagen ohne Abzug.",
                "Bankverbindung: Volksbank BraWo, IBAN DE44 2699 1066 1234 5678 00.",
                "Das Aufmaß liegt bei.",
            ),
        ),
        ("invoice", "order", "customer"),
        0.0,
    ),
    S(
        "65",
        "maengel",
        "cva",
        (
            "Heizung in der Turnhalle ausgefallen",
            "Schimmel im Klassenraum der {school}",
            "Mängel am Gebäude {site} {hn}",
            "Hausmeister – Schlüsselübergabe",
        ),
        (
            (
                "in der Turnhalle der {school} ist seit Tagen die Heizung ausgefallen; Sportunterricht ist kaum möglich.",
                "im Klassenraum 12 der {school} gibt es seit Monaten Schimmel an den Wänden.",
                "am städtischen Gebäude {site} {hn} löst sich der Putz, Teile sind auf den Gehweg gefallen.",
                "unser Verein nutzt das städtische Gemeinschaftshaus; der Hausmeister ist nie erreichbar.",
            ),
            (
                "Die Fenster lassen sich nicht mehr schließen.",
                "Bitte veranlassen Sie die Instandhaltung kurzfristig.",
                "Auch die Toiletten sind seit Wochen defekt.",
                "Die Raumtemperatur lag heute bei 13 Grad.",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "65",
        "angebot",
        "C",
        (
            "Angebot Sanierung Sanitäranlagen {school}",
            "Nachtragsangebot Nr. {order}",
            "Angebot Wartungsvertrag Aufzüge",
        ),
        (
            (
                "auf Ihre Anfrage bieten wir für die Sanierung der Sanitäranlagen an:",
                "wegen unvorhergesehener Schadstofffunde beim Rückbau legen wir ein Nachtragsangebot vor:",
                "für die 14 Aufzugsanlagen in Ihren städtischen Gebäuden bieten wir einen Vollwartungsvertrag an.",
            ),
            (
                "Angebotssumme {amount} EUR netto, Ausführung in den Sommerferien.",
                "Asbesthaltiger Fliesenkleber, Entsorgung {amount} EUR.",
                "Monatlich {amount} EUR inklusive Notruf.",
            ),
            ("Wir würden uns über Ihren Auftrag freuen.", ""),
        ),
        ("order", "customer"),
        0.0,
    ),
    S(
        "66",
        "strassenschaden",
        "cl",
        (
            "Schlagloch in der {site} – Schadensersatz",
            "Schaden an meinem Fahrzeug {plate}",
            "Gehweg beschädigt",
            "Straßenbeleuchtung defekt in {district}",
        ),
        (
            (
                "am {date} bin ich in der {site} durch ein tiefes Schlagloch gefahren; dabei wurde mein Reifen beschädigt.",
                "wir machen für unseren Mandanten Schadensersatz wegen Verletzung der Verkehrssicherungspflicht geltend.",
                "der Gehweg vor dem Haus {site} {hn} ist durch Wurzeln angehoben; meine Mutter ist gestürzt.",
                "in der {site} ist seit zwei Wochen die Straßenbeleuchtung ausgefallen.",
            ),
            (
                "Die Reparatur kostete {amount} EUR, die Rechnung liegt bei.",
                "Es ist abends völlig dunkel.",
                "Die Straßenschäden sind seit Monaten bekannt.",
                "Bitte sichern Sie die Stelle ab.",
            ),
            ("Bitte regulieren Sie den Schaden bis zum {date2}.", ""),
        ),
        ("az", "own"),
        0.0,
    ),
    S(
        "66",
        "sondernutzung",
        "C",
        (
            "Antrag auf Sondernutzungserlaubnis – Außengastronomie",
            "Verkehrsrechtliche Anordnung Baustelle {site}",
            "Aufstellen eines Containers auf öffentlicher Straße",
            "Halteverbotszone für Umzug",
        ),
        (
            (
                "wir beantragen die Sondernutzung öffentlicher Straßen für die Außengastronomie vor unserem Café.",
                "für die Baustelle in der {site} beantragen wir eine verkehrsrechtliche Anordnung für eine halbseitige Sperrung.",
                "für Bauarbeiten möchten wir einen Container auf der Fahrbahn vor {site} {hn} aufstellen.",
                "für unseren Umzug am {date2} beantragen wir ein Halteverbot.",
            ),
            (
                "Der Verkehrszeichenplan liegt bei.",
                "Die Fläche beträgt ca. 20 m².",
                "Die Ampel muss provisorisch umgestellt werden.",
                "Die Baustelle dauert voraussichtlich vier Wochen.",
            ),
        ),
        ("az", "order"),
        0.0,
    ),
    S(
        "66",
        "radverkehr",
        "cva",
        (
            "Radweg {site} – gefährliche Situation",
            "Ampelschaltung Kreuzung {site}",
            "Tempo 30 vor der {school}",
            "Baustellenkoordinierung Landesstraße",
        ),
        (
            (
                "der Radweg an der {site} endet plötzlich im Nichts; Radfahrende werden auf die Fahrbahn gedrängt.",
                "die Ampel an der Kreuzung {site} hat für Fußgänger eine viel zu kurze Grünphase.",
                "wir beantragen Tempo 30 vor der {school}, weil Kinder dort die Straße queren.",
                "zur Koordinierung der Baustellen an der Landesstraße bitten wir um Abstimmung mit Ihrem Tiefbau.",
            ),
            (
                "Fast täglich kommt es zu gefährlichen Situationen.",
                "Der ADFC hat die Stelle als Unfallschwerpunkt gemeldet.",
                "Unsere Bauarbeiten beginnen am {date2}.",
                "",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "67",
        "baum",
        "cCl",
        (
            "Antrag auf Baumfällgenehmigung",
            "Baum auf städtischer Grünfläche droht umzustürzen",
            "Baumpflege {site}",
            "Schaden durch herabgefallenen Ast",
        ),
        (
            (
                "auf meinem Grundstück {site} {hn} steht eine {tree}, die ich fällen lassen möchte; ich beantrage die Fällgenehmigung.",
                "die {tree} auf der Grünfläche neben unserem Haus ist innen hohl und droht umzustürzen.",
                "am {date} ist ein großer Ast einer städtischen {tree} auf das Auto unseres Mandanten gefallen.",
                "die Bäume in der {site} wurden seit Jahren nicht mehr beschnitten.",
            ),
            (
                "Der Stammumfang beträgt etwa 1,20 m.",
                "Ein Gutachten des Baumdienstes liegt bei.",
                "Der Schaden beträgt {amount} EUR.",
                "Im Sommer bitte auch an die Baumbewässerung denken.",
            ),
            (
                "",
                "Wegen der Baumschutzsatzung frage ich lieber vorher nach.",
                "Den Bauantrag für die Garage stelle ich später.",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "67",
        "spielplatz_sport",
        "cv",
        (
            "Spielplatz {park} – defekte Geräte",
            "Nutzung der Sportanlage durch unseren Verein",
            "Hallenzeiten {year}",
            "Grünflächenpflege {park}",
        ),
        (
            (
                "auf dem Spielplatz im {park} ist die Rutsche seit Wochen gesperrt und die Schaukel kaputt.",
                "unser Verein beantragt die Nutzung des Kunstrasenplatzes an der {site} für die Jugendmannschaften.",
                "der Rasen im {park} wird kaum gemäht; überall liegen Glasscherben.",
                "für die Saison beantragen wir zusätzliche Trainingszeiten auf der Sportanlage.",
            ),
            (
                "Die Kinder spielen im Sand zwischen Hundekot.",
                "Das Flutlicht ist defekt.",
                "Wir zahlen die Nutzungsentgelte pünktlich.",
                "",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "67",
        "friedhof",
        "cl",
        (
            "Verlängerung des Nutzungsrechts an der Grabstätte",
            "Grabstelle Hauptfriedhof – Abräumung",
            "Friedhofsgebühren – Bescheid vom {date}",
        ),
        (
            (
                "das Nutzungsrecht an der Grabstätte meiner Eltern auf dem Hauptfriedhof läuft im {month} ab.",
                "ich bitte um Abräumung der Grabstelle Feld 23, Reihe 4.",
                "gegen den Gebührenbescheid der Friedhofsverwaltung erhebt unsere Mandantin Widerspruch.",
            ),
            (
                "Ich möchte es um 10 Jahre verlängern.",
                "Der Grabstein soll von einem Steinmetz entfernt werden.",
                "Die Gebühren von {amount} EUR sind überhöht.",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "68",
        "laerm",
        "cl",
        (
            "Lärmbeschwerde gegen Gewerbebetrieb {site}",
            "Lärmbelästigung durch Wärmepumpe",
            "Immissionsschutz – Geruchsbelästigung",
        ),
        (
            (
                "seit Monaten verursacht der Betrieb in der {site} nachts erheblichen Lärm durch Lieferverkehr.",
                "die Wärmepumpe meines Nachbarn brummt Tag und Nacht mit über 50 dB(A).",
                "wir vertreten Anwohner der {site}, die unter Geruchsbelästigung durch eine Anlage leiden.",
            ),
            (
                "Ich bitte um eine Lärmmessung.",
                "Die Immissionsrichtwerte der TA Lärm werden offensichtlich überschritten.",
                "Wir beantragen ein immissionsschutzrechtliches Einschreiten.",
            ),
            ("", "Das Ordnungsamt hat uns an Sie verwiesen."),
        ),
        ("az",),
        0.05,
    ),
    S(
        "68",
        "natur_wasser",
        "cvCa",
        (
            "Gewässerverunreinigung an der Oker",
            "Antrag auf wasserrechtliche Erlaubnis – Grundwasserabsenkung",
            "Naturschutz – Eingriff in Biotop",
            "Brunnenbohrung anzeigen",
        ),
        (
            (
                "heute habe ich an der Oker in Höhe {district} einen Ölfilm auf dem Wasser und tote Fische gesehen.",
                "für die Baugrube des Neubaus beantragen wir die wasserrechtliche Erlaubnis zur Grundwasserabsenkung.",
                "im Landschaftsschutzgebiet wurden Hecken gerodet; geschützte Vögel brüten dort.",
                "hiermit zeige ich die Bohrung eines Gartenbrunnens auf meinem Grundstück an.",
            ),
            (
                "Fotos habe ich gemacht.",
                "Die Förderrate beträgt ca. 30 m³/h über acht Wochen.",
                "Die Untere Naturschutzbehörde sollte einschreiten.",
                "Die Tiefe beträgt etwa 8 Meter.",
            ),
        ),
        ("az", "vg"),
        0.0,
    ),
    S(
        "68",
        "altlasten_abfall",
        "cCa",
        (
            "Illegale Abfallablagerung im Wald bei {district}",
            "Altlastenauskunft für Grundstück {flur}",
            "Bodengutachten – Verdacht auf Altlasten",
            "Sperrmüll am Straßenrand abgeladen",
        ),
        (
            (
                "am Waldweg bei {district} wurden mehrere Säcke Bauschutt und Asbestplatten abgeladen.",
                "für den Kauf des Grundstücks {flur} bitten wir um Auskunft aus dem Altlastenkataster.",
                "bei Bodenuntersuchungen wurden erhöhte Werte von Mineralölkohlenwasserstoffen festgestellt.",
                "seit Tagen liegt illegal abgeladener Müll vor dem Haus {site} {hn}.",
            ),
            (
                "Das Gutachten des Umweltlabors liegt bei.",
                "Ein Kennzeichen konnte ich notieren: {plate}.",
                "Wir bitten um Mitteilung, ob weitere Untersuchungen erforderlich sind.",
                "",
            ),
        ),
        ("az", "order"),
        0.0,
    ),
)
