"""Does a letter disclose health, disability, social-benefit or child-welfare details?

Terms are matched on folded text (lower case, umlauts and ß folded, "ae"
spellings folded), as word stems so that inflections and compounds match
("Pflegegrad", "Pflegegrades", "Grundsicherungsbescheid"). Weak terms (the
name of an office such as "Jugendamt") count only outside the address and
letterhead zone, so a recipient block "Fachbereich 50 – Soziales und
Gesundheit" does not by itself restrict a letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.extract.folding import fold


@dataclass(frozen=True, slots=True)
class Term:
    label: str  # reason shown to people
    pattern: str  # regex on folded text
    weak: bool = False  # only counts in the subject and body
    aid: bool = False  # a mobility aid: not when the sentence speaks of a stranger


def _t(label: str, pattern: str, weak: bool = False, aid: bool = False) -> Term:
    return Term(label, pattern, weak, aid)


W = r"(?<![a-z])"  # word start; stems may continue (inflection, compounds)
TERMS: tuple[Term, ...] = (
    # health
    _t("Diagnose", r"diagnos"),
    _t("Attest", W + r"attest"),
    _t("ärztlich", r"arztlich|" + W + r"(haus|fach|amts|kinder|zahn|lungen|frauen|augen|haut"
       r"|nerven|ohren|hno-?|schmerz)?arzt(?!e?kammer)"),
    _t("Krankenhaus/Klinik", r"krankenhaus|" + W + r"(reha|psych|fach|uni)?klinik(?!um)"),
    _t("Krankheit", W + r"(krankheit|erkrank|krankgeschrieben|krankmeldung|krankenschein)"
       r"|(chronisch|schwer|psychisch|unheilbar|dauerhaft)\w* krank|" + W + r"bin (\w+ ){0,2}krank"
       r"|(stationar|ambulant|arztlich|medizinisch)\w* (behandlung|versorgung|dienst)"),
    _t("gesundheitlich", r"gesundheitlich|gesundheitszustand|gesundheitsbedingt"),
    _t("Pflege", r"pflegegrad|pflegestufe|pflegebedurf|pflegekasse|pflegeheim|pflegedienst"
       r"|pflegegeld|pflegebett|hilfe zur pflege|hauslich\w* pflege|kurzzeitpflege"
       r"|pflegewohngeld|pflegeversicherung|heimaufnahme|heimkosten|pflegende\w* angehorig"
       r"|hausnotruf|essen auf radern|" + W + r"pflege (meine|unsere|seine|ihre)"
       r"|(im|ins|in ein\w*) (alten|senioren)(wohn|pflege)?heim"),
    _t("Betreuung", r"(gesetzlich|rechtlich)\w* betreu|betreuungsgericht|betreuungsverfahren"
       r"|betreuerausweis|betreuungsverfugung|vorsorgevollmacht"),
    _t("Schwerbehinderung", r"schwerbehind|grad (der|einer) behinderung|"
       + W + r"gdb(?![a-z])|merkzeichen|behindertenausweis|eingliederungshilfe|"
       + W + r"(mit|geistig\w*|korperlich\w*|seelisch\w*|seine[rm]?|ihre[rm]?|meine[rm]?"
       r"|unsere[rm]?|dessen|deren) behinderung|blaue[rnm]? parkausweis|parkerleichterung"
       r"|(korper|geh|seh|hor|lern|mehrfach|schwerst)behind|schulbegleit|integrationshelfer"
       r"|inklusionsassist|sonderpadagog|forderschul|personlich\w* budget"
       r"|behindert\w* (sohn|tochter|kind\w*|mann|frau|mutter|vater|bruder|schwester)"),
    # the plural names people in general ("damit Kinderwagen und Rollstühle vorbeikommen")
    _t("Rollstuhl/Rollator", W + r"rollstuhl(?!gerecht|en?(?![a-z]))|rollator(?!en)", aid=True),
    _t("Entwicklung", r"fruhforder|entwicklungsverzoger|entwicklungsstorung|heilpadagog"
       r"|integrationsgruppe|integrationsplatz|(sprach|motorisch)\w* (entwicklung\w* )?verzogert"),
    _t("Therapie", r"therapi|therapeut"),
    _t("psychisch", r"psychi|psychos|psycholog|depressi|angststorung|demenz|suizid"),
    _t("Sucht", r"suchterkrank|suchtklinik|suchtberat|(alkohol|drogen|spiel)sucht"
       r"|(alkohol|drogen)abhangig|abhangigkeitserkrank|entgiftung|entzugsklinik"),
    _t("HIV/Infektion", W + r"(hiv|aids)(?![a-z])|infiziert|tuberkulose|hepatitis"),
    _t("Schwangerschaft", r"schwanger|mutterschutz|entbindung|fehlgeburt"),
    _t("Krankheitsbild", r"krebserkrank|chemotherap|tumor|epilep|diabet|herzinfarkt|schlaganfall"
       r"|arbeitsunfahig|erwerbsunfahig|erwerbsminder|operiert|operationstermin|medikament"
       r"|(nach|vor|wegen) (einer|der|meiner|seiner|ihrer) ([a-z]+-?)?operation"
       r"|autis|" + W + r"adhs"
       r"|" + W + r"reha(?![a-z])|rehabilitation|hospiz|blindengeld|erblind|gehorlos"
       r"|allergi|herzschwach|herzinsuffizienz|herzkrank|chirurg|antibiotik"
       r"|(huft|knie|herz|bandscheiben|augen|krebs|not)operation|horgerat|prothese"
       r"|" + W + r"(asthma|copd|rheuma|parkinson|alzheimer|dialyse|bypass|insulin)"
       r"|multiple\w* sklerose|herzschrittmacher|dauermedikation|bettlagerig|inkontinen"
       r"|bluthochdruck|migrane|tinnitus|schlafstorung|gelahmt|lahmung|querschnittl"
       r"|querschnitts\w*lahm|amputi"
       r"|schwerhorig|taubblind|blindenstock|legasthen|dyskalkul"
       r"|lese-rechtschreib|krankentransport|krankenfahrt|mutter-kind-kur|kuraufenthalt|kurklinik"
       r"|berufsunfahig|dienstunfahig|arbeitsunfall|unfallfolge|" + W + r"patient(in)?(?![a-z])"
       r"|patientenverfugung"),
    # injuries of a person ("Bissverletzung"); a bare "verletzt" is mostly a duty or a rule
    _t("Verletzung", W + r"(biss|kopf|bein|arm|hand|fuss|knie|schnitt|brand)(verletzung|wunde)"
       r"|notaufnahme|" + W + r"notarzt|mit dem (rettungs|kranken)wagen|genaht werden|hamatom"
       r"|platzwunde|knochenbruch|gehirnerschutterung|(arm|bein|hand|fuss|knochen)\w* gebrochen"
       r"|prellung|verstauchung|fraktur|schleudertrauma|kreuzband|schmerzensgeld"
       r"|" + W + r"(kopf|rucken|ohren)?schmerzen|(hat|hatte|haben) sich (\w+ ){0,6}verletzt"
       r"|(wurde|ist) (dabei |hierbei )?(schwer|leicht|erheblich)\w* verletzt"
       r"|wurde (dabei|hierbei) verletzt"),
    _t("Impfstatus", r"impfnachweis|impfstatus|impfpass|masernschutz|nicht geimpft|impfbefreiung"),
    # social benefits
    _t("Grundsicherung", r"grundsicherung"),
    _t("Bürgergeld", r"burgergeld|arbeitslosengeld|" + W + r"alg (ii|2)|hartz"),
    _t("Wohngeld", r"wohngeld|wohnberechtigungsschein|mietzuschuss|lastenzuschuss"),
    _t("Sozialhilfe", r"sozialhilfe|sozialleistung|hilfe zum lebensunterhalt|bedarfsgemeinschaft"
       r"|asylbewerberleistung|leistungsbezug|" + W + r"sgb (ii|xii|ix|2|12|9)(?![a-z0-9])"
       r"|kinderzuschlag|bildung(s-)? und teilhabe|" + W + r"but-leistung"
       r"|kosten der unterkunft|" + W + r"kdu(?![a-z])|elterngeld|" + W + r"bafog"
       r"|berufsausbildungsbeihilfe|sozialpass|sozialticket|krankengeld|verletztengeld"
       r"|ubergangsgeld"),
    _t("Jobcenter", W + r"jobcenter"),
    _t("Sozialamt", r"leistungen (vom|des|beim) sozialamt|sozialbestattung"),
    _t("wohnungslos", r"obdachlos|wohnungslos|notunterkunft"),
    # child welfare
    _t("Jugendamt", W + r"jugendamt", weak=True),
    _t("Jugendhilfe", r"jugendhilfe", weak=True),
    _t("Inobhutnahme", r"inobhutnahme|in obhut genommen"),
    _t("Kindeswohl", r"kindeswohl|kinderschutz|vernachlassig|misshandl|hausliche\w* gewalt"
       r"|" + W + r"kkg(?![a-z])|" + W + r"8a sgb|schutzauftrag"
       r"|sexuell\w* missbrauch|frauenhaus"),
    _t("Hilfe zur Erziehung", r"hilfen? zur erziehung|erziehungsbeistand|erziehungsberatung"
       r"|heimunterbringung|pflegefamilie|pflegekind|pflegeeltern|pflegemutter|pflegevater"
       r"|vollzeitpflege|sozialpadagogisch|" + W + r"adoption|familienhelfer|familienhilfe"
       r"|hilfeplan|jugendgerichtshilfe|heimerzieh|gefahrdungseinschatz|gefahrdungsmeldung"
       r"|schulverweiger|schulabsent"),
    _t("Beistandschaft", r"beistandschaft|vormund|pflegschaft|sorgerecht|umgangsrecht"
       r"|familiengericht|vaterschaft"),
    _t("Unterhaltsvorschuss", r"unterhaltsvorschuss|" + W + r"uvg(?![a-z])"),
)  # fmt: skip
_COMPILED = tuple((t, re.compile(fold(t.pattern))) for t in TERMS)
_BODY_MARK = re.compile(r"^\s*(betreff|betr\.|sehr geehrte|guten tag|hallo|liebe)")


def _body_start(lines: Sequence[str]) -> int:
    for i, line in enumerate(lines):
        if _BODY_MARK.match(fold(line)):
            return i
    return min(len(lines), 12)


def _join(lines: Sequence[str]) -> str:
    """One folded string; phrases and hyphenated words may span line breaks."""
    text = "\n".join(lines)
    text = re.sub(r"(?<=[a-zäöüß])-\s*\n\s*(?=[a-zäöüß])", "", text)
    return fold(re.sub(r"\s+", " ", text))


# "eine ältere Dame mit dem Rollator" (a stranger) against "meine Mutter mit dem Rollator".
_STRANGER = re.compile(
    r"(?<![a-z])(eine?[mnr]?|jemand) (\w+ )?(dame|frau|herr|mann|person|passant\w*"
    r"|fussganger\w*|mensch\w*|leute|kind)(?![a-z])"
)
_OWN = re.compile(
    r"(?<![a-z])(mein|unser|sein|ihr)\w* (mutter|vater|sohn|tochter|frau|mann|kind\w*|eltern"
    r"|oma|opa|gro(ss|ß)\w+|bruder|schwester|enkel\w*|schwieger\w*)(?![a-z])"
)


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("! ", 0, at), text.rfind("? ", 0, at)) + 1
    ends = [e for e in (text.find(". ", at), text.find("! ", at), text.find("? ", at)) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _personal(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of a mobility aid whose sentence is not about a stranger."""
    for m in rx.finditer(text):
        sentence = _sentence(text, m.start())
        if _OWN.search(sentence) or not _STRANGER.search(sentence):
            return m
    return None


def find_restricted(lines: Sequence[str]) -> tuple[str, ...]:
    """Reasons (labels of matched terms) in order of appearance; empty if none."""
    start = _body_start(lines)
    head, body = _join(lines[:start]), _join(lines[start:])
    hits: list[tuple[int, str]] = []
    for term, rx in _COMPILED:
        find = (lambda t, rx=rx: _personal(rx, t)) if term.aid else rx.search
        m = None if term.weak else find(head)
        if m:
            hits.append((m.start(), term.label))
        elif m := find(body):
            hits.append((len(head) + 1 + m.start(), term.label))
    return tuple(label for _, label in sorted(hits))
