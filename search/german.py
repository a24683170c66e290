"""German word lists used by the analysis: stop words and a small compound lexicon.

Both lists are written in plain German spelling; the analysis folds them the same
way it folds text, so "für", "fuer" and "fur" are all the same stop word.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The Snowball project's German stop-word list, without words that are also
# common nouns in letters to a city ("Weg", "Wäre" → "Ware").
STOP_WORDS: tuple[str, ...] = _words(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen
    anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da
    damit dann der den des dem die das daß dass derselbe derselben denselben
    desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen
    deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser
    dieses doch dort durch ein eine einem einen einer eines einig einige einigem
    einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer
    eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich
    mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden
    jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen
    keiner keines können könnte machen man manche manchem manchen mancher manches
    mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch
    nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie
    ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst
    über um und uns unsere unserem unseren unser unseres unter viel vom von vor
    während war waren warst was weil weiter welche welchem welchen welcher welches
    wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden
    zu zum zur zwar zwischen
    """
)

# Constituents of the compounds a city's incoming mail is full of. The
# decompounder only splits a word when its last part (the head) is one of
# these; modifiers are emitted when they are listed too or are long enough.
COMPOUND_WORDS: tuple[str, ...] = _words(
    """
    abfall abgabe abmeldung abwasser akte amt angebot anhörung anmeldung anordnung
    anschluss antrag anzeige arbeit auftrag ausbau auskunft ausweis auto bau baum
    bebauung beitrag beleuchtung bericht bescheid beschluss beschwerde bestätigung
    betreuung betrieb bewerbung bürger buße bußgeld dienst einspruch einsatz eltern
    energie entsorgung erlaubnis fahrzeug fällung feuer fläche frist führerschein
    garten gebäude gebühr geld gemeinde genehmigung gewerbe grund grundstück halte
    heizung hilfe hort hund jugend kasse kind kinder kita klage kosten lampe lärm
    leistung leuchte mahnung meldung miete müll nachweis nummer ordnung park parken
    pass personal pflege plan platz rechnung reinigung rente ruhe sanierung schaden
    schnee schreiben schule sicherheit sozial sperrung stadt stelle steuer störung
    straße strom tonne unterlagen veranstaltung verbot verfahren verkehr
    versicherung verstoß vertrag verwaltung wasser wohnung zahlung zeichen zuschuss
    """
)
