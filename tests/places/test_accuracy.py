"""The resolver against tests/places/cases.csv (peer parsers' cases, company addresses, renamed
divisions, sign-up strings): the thresholds of issue 12."""

import pytest

from tests.places.scoring import Score, generated_cases, read_cases, score


@pytest.fixture(scope="module")
def result() -> Score:
    return score(read_cases())


def test_the_case_file_is_a_few_hundred_strings_each_with_its_source():
    cases = read_cases()
    assert len(cases) >= 300
    assert all(case.source for case in cases)
    assert {case.set for case in cases} == {"peer", "company", "renamed", "signup"}


def test_peer_strings_with_a_unique_county_are_97_percent_right_and_half_a_percent_wrong(result):
    counts = Score.counts(result.of("peer", "company", county=True))
    assert counts["cases"] >= 300
    assert counts["right"] >= 0.97 * counts["cases"]
    assert counts["wrong"] <= 0.005 * counts["cases"]


def test_no_answer_is_in_a_wrong_province(result):
    assert Score.counts(result.outcomes)["wrong province"] == 0


def test_sign_up_strings_are_mostly_right_and_never_in_a_wrong_province(result):
    counts = Score.counts(result.of("signup"))
    assert counts["right"] >= 0.9 * counts["cases"]
    assert counts["wrong province"] == 0


def test_ambiguous_names_are_refused_with_their_candidates(result):
    ambiguous = [
        o for o in result.outcomes if o.case.text in ("鼓楼区", "朝阳区", "城关镇", "太和")
    ]
    assert len(ambiguous) == 4
    for outcome in ambiguous:
        assert outcome.refused and len(outcome.candidates) >= 2, outcome.case.text


@pytest.mark.slow
def test_generated_forms_of_every_county_are_never_in_a_wrong_province():
    result = score(generated_cases())
    counts = Score.counts(result.outcomes)
    assert counts["wrong province"] == 0
    for form in ("road, full name", "full name, road", "work place, 老家"):
        assert Score.counts(result.of(form))["right"] == len(result.of(form)), form
