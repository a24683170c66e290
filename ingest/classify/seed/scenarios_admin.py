"""Scenarios for 10 Zentrale Dienste, 0110 Digitalisierung, 20 Stadtkasse, 20.3 Steuern."""
# ruff: noqa: E501  (letter prose: one alternative per line reads better than split strings)

from __future__ import annotations

from ingest.classify.seed.scenario import Scenario as S

SCENARIOS: tuple[S, ...] = (
    S(
        "10",
        "bewerbung",
        "c",
        (
            "Bewerbung als Verwaltungsfachangestellte (Kennziffer {az})",
            "Bewerbung um die Stelle als Sachbearbeiter/in Haushalt",
            "Initiativbewerbung für eine Ausbildung zum Verwaltungsfachangestellten",
        ),
        (
            (
                "mit großem Interesse habe ich Ihre Stellenausschreibung auf karriere.braunschweig.de gelesen "
                "und bewerbe mich hiermit um die ausgeschriebene Stelle.",
                "hiermit bewerbe ich mich um einen Ausbildungsplatz in Ihrer Verwaltung zum 1. August {year}.",
            ),
            (
                "Derzeit bin ich bei der {company} als Sachbearbeiterin tätig und möchte mich beruflich verändern.",
                "Im Sommer schließe ich die Realschule ab; meine Lieblingsfächer sind Mathematik und Politik.",
                "Nach meinem Studium der Verwaltungswissenschaften habe ich zwei Jahre bei einer Kommune gearbeitet.",
            ),
            (
                "Lebenslauf, Zeugnisse und Nachweise liegen bei.",
                "Meine vollständigen Bewerbungsunterlagen finden Sie in der Anlage.",
                "Über eine Einladung zu einem Vorstellungsgespräch würde ich mich sehr freuen.",
            ),
            (
                "",
                "",
                "Ich bin schwerbehindert (GdB 50) und bitte um Beteiligung der Schwerbehindertenvertretung.",
            ),
        ),
        ("az",),
        0.12,
    ),
    S(
        "10",
        "personal",
        "cl",
        (
            "Antrag auf Reduzierung der Arbeitszeit",
            "Ihr Arbeitsvertrag – Personalnummer {pn}",
            "Arbeitsunfähigkeitsbescheinigung und Wiedereingliederung",
            "Kündigung des Arbeitsverhältnisses",
        ),
        (
            (
                "als Beschäftigte im Bürgerservice beantrage ich ab dem 1. {month} die Reduzierung meiner "
                "wöchentlichen Arbeitszeit auf 30 Stunden.",
                "wir zeigen an, dass wir {client} in der arbeitsrechtlichen Angelegenheit gegen die Stadt vertreten.",
                "hiermit kündige ich mein Arbeitsverhältnis fristgerecht zum {date2}.",
                "anbei erhalten Sie die Folgebescheinigung meiner Arbeitsunfähigkeit.",
            ),
            (
                "Meine Personalnummer lautet {pn}.",
                "Die Eingruppierung nach TVöD in Entgeltgruppe 6 ist nach Auffassung unserer Mandantschaft fehlerhaft.",
                "Bitte senden Sie mir ein qualifiziertes Arbeitszeugnis zu.",
                "Nach Rücksprache mit meinem Arzt ist ab {date2} eine stufenweise Wiedereingliederung geplant.",
            ),
            (
                "Bitte leiten Sie das Schreiben an die Personalabteilung weiter.",
                "Wir bitten um Stellungnahme bis zum {date2}.",
                "",
            ),
        ),
        ("az",),
        0.25,
    ),
    S(
        "10",
        "beschaffung",
        "C",
        (
            "Angebot Nr. {order} – Büromöbel",
            "Rechnung {invoice} – Lieferung IT-Ausstattung",
            "Ihre Ausschreibung Lieferung Multifunktionsdrucker",
            "Auftragsbestätigung {order}",
        ),
        (
            (
                "vielen Dank für Ihre Anfrage. Gerne unterbreiten wir Ihnen folgendes Angebot:",
                "für die Lieferung gemäß Rahmenvertrag stellen wir Ihnen in Rechnung:",
                "wir bestätigen Ihren Auftrag vom {date} wie folgt:",
            ),
            (
                "24 höhenverstellbare Schreibtische, 120 x 80 cm, Gesamtpreis {amount} EUR netto.",
                "40 Notebooks mit Dockingstation und Headset, Lieferung an die Poststelle, {amount} EUR.",
                "6 Multifunktionsdrucker inkl. Wartungsvertrag über 48 Monate, {amount} EUR zzgl. USt.",
                "Toner und Papier für die zentrale Beschaffung, Summe {amount} EUR.",
            ),
            (
                "Zahlbar innerhalb von 30 Tagen ohne Abzug. Kundennummer {customer}.",
                "Das Angebot ist bis zum {date2} gültig.",
                "Lieferzeit ca. drei Wochen nach Auftragseingang.",
            ),
        ),
        ("invoice", "customer"),
        0.0,
    ),
    S(
        "10",
        "organisation",
        "ca",
        (
            "Beschwerde über die Erreichbarkeit der Verwaltung",
            "Post an Ihre Poststelle – falsche Zustellung",
            "Anfrage zur Organisationsstruktur",
            "Amtshilfeersuchen – Personalakte",
        ),
        (
            (
                "ich versuche seit Tagen telefonisch jemanden in Ihrem Haus zu erreichen, leider ohne Erfolg.",
                "bei uns ist versehentlich Post eingegangen, die offensichtlich für Ihre Poststelle bestimmt ist.",
                "für einen Vergleich der Verwaltungsorganisation bitten wir um Ihr aktuelles Organigramm.",
                "im Rahmen eines Versetzungsverfahrens bitten wir um Übersendung der Personalakte von {client}.",
            ),
            (
                "Die Telefonzentrale verweist immer nur weiter.",
                "Die Sendungen legen wir diesem Schreiben bei.",
                "Auch eine Übersicht der Stellenbesetzungen wäre hilfreich.",
                "",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "0110",
        "opendata",
        "cCv",
        (
            "Anregung zum Open-Data-Portal",
            "Datensatz Parkhausbelegung fehlerhaft",
            "Angebot Smart-City-Dashboard",
            "Frage zur Lizenz Ihrer offenen Daten",
        ),
        (
            (
                "ich nutze regelmäßig das Open-Data-Portal der Stadt und habe eine Anregung.",
                "wir entwickeln eine App und verwenden Ihre Daten zur Parkhausbelegung.",
                "als Anbieter von Smart-City-Lösungen möchten wir Ihnen unser Dashboard vorstellen.",
                "unser Verein beschäftigt sich mit offenen Verwaltungsdaten.",
            ),
            (
                "Seit dem {date} liefert die Schnittstelle nur noch leere Datensätze im JSON-Format.",
                "Es wäre schön, wenn auch die Daten der Verkehrszählung als CSV bereitgestellt würden.",
                "Unser Dashboard bündelt Sensordaten, Verkehrsdaten und Umweltdaten in Echtzeit.",
                "Unklar ist, ob die Daten unter CC BY 4.0 oder der Datenlizenz Deutschland stehen.",
            ),
            (
                "Über eine kurze Rückmeldung würde ich mich freuen.",
                "Gern präsentieren wir Ihnen das System vor Ort.",
                "Vielen Dank für Ihr Engagement bei der Digitalisierung!",
            ),
        ),
        ("az",),
        0.0,
    ),
    S(
        "0110",
        "lorawan",
        "Cv",
        (
            "LoRaWAN-Gateway auf dem Dach der {school}",
            "Angebot Sensoren für das LoRaWAN-Netz",
            "Kooperation Bodenfeuchtesensoren",
            "Rechnung {invoice} – IoT-Sensorik",
        ),
        (
            (
                "für den weiteren Ausbau des städtischen LoRaWAN-Netzes bieten wir Ihnen an:",
                "wie besprochen möchten wir als Verein Bodenfeuchtesensoren an Stadtbäumen in das LoRaWAN-Netz einbinden.",
                "für die Lieferung der Sensoren im Rahmen des Digitalisierungsprojekts berechnen wir:",
            ),
            (
                "30 Sensoren zur Messung von Temperatur und Luftfeuchte, {amount} EUR netto.",
                "Zwei weitere Gateways könnten die Abdeckung in {district} deutlich verbessern.",
                "Die Daten sollten im Smart-City-Dashboard sichtbar werden.",
            ),
            (
                "Bitte teilen Sie uns mit, wer Ihr Ansprechpartner in der Stabsstelle ist.",
                "Zahlungsziel 14 Tage.",
                "",
            ),
        ),
        ("invoice", "order"),
        0.0,
    ),
    S(
        "0110",
        "wlan",
        "cv",
        (
            "Öffentliches WLAN in der Innenstadt",
            "Störung des öffentlichen WLAN am Kohlmarkt",
            "Digitale Antragstellung – Vorschlag",
            "Onlinedienste der Stadt",
        ),
        (
            (
                "das kostenlose WLAN in der Innenstadt funktioniert seit Wochen kaum noch.",
                "warum kann man viele Anträge immer noch nicht online stellen?",
                "im Namen unseres Vereins regen wir an, das öffentliche WLAN auf den {park} auszuweiten.",
            ),
            (
                "Das Anmeldefenster lädt nicht, und auf dem Handy erscheint eine Zertifikatswarnung.",
                "Andere Städte sind da viel weiter, zum Beispiel mit einem digitalen Bürgerkonto.",
                "Gerade ältere Menschen würden von einem Digitalisierungsprojekt mit Schulungen profitieren.",
            ),
            ("Mit digitalen Grüßen", "Ich hoffe auf Besserung.", ""),
        ),
        (),
        0.0,
    ),
    S(
        "20",
        "mahnung",
        "cl",
        (
            "Ihre Mahnung vom {date} – Kassenzeichen {kz}",
            "Antrag auf Ratenzahlung",
            "Stundungsantrag",
            "Vollstreckungsankündigung – Kassenzeichen {kz}",
        ),
        (
            (
                "ich habe Ihre Mahnung erhalten und bitte um Entschuldigung für die verspätete Zahlung.",
                "wir vertreten {client} und nehmen Bezug auf Ihre Vollstreckungsankündigung.",
                "leider kann ich den offenen Betrag von {amount} EUR derzeit nicht auf einmal bezahlen.",
                "hiermit beantrage ich die Stundung der Forderung bis zum {date2}.",
            ),
            (
                "Ich schlage eine monatliche Ratenzahlung von 50 EUR vor, beginnend am 1. {month}.",
                "Unser Mandant hat die Forderung bereits am {date} beglichen; ein Zahlungsbeleg liegt bei.",
                "Durch meine Arbeitslosigkeit sind meine Einkünfte stark gesunken.",
                "Wir bitten, von Vollstreckungsmaßnahmen bis zur Klärung abzusehen.",
            ),
            (
                "Bitte bestätigen Sie mir die Vereinbarung schriftlich.",
                "Die Mahngebühren bitte ich zu erlassen.",
                "",
            ),
            (
                "",
                "",
                "Derzeit beziehe ich Bürgergeld; der Bewilligungsbescheid des Jobcenters liegt bei.",
            ),
        ),
        ("kz",),
        0.15,
    ),
    S(
        "20",
        "erstattung",
        "cC",
        (
            "Doppelte Zahlung – Bitte um Erstattung",
            "Rückerstattung Kassenzeichen {kz}",
            "Zahlungseingang nicht verbucht",
            "Ihre Zahlungserinnerung ist unberechtigt",
        ),
        (
            (
                "ich habe am {date} versehentlich zweimal {amount} EUR an die Stadtkasse überwiesen.",
                "unsere Überweisung vom {date} wurde offenbar nicht verbucht.",
                "Sie haben uns eine Zahlungserinnerung geschickt, obwohl der Betrag längst bezahlt ist.",
            ),
            (
                "Bitte erstatten Sie den zu viel gezahlten Betrag auf mein Konto IBAN DE12 2505 0000 0012 3456 78.",
                "Als Verwendungszweck war das Kassenzeichen {kz} angegeben.",
                "Ein Kontoauszug ist als Anlage beigefügt.",
            ),
            (
                "",
                "Es ging um die Gebühr für die Sondernutzung vor unserem Geschäft.",
                "Es handelte sich um die Gebühren für den Bauantrag meiner Garage.",
            ),
        ),
        ("kz",),
        0.0,
    ),
    S(
        "20",
        "vollstreckung_amt",
        "a",
        (
            "Amtshilfeersuchen zur Vollstreckung",
            "Pfändungs- und Einziehungsverfügung",
            "Vollstreckungsersuchen – Forderung {amount} EUR",
        ),
        (
            (
                "wir bitten im Wege der Amtshilfe um Vollstreckung einer Forderung gegen {client}, wohnhaft "
                "{site} {hn} in Braunschweig.",
                "in der Zwangsvollstreckungssache gegen {client} übersenden wir die Pfändungsverfügung.",
                "die Vollstreckung des rückständigen Betrages in Höhe von {amount} EUR ist bislang erfolglos geblieben.",
            ),
            (
                "Die Forderung ist vollstreckbar; die Mahnung ist erfolgt.",
                "Bitte teilen Sie uns mit, ob bei Ihrer Stadtkasse Guthaben des Schuldners bestehen.",
                "Die Kosten der Vollstreckung sind vom Schuldner zu tragen.",
            ),
        ),
        ("az", "kz"),
        0.0,
    ),
    S(
        "20.3",
        "grundsteuer",
        "cl",
        (
            "Widerspruch gegen den Grundsteuerbescheid {year}",
            "Grundsteuer – Änderung der Eigentumsverhältnisse",
            "Grundsteuerbescheid vom {date}",
            "Einspruch Grundsteuer B",
        ),
        (
            (
                "gegen den Grundsteuerbescheid vom {date} lege ich hiermit Widerspruch ein.",
                "namens und in Vollmacht von {client} erheben wir Widerspruch gegen den Grundsteuerbescheid.",
                "ich habe das Grundstück {site} {hn} zum {date} verkauft.",
            ),
            (
                "Die festgesetzte Grundsteuer von {amount} EUR ist nach der Grundsteuerreform drastisch gestiegen.",
                "Der Bescheid beruht auf dem Grundsteuerwertbescheid des Finanzamts, der angefochten ist.",
                "Bitte schreiben Sie die Grundsteuer künftig auf den neuen Eigentümer um.",
                "Der Hebesatz ist nach unserer Auffassung unverhältnismäßig.",
            ),
            (
                "",
                "",
                "Nebenbei: Der Bauantrag für unseren Anbau ist bei der Bauordnung noch in Bearbeitung.",
                "Die Zahlungen leiste ich weiter an die Stadtkasse, allerdings unter Vorbehalt.",
            ),
            (
                "Ich beantrage die Aussetzung der Vollziehung.",
                "Eine Begründung folgt gesondert.",
                "",
            ),
        ),
        ("az", "stnr"),
        0.0,
    ),
    S(
        "20.3",
        "gewerbesteuer",
        "Cl",
        (
            "Gewerbesteuer-Vorauszahlungen {year} – Antrag auf Herabsetzung",
            "Gewerbesteuerbescheid {year}",
            "Widerspruch gegen den Gewerbesteuerbescheid",
            "Steuernummer {stnr} – Gewerbesteuer",
        ),
        (
            (
                "aufgrund des deutlich geringeren Gewinns beantragen wir die Herabsetzung der Gewerbesteuer-Vorauszahlungen.",
                "gegen den Gewerbesteuerbescheid vom {date} legen wir namens unserer Mandantin Widerspruch ein.",
                "das Finanzamt hat den Gewerbesteuermessbetrag geändert; wir bitten um Anpassung.",
            ),
            (
                "Die betriebswirtschaftliche Auswertung für das erste Halbjahr liegt bei.",
                "Der Messbescheid des Finanzamts vom {date} ist beigefügt.",
                "Der Steuerbescheid weist einen Messbetrag von {amount} EUR aus.",
            ),
            (
                "Bitte setzen Sie die Vorauszahlungen ab dem nächsten Quartal auf 0 EUR fest.",
                "Gleichzeitig beantragen wir die Aussetzung der Vollziehung.",
                "",
            ),
        ),
        ("stnr", "az"),
        0.0,
    ),
    S(
        "20.3",
        "hundesteuer",
        "c",
        (
            "Anmeldung meines Hundes zur Hundesteuer",
            "Abmeldung Hundesteuer",
            "Hundesteuer – Ermäßigung",
            "Hundesteuermarke verloren",
        ),
        (
            (
                "hiermit melde ich meinen Hund, {dog}, zur Hundesteuer an.",
                "leider ist unser Hund am {date} gestorben, ich melde ihn daher von der Hundesteuer ab.",
                "ich habe die Hundesteuermarke verloren und bitte um eine Ersatzmarke.",
                "ich beantrage eine Ermäßigung der Hundesteuer.",
            ),
            (
                "Der Hund lebt seit dem {date} in meinem Haushalt.",
                "Bitte erstatten Sie die zu viel gezahlte Steuer.",
                "Die Steuermarke hat die Nummer {customer}.",
                "",
            ),
            (
                "",
                "Ich bin Rentnerin und beziehe Grundsicherung; der Bescheid liegt bei.",
                "Der Hund hat den Wesenstest bestanden.",
            ),
        ),
        ("kz",),
        0.1,
    ),
    S(
        "20.3",
        "sonstige_steuern",
        "cC",
        (
            "Zweitwohnungsteuer – Erklärung",
            "Vergnügungssteuer für Spielgeräte, {month} {year}",
            "Befreiung von der Zweitwohnungsteuer",
            "Vergnügungssteueranmeldung",
        ),
        (
            (
                "ich studiere in Braunschweig und habe hier eine Nebenwohnung.",
                "anbei übersenden wir die Vergnügungssteueranmeldung für unsere Spielhalle in der {site}.",
                "für die Wohnung {site} {hn} erhalte ich einen Bescheid über Zweitwohnungsteuer.",
            ),
            (
                "Da ich die Wohnung beruflich nutze und verheiratet bin, ist sie nach meiner Auffassung steuerfrei.",
                "Die Einspielergebnisse der 8 Geldspielgeräte betragen insgesamt {amount} EUR.",
                "Meine Hauptwohnung befindet sich bei meinen Eltern in Hannover.",
            ),
            ("Bitte prüfen Sie die Steuerpflicht.", "Die Steuer wird fristgerecht überwiesen.", ""),
        ),
        ("stnr", "kz"),
        0.0,
    ),
)
