"""Scenarios for 32 Bürgerservice/Ordnung, 40 Schule, 50 Soziales/Gesundheit, 51 Jugend."""
# ruff: noqa: E501  (letter prose: one alternative per line reads better than split strings)

from __future__ import annotations

from ingest.classify.seed.scenario import Scenario as S

SCENARIOS: tuple[S, ...] = (
    S(
        "32",
        "bussgeld",
        "cl",
        (
            "Anhörung im Bußgeldverfahren – Kennzeichen {plate}",
            "Einspruch gegen den Bußgeldbescheid vom {date}",
            "Verwarnungsgeld wegen Parkverstoß",
            "Ihr Anhörungsbogen zum Verkehrsverstoß",
        ),
        (
            (
                "gegen den Bußgeldbescheid vom {date} lege ich hiermit Einspruch ein.",
                "in der Bußgeldsache gegen unseren Mandanten {client} beantragen wir Akteneinsicht.",
                "ich habe ein Verwarnungsgeld wegen Parkens im Halteverbot in der {site} erhalten.",
                "den Anhörungsbogen sende ich ausgefüllt zurück.",
            ),
            (
                "Zum angegebenen Zeitpunkt war ich nachweislich nicht in Braunschweig.",
                "Das Halteverbotsschild war durch einen Baum vollständig verdeckt.",
                "Die Messung mit dem Geschwindigkeitsmessgerät wird bestritten.",
                "Gefahren ist mein Sohn, nicht ich als Halterin des Fahrzeugs {plate}.",
            ),
            (
                "Ich bitte um Einstellung des Verfahrens.",
                "Die Vollmacht wird anwaltlich versichert.",
                "Ein Foto der Beschilderung füge ich bei.",
                "",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "32",
        "meldewesen",
        "ca",
        (
            "Anmeldung einer Wohnung – Wohnungsgeberbestätigung",
            "Meldebescheinigung für {client}",
            "Melderegisterauskunft",
            "Ummeldung nach Umzug",
        ),
        (
            (
                "ich bin zum {date} in die {site} {hn} umgezogen und möchte mich ummelden.",
                "für ein Verfahren benötigen wir eine einfache Melderegisterauskunft über {client}.",
                "anbei die Wohnungsgeberbestätigung für meinen neuen Mieter.",
                "ich benötige eine erweiterte Meldebescheinigung für meine Rentenversicherung.",
            ),
            (
                "Einen Termin im Bürgeramt habe ich online leider nicht bekommen.",
                "Die Gebühr von 10 EUR überweisen wir nach Rechnungserhalt.",
                "Die Kopie meines Personalausweises liegt bei.",
                "",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "32",
        "ausweis",
        "c",
        (
            "Personalausweis verloren",
            "Reisepass für meine Tochter",
            "Abholung des Personalausweises",
            "Fundsache – Geldbörse abgegeben",
        ),
        (
            (
                "ich habe meinen Personalausweis verloren und möchte den Verlust melden.",
                "für unsere Urlaubsreise im {month} benötigt meine Tochter {child} einen Reisepass.",
                "ich kann meinen neuen Personalausweis nicht selbst abholen und bevollmächtige meinen Mann.",
                "ich habe am {date} eine Geldbörse im {park} gefunden und im Fundbüro abgegeben.",
            ),
            (
                "Bitte teilen Sie mir mit, welche Unterlagen ich mitbringen muss.",
                "Die Vollmacht und eine Kopie meines Ausweises liegen bei.",
                "Falls sich der Eigentümer nicht meldet, möchte ich den Finderlohn beanspruchen.",
            ),
        ),
        (),
        0.0,
    ),
    S(
        "32",
        "gewerbe_auslaender",
        "cCl",
        (
            "Gewerbeanmeldung – Einzelunternehmen",
            "Verlängerung der Aufenthaltserlaubnis",
            "Gewerbeabmeldung zum {date}",
            "Antrag auf Erteilung einer Niederlassungserlaubnis",
        ),
        (
            (
                "anbei übersende ich die Gewerbeanmeldung für meinen Hausmeisterservice.",
                "wir beantragen für unseren Mandanten {client} die Verlängerung der Aufenthaltserlaubnis.",
                "unser Betrieb wird zum {date} eingestellt; wir melden das Gewerbe ab.",
                "ich lebe seit acht Jahren in Deutschland und beantrage die Niederlassungserlaubnis.",
            ),
            (
                "Die Aufenthaltserlaubnis läuft am {date2} ab.",
                "Die Ausländerbehörde ist telefonisch nicht erreichbar.",
                "Der Gewerbeschein soll auf die Adresse {site} {hn} ausgestellt werden.",
                "Nachweise über Sprachkenntnisse B1 und Lebensunterhalt sind beigefügt.",
            ),
            ("", "Meine Gewerbesteuer wird sicher bald fällig – an wen wende ich mich dafür?"),
        ),
        ("az",),
        0.0,
    ),
    S(
        "32",
        "ordnung",
        "cv",
        (
            "Lärm durch Veranstaltung – Bitte um Prüfung der Genehmigung",
            "Antrag Straßenfest {district}",
            "Beschwerde über Falschparker",
            "Genehmigung Flohmarkt",
        ),
        (
            (
                "unser Verein plant am {date2} ein Straßenfest und beantragt die erforderliche Erlaubnis.",
                "vor unserer Einfahrt in der {site} wird ständig falsch geparkt, die Feuerwehrzufahrt ist blockiert.",
                "wir möchten einen Flohmarkt auf dem Schulhof veranstalten und fragen nach der Genehmigung.",
            ),
            (
                "Bitte schicken Sie häufiger den Zentralen Ordnungsdienst vorbei.",
                "Ausschank von Getränken ist geplant, Musik bis 22 Uhr.",
                "Die Kennzeichen habe ich notiert, zum Beispiel {plate}.",
            ),
        ),
        (),
        0.0,
    ),
    S(
        "40",
        "schulanmeldung",
        "c",
        (
            "Schulanmeldung für {child}",
            "Antrag auf Besuch einer anderen Grundschule",
            "Schulbezirk – Ausnahmeantrag",
            "Schulwechsel zum Halbjahr",
        ),
        (
            (
                "unser Sohn {child} wird im Sommer eingeschult und wir möchten ihn an der {school} anmelden.",
                "wir beantragen, dass unsere Tochter {child} die {school} besuchen darf, obwohl wir in einem anderen "
                "Schulbezirk wohnen.",
                "wegen unseres Umzugs nach {district} muss {child} zum Halbjahr die Schule wechseln.",
            ),
            (
                "Ihr älterer Bruder besucht bereits diese Schule.",
                "Die Ganztagsbetreuung ist für uns als Berufstätige wichtig.",
                "Die zuständige Schule ist nur über eine stark befahrene Straße zu erreichen.",
            ),
            (
                "",
                "",
                "{child} hat eine diagnostizierte Autismus-Spektrum-Störung; das ärztliche Gutachten liegt bei.",
            ),
        ),
        ("az",),
        0.12,
    ),
    S(
        "40",
        "befoerderung",
        "c",
        (
            "Antrag auf Schülerbeförderung",
            "Erstattung der Fahrtkosten für {child}",
            "Schülerfahrkarte verloren",
            "Schulbus hält nicht mehr an der Haltestelle {site}",
        ),
        (
            (
                "für unsere Tochter {child}, Klasse 5 der {school}, beantragen wir die Übernahme der Schülerbeförderung.",
                "der Schulbus fährt seit den Ferien nicht mehr die Haltestelle in der {site} an.",
                "{child} hat die Schülerfahrkarte verloren, wir bitten um Ersatz.",
            ),
            (
                "Der Schulweg beträgt über 4 Kilometer.",
                "Die Kinder müssen jetzt an einer unbeleuchteten Straße warten.",
                "Die Kosten für die Monatskarte haben wir vorgestreckt: {amount} EUR.",
            ),
            (
                "",
                "",
                "Wegen einer Gehbehinderung kann {child} den Schulweg nicht zu Fuß bewältigen; ein Attest liegt bei.",
            ),
        ),
        ("az",),
        0.15,
    ),
    S(
        "40",
        "ausstattung",
        "Cv",
        (
            "Angebot Tablets für die {school}",
            "Schulausstattung – Rechnung {invoice}",
            "Fehlende Ausstattung der Klassenräume",
            "Ganztagsbetreuung an der {school}",
        ),
        (
            (
                "als Elternrat weisen wir auf die unzureichende Ausstattung der Klassenräume hin.",
                "für die Ausstattung der {school} mit digitalen Tafeln bieten wir an:",
                "für die gelieferten Schulmöbel stellen wir in Rechnung:",
                "die Ganztagsbetreuung an der {school} ist für das nächste Schuljahr völlig überbucht.",
            ),
            (
                "Es fehlen Beamer, Whiteboards und Laptops für den Unterricht.",
                "32 Schülertische und Stühle, {amount} EUR.",
                "15 interaktive Displays inkl. Montage, {amount} EUR netto.",
                "Über 40 Kinder stehen auf der Warteliste.",
            ),
            (
                "Wir bitten um einen Gesprächstermin mit dem Fachbereich Schule.",
                "Zahlbar innerhalb von 30 Tagen.",
                "",
            ),
        ),
        ("invoice", "order"),
        0.0,
    ),
    S(
        "50",
        "wohngeld",
        "c",
        (
            "Antrag auf Wohngeld",
            "Weiterleistungsantrag Wohngeld",
            "Wohngeld – Nachreichung von Unterlagen",
            "Änderungsmitteilung Wohngeld",
        ),
        (
            (
                "anbei übersende ich den ausgefüllten Antrag auf Wohngeld für meine Wohnung in der {site}.",
                "mein Wohngeld läuft am {date2} aus; ich beantrage die Weiterbewilligung.",
                "wie angefordert reiche ich die Lohnabrechnungen der letzten drei Monate nach.",
                "seit dem {date} hat sich mein Einkommen geändert.",
            ),
            (
                "Die Miete beträgt {amount} EUR warm.",
                "Meine Frau ist seit März arbeitslos.",
                "Die Mietbescheinigung des Vermieters ist beigefügt.",
            ),
            ("", "Außerdem bekomme ich Pflegegeld für meine Mutter, die bei uns lebt."),
        ),
        ("az",),
        0.6,
    ),
    S(
        "50",
        "grundsicherung",
        "cl",
        (
            "Antrag auf Grundsicherung im Alter",
            "Widerspruch gegen den Bescheid über Grundsicherung",
            "Hilfe zur Pflege – Kostenübernahme",
            "Grundsicherung bei Erwerbsminderung",
        ),
        (
            (
                "ich bin 68 Jahre alt und meine Rente reicht nicht zum Leben; ich beantrage Grundsicherung.",
                "namens unserer Mandantin legen wir Widerspruch gegen den Bescheid vom {date} ein.",
                "meine Mutter lebt seit {month} im Pflegeheim; die Kosten kann sie nicht tragen.",
                "wegen voller Erwerbsminderung beantrage ich Leistungen der Grundsicherung.",
            ),
            (
                "Die Rentenversicherung hat eine Rente von {amount} EUR bewilligt.",
                "Der Pflegegrad 3 wurde vom Medizinischen Dienst festgestellt.",
                "Die Kosten der Unterkunft wurden nicht in voller Höhe anerkannt.",
                "Ich leide an einer chronischen Lungenerkrankung.",
            ),
            (
                "Bitte beantragen Sie Hilfe zur Pflege beim Sozialamt.",
                "Kontoauszüge liegen bei.",
                "",
            ),
        ),
        ("az",),
        1.0,
    ),
    S(
        "50",
        "schwerbehinderung",
        "cl",
        (
            "Antrag auf Feststellung einer Schwerbehinderung",
            "Schwerbehindertenausweis – Merkzeichen G",
            "Widerspruch – Grad der Behinderung",
        ),
        (
            (
                "ich beantrage die Feststellung einer Behinderung und die Ausstellung eines Schwerbehindertenausweises.",
                "für unseren Mandanten {client} legen wir Widerspruch gegen die Feststellung eines GdB von 30 ein.",
                "ich beantrage zusätzlich das Merkzeichen G.",
            ),
            (
                "Nach zwei Bandscheibenoperationen kann ich nur noch kurze Strecken gehen.",
                "Die Befunde der Klinik und des Hausarztes liegen bei.",
                "Die Depression wurde nicht berücksichtigt.",
            ),
            ("Bitte ziehen Sie die Unterlagen meines Hausarztes Dr. Vogt bei.", ""),
        ),
        ("az",),
        1.0,
    ),
    S(
        "50",
        "gesundheitsamt",
        "caC",
        (
            "Meldung nach Infektionsschutzgesetz",
            "Belehrung nach § 43 IfSG – Terminanfrage",
            "Schimmel in der Mietwohnung – Gesundheitsgefahr",
            "Trinkwasseruntersuchung – Befund",
        ),
        (
            (
                "wir melden gemäß § 6 Infektionsschutzgesetz einen Fall von Norovirus in unserer Einrichtung.",
                "für meine neue Stelle in einer Bäckerei benötige ich die Belehrung nach dem Infektionsschutzgesetz.",
                "in meiner Wohnung in der {site} hat sich massiver Schimmel gebildet, meine Kinder sind oft krank.",
                "anbei erhalten Sie den Prüfbericht der Trinkwasseruntersuchung für das Objekt {site} {hn}.",
            ),
            (
                "Betroffen sind 6 Bewohner, die Symptome traten ab dem {date} auf.",
                "Der Grenzwert für Legionellen wurde überschritten.",
                "Bitte geben Sie mir einen Termin beim Gesundheitsamt.",
                "Der Vermieter reagiert nicht.",
            ),
        ),
        ("order",),
        0.5,
    ),
    S(
        "51",
        "kita",
        "cv",
        (
            "Kita-Platz für {child} ab {month}",
            "Elternbeiträge – Antrag auf Ermäßigung",
            "Kündigung des Kita-Platzes",
            "Anmeldung Kindertagespflege",
        ),
        (
            (
                "wir suchen ab dem 1. {month} einen Kita-Platz für unsere Tochter {child} ({age} Jahre).",
                "ich beantrage die Ermäßigung der Elternbeiträge für die {kita}.",
                "hiermit kündigen wir den Betreuungsplatz von {child} in der {kita} zum {date2}.",
                "wir möchten {child} bei einer Tagesmutter in {district} unterbringen.",
            ),
            (
                "Über das Kita-Portal haben wir bisher nur Absagen erhalten.",
                "Unser Einkommen liegt unter der Grenze.",
                "Wir ziehen nach Wolfsburg.",
                "Bitte berücksichtigen Sie, dass ich alleinerziehend bin.",
            ),
            (
                "Den Einkommensnachweis füge ich bei.",
                "Wir bitten um eine schnelle Rückmeldung.",
                "",
            ),
        ),
        ("az", "kz"),
        0.3,
    ),
    S(
        "51",
        "unterhalt",
        "cl",
        (
            "Antrag auf Unterhaltsvorschuss",
            "Beistandschaft für {child}",
            "Unterhaltsvorschuss – Änderungsmitteilung",
            "Ihr Rückgriff gegen unseren Mandanten",
        ),
        (
            (
                "der Vater meines Sohnes {child} zahlt keinen Unterhalt; ich beantrage Unterhaltsvorschuss.",
                "ich beantrage eine Beistandschaft des Jugendamtes zur Geltendmachung des Kindesunterhalts.",
                "wir vertreten {client} in der Unterhaltssache; Ihr Rückgriff ist unbegründet.",
                "ich teile mit, dass der Vater seit {month} wieder Unterhalt zahlt.",
            ),
            (
                "Die Geburtsurkunde und die Sorgerechtserklärung liegen bei.",
                "Unser Mandant ist nicht leistungsfähig, er bezieht Bürgergeld.",
                "Die Vaterschaft ist noch nicht festgestellt.",
            ),
        ),
        ("az",),
        1.0,
    ),
    S(
        "51",
        "jugendhilfe",
        "caCl",
        (
            "Hilfe zur Erziehung – Antrag",
            "Mitteilung gemäß § 8a SGB VIII",
            "Hilfeplangespräch {child}",
            "Rechnung Jugendhilfemaßnahme {month}",
        ),
        (
            (
                "ich komme mit meinem 14-jährigen Sohn nicht mehr zurecht und bitte um Hilfe zur Erziehung.",
                "wir teilen Ihnen gewichtige Anhaltspunkte für eine Kindeswohlgefährdung mit.",
                "zum Hilfeplangespräch am {date2} übersenden wir den Entwicklungsbericht.",
                "für die ambulante Jugendhilfe (Erziehungsbeistand) berechnen wir für {month} {amount} EUR.",
            ),
            (
                "Das Kind kam mehrfach mit Hämatomen in die Schule.",
                "Er geht nicht mehr zur Schule und kifft.",
                "{child} hat sich in der Wohngruppe gut eingelebt.",
                "Leistungsbescheid des Jugendamtes vom {date}.",
            ),
            ("Wir bitten um vertrauliche Behandlung.", ""),
        ),
        ("az", "invoice"),
        1.0,
    ),
)
