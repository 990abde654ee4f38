"""Studies named in text (kg.study_names): names come from graph/studies (first author and
year, `names`, registrations), and matching is strict about case so words are not names."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.check import check
from tests import curated


@pytest.fixture(scope="module")
def names(graph):
    return graph.study_names


def _named(names, text: str) -> list[tuple[str, ...]]:
    return [m.studies for m in names.find(text)]


def test_every_curated_name_and_registration_names_its_study(names):
    for sid, study in curated.studies().items():
        for name in study.get("names", []) + study.get("registrations", []):
            assert any(sid in found for found in _named(names, f"In the {name} trial")), name


def test_a_year_picks_among_studies_of_one_first_author(names):
    assert _named(names, "Lee 2019 found") == [("lee-2019",)]
    assert _named(names, "Lee et al. (2025) found") == [("lee-2025",)]
    # every study with a paper whose first author is a Lee (the 24-month TissueGene-C paper
    # is Lee B et al.): "Lee" alone names them all
    lees = tuple(
        sorted(
            sid
            for sid, study in curated.studies().items()
            if any(
                (pub.get("authors") or [""])[0].split(" ")[0] == "Lee"
                for pub in study.get("publications", [])
            )
        )
    )
    assert len(lees) >= 2 and _named(names, "Lee found") == [lees]


def test_a_journal_names_its_studies_only_beside_a_year(names):
    by_journal_year: dict[tuple[str, int], set[str]] = {}
    for sid, study in curated.studies().items():
        for pub in study.get("publications", []):
            if pub.get("journal") and pub.get("year"):
                by_journal_year.setdefault((pub["journal"], pub["year"]), set()).add(sid)
    arthroscopy = by_journal_year[("Arthroscopy", 2021)]
    assert "arthroscopy-2021-prp-msc-nma" in arthroscopy
    assert _named(names, "In the 2021 Arthroscopy network meta-analysis") == [
        tuple(sorted(arthroscopy))
    ]
    assert _named(names, "Arthroscopy (2021) found") == [tuple(sorted(arthroscopy))]
    assert _named(names, "arthroscopy in 2021") == []  # a procedure, not the journal
    assert _named(names, "Arthroscopy is a procedure") == []
    assert _named(names, "Arthroscopy 1999") == []  # no study of the graph that year


def test_a_journal_of_one_study_names_it_when_spoken_of_as_a_journal(names):
    by_journal: dict[str, set[str]] = {}
    for sid, study in curated.studies().items():
        for pub in study.get("publications", []):
            if pub.get("journal"):
                by_journal.setdefault(pub["journal"], set()).add(sid)
    single = {j: sids for j, sids in by_journal.items() if len(sids) == 1}
    assert single["Stem Cells"] == {"jo-2014"}
    assert _named(names, "A recent study in the journal `Stem Cells' showed") == [("jo-2014",)]
    assert _named(names, "a trial published in the Stem Cells issue") == [("jo-2014",)]
    assert _named(names, "Stem cells can help knees") == []  # the words, not the journal
    several = next(j for j, sids in by_journal.items() if len(sids) > 1 and " " not in j)
    assert _named(names, f"a trial published in {several}") == []  # which of its studies?


def test_case_tells_a_name_from_a_word(names):
    assert _named(names, "SR/MA of PRP") == []  # MA is meta-analysis, not Ma 2020
    assert _named(names, "many miles away") == []  # an acronym must be in capitals
    assert _named(names, "Ma 2020 pooled 10 RCTs") == [("ma-2020",)]
    assert _named(names, "Gunay and Günay") == [("gunay-2022",), ("gunay-2022",)]


def test_a_two_part_name_is_found_without_its_hyphen_as_printed(names):
    """Pages print 'Re-Join' as 'ReJoin' or 'REJOIN': each names the curated study; a joined
    form in lower case is the ordinary word and names nothing."""
    hyphenated = [
        (sid, n) for sid, s in curated.studies().items() for n in s.get("names", [])
        if "-" in n and all(p[:1].isupper() and len(p) > 1 for p in n.split("-"))
        and not n.isupper()
    ]  # fmt: skip
    assert hyphenated
    for sid, name in hyphenated:
        joined = name.replace("-", "")
        for printed in (joined, joined.upper()):
            assert any(sid in found for found in _named(names, f"the {printed} trial")), printed
        assert _named(names, f"patients {joined.lower()} their teams") == []


@given(st.text(max_size=300))
def test_any_text_gives_ordered_non_overlapping_mentions(graph, text):
    found = graph.study_names.find(text)
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.studies
    for before, after in pairwise(found):
        assert before.end <= after.start


def test_a_product_name_takes_an_indication_but_an_acronym_no_number(names):
    products = [
        (sid, n) for sid, s in curated.studies().items() for n in s.get("names", [])
        if not n.isupper()
    ]  # fmt: skip
    acronyms = [
        (sid, n) for sid, s in curated.studies().items() for n in s.get("names", [])
        if n.isupper() and n.isalpha()
    ]  # fmt: skip
    assert products and acronyms
    for sid, name in products:
        [found] = _named(names, f"{name}-OA was injected")
        assert sid in found, name
    every_name = {n for s in curated.studies().values() for n in s.get("names", [])}
    for _sid, name in acronyms:
        if f"{name}-2" in every_name:  # ADIPOA-2 is a trial of its own (adipoa2-2025)
            assert _named(names, f"the {name}-2 trial") != [(_sid,)], name
            continue
        assert _named(names, f"the {name}-2 trial") == [], name


@pytest.mark.parametrize("sid", ["lee-2019", "mautner-2023", "bennell-2021", "kuah-2018"])
def test_a_surname_that_speaks_is_a_person_not_a_study(names, sid):
    """ "..., Lee added": a quoted person who shares a first author's surname names no study;
    the same surname cited as a study still does."""
    surname = sid.rsplit("-", 1)[0].capitalize()
    year = sid.rsplit("-", 1)[1]
    for spoken in (
        f"The drug will change how knee pain is treated, {surname} added.",
        f"It is early days, said Dr. {surname}.",
        f"It is safe, said lead researcher associate professor Jane {surname}.",
    ):
        assert _named(names, spoken) == [], spoken
    assert any(sid in found for found in _named(names, f"{surname} {year} found less pain."))


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Sowmya Viswanathan and her team led a trial in 12 patients.",
        "A trial led by Dr. Sowmya Viswanathan enrolled 12 patients.",
        "Viswanathan's group treated 12 patients.",
    ],
)
def test_a_trial_named_by_who_led_it_is_a_study_the_graph_lacks(names, text):
    """News names a trial by its lead ('Viswanathan and her team'): when no study of the
    graph has that first author, the sentence is about a study the graph does not hold (and
    is not matched by its size to another team's trial of 12)."""
    assert names.unknown(text) == ["Viswanathan et al."]


def test_a_trial_led_by_a_first_author_of_the_graph_is_not_unknown(names):
    assert names.unknown("Freitag and his team injected adipose cells.") == []


def test_a_study_is_shown_as_a_reader_names_it(graph):
    """Evidence names its study as a reader would, never by a record id: its first author and
    year, else the journal and year, else its product with the year, else its registration."""
    names = graph.study_names
    assert names.display("lamo-espinosa-2016") == "Lamo-Espinosa 2016"
    assert names.display("arthroscopy-2021-prp-msc-nma") == "Arthroscopy 2021"
    assert names.display("adipoa2-2025") == "ADIPOA2 2025"
    assert names.display("nct03117608") == "NCT03117608"
    why = check(graph, "PRP relieves knee pain better than saline")["why"]
    assert "(Arthroscopy 2021)" in why and "arthroscopy-2021" not in why


def test_integrity_flags_name_their_studies_as_a_reader_would(graph):
    """A flag on a study whose id is no author-year name (the TG-C trial) names it by its
    first author and year, as the rest of the evidence does."""
    from kg.integrity import flagged_words

    line = flagged_words(
        graph.integrity_flags, ["osteoarthritis-cartilage-2015-tg-c"], graph.study_names.display
    )
    assert line is not None and line.startswith("integrity flags on Lee 2015 (")


def test_a_surname_alone_names_a_study_but_not_beyond_doubt(names, graph):
    """An author may have published studies the graph lacks: 'Centeno' alone names his trial
    of the graph, but a number it records otherwise does not deny a sentence about his
    registry; with the year, or as 'Centeno et al.' of an author with one study, it is firm."""
    [alone] = names.find("Dr. Centeno looked at his registry")
    assert alone.studies == ("centeno-2018",) and not alone.firm
    assert names.find("Centeno 2018 found")[0].firm
    assert names.find("Centeno et al. found")[0].firm
    assert not names.find("Centeno 2011 found")[0].firm  # a year the graph holds no study of
    size = curated.studies()["centeno-2018"]["sample_size"]
    registry = check(graph, f"Dr. Centeno looked at {size * 7 + 2} patients in his registry.")
    assert registry["verdict"] != "contradicted"
    trial = check(graph, f"Centeno 2018 randomised {size * 7 + 2} patients.")
    assert trial["verdict"] == "contradicted"


def test_an_author_with_colleagues_or_a_tested_treatment_names_one_study(names, graph):
    """'Sadeghirad and colleagues' names the one Sadeghirad study beyond doubt; 'Kim's trial
    of adipose MSCs' is the one Kim trial of them; 'CEO Lee Bum-sup said' names a person."""
    assert names.find("Sadeghirad and colleagues pooled trials")[0].firm
    assert names.find("Kolon's CEO Lee Bum-sup said.") == []
    kims = {m.studies for m in names.find("Kim's phase III trial")}
    assert len(next(iter(kims))) > 1  # Kim alone names several
    result = check(
        graph, "Kim's phase III trial of autologous adipose MSCs randomised only 26 patients."
    )
    assert result["verdict"] == "contradicted"
    assert result["interpretation"]["study_names"] and len(result["interpretation"]["studies"]) == 1
