"""German analysis: unit tests and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import (
    AnalyzedQuery,
    GermanAnalyzer,
    QueryPhrase,
    QueryTerm,
    analyze,
    analyze_query,
)
from search.compounds import LexiconDecompounder, NoDecompounder
from search.matching import fuzzy_match, within_one_edit
from search.normalize import fold
from search.snippets import make_snippet


def terms(text: str) -> list[str]:
    return [t.term for t in analyze(text)]


def one(text: str) -> str:
    (term,) = terms(text)
    return term


def test_umlaut_and_sharp_s_folding() -> None:
    assert fold("Straße") == fold("Strasse") == "strasse"
    assert fold("Müller") == fold("Mueller") == fold("Muller") == "muller"
    assert fold("Ärger") == fold("Aerger")
    assert fold("Öffnung") == fold("Oeffnung")


def test_ue_after_vowel_or_q_is_kept() -> None:
    assert fold("Steuer") == "steuer"
    assert fold("Bauer") == "bauer"
    assert fold("Quelle") == "quelle"


def test_stemming_joins_inflected_forms() -> None:
    assert one("Grundsteuerbescheide") == one("Grundsteuerbescheid")
    assert one("Bescheides") == one("Bescheid")
    assert one("Parkverstöße") == one("Parkverstoß")
    assert one("Widersprüche") == one("Widerspruch")


def test_stop_words_are_dropped_in_any_spelling() -> None:
    assert terms("für die Stadt und über den Fluss") == [one("Stadt"), one("Fluss")]
    assert terms("fuer") == []


def test_reference_numbers_stay_whole_with_their_pieces_as_parts() -> None:
    (token,) = analyze("Az. 66.3-12/2025")[1:]
    assert token.term == "66.3-12/2025"
    assert {"66", "3", "12", "2025"} <= set(token.parts)
    assert analyze_query("66.3-12/2025").clauses == (QueryTerm("66.3-12/2025", "66.3-12/2025"),)


def test_offsets_point_at_the_original_words() -> None:
    text = "Sehr geehrte Frau Müller,\nIhr Grundsteuerbescheid\fvom 12.03.2025"
    surfaces = [text[t.start : t.end] for t in analyze(text)]
    assert surfaces == ["geehrte", "Frau", "Müller", "Grundsteuerbescheid", "12.03.2025"]
    assert [t.position for t in analyze(text)] == list(range(5))


def test_hyphenated_words_split_and_joined() -> None:
    kita, platz = analyze("Kita-Platz")
    assert (kita.term, platz.term) == ("kita", "platz")
    assert one("Kitaplatz") in platz.parts


def test_line_break_hyphenation_is_undone() -> None:
    (token,) = analyze("Grundsteuer-\nbescheid")
    assert token.term == one("Grundsteuerbescheid")


def test_decompounding_finds_heads_and_modifiers() -> None:
    (token,) = analyze("Grundsteuerbescheid")
    assert {one("Bescheid"), one("Steuerbescheid"), one("Grundsteuer"), one("Grund")} <= set(
        token.parts
    )
    (token,) = analyze("Parkverstöße")
    assert one("Verstoß") in token.parts
    assert LexiconDecompounder().split("beantragen") == ()


def test_decompounder_is_pluggable() -> None:
    (token,) = GermanAnalyzer(NoDecompounder()).analyze("Grundsteuerbescheid")
    assert token.parts == ()


def test_query_phrases_and_terms() -> None:
    q = analyze_query('"Antrag auf Baugenehmigung" Mueller')
    assert q.clauses == (
        QueryPhrase((one("Antrag"), one("Baugenehmigung"))),
        QueryTerm("mull", "muller"),
    )
    assert analyze_query('"Bescheid"').clauses == (QueryTerm(one("Bescheid"), "bescheid"),)
    assert analyze_query('"offen').clauses == (QueryTerm(one("offen"), "offen"),)
    assert analyze_query("  ").blank and not analyze_query("die").blank


def test_fuzzy_rule() -> None:
    assert within_one_edit("bescheid", "beschcid")
    assert within_one_edit("bescheid", "bescheidd")
    assert within_one_edit("bescheid", "bescehid")  # transposition
    assert not within_one_edit("bescheld", "beschcid")
    assert not fuzzy_match("2025", "2024")  # numbers match exactly
    assert not fuzzy_match("amt", "art")  # short terms match exactly


def test_snippet_marks_original_words() -> None:
    text = "Betreff: Widerspruch\n\nIch bitte um Prüfung des Bescheides vom 3. März."
    snippet = make_snippet(text, analyze_query("Bescheid"), fuzzy=True)
    assert "«Bescheides»" in snippet
    assert "\n" not in snippet


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_analyze_never_crashes_and_offsets_map_back(text: str) -> None:
    previous_end = 0
    for i, token in enumerate(analyze(text)):
        assert 0 <= previous_end <= token.start < token.end <= len(text)
        assert token.position == i
        assert token.term
        assert not any(ch.isspace() for ch in token.term)
        previous_end = token.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aäoöuüeßsSAÄ-./1 \n\fqiy"), max_size=40))
def test_a_token_reanalyses_to_itself(text: str) -> None:
    for token in analyze(text):
        again = analyze(text[token.start : token.end])
        assert [t.term for t in again][-1] == token.term


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_queries_and_snippets_never_crash(text: str) -> None:
    query = analyze_query(text)
    assert isinstance(query, AnalyzedQuery)
    make_snippet(text, query, fuzzy=True)
