"""The search contract: the same content, queries and expected answers on every engine."""

import datetime
import re

import numpy as np
import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from newsroom.factories import PressReleasePageFactory
from search.excerpts import fallback_highlight
from search.service import (
    InvalidSearchParameter,
    PageOutOfReach,
    SearchParams,
    faceted_search,
    parse_search_params,
    suggest_titles,
)
from tests.search.conftest import body


def run(**params):
    return faceted_search(SearchParams(**params))


def titles(outcome):
    return [hit.article.title for hit in outcome.hits]


def counts(outcome, facet):
    return {value.value: value.count for value in outcome.facets[facet]}


def params_from(query_string, strict=True):
    return parse_search_params(QueryDict(query_string), strict=strict)


# The contract, on every engine


def test_words_find_title_teaser_and_body_matches_with_titles_first(indexed_world):
    outcome = run(query="torture")

    assert outcome.total == 4
    assert set(titles(outcome)[:2]) == {
        "Police torture protesters in Santiago",
        "Torture in detention centres",
    }
    assert set(titles(outcome)[2:]) == {
        "Journalists jailed for reporting",
        "Petition delivered to parliament",
    }


def test_drafts_and_private_pages_are_never_counted_or_shown(indexed_world):
    outcome = run(query="torture")

    assert "Torture draft statement" not in titles(outcome)
    assert "Torture private briefing" not in titles(outcome)
    assert sum(counts(outcome, "kind").values()) == 4
    assert counts(outcome, "topic")["torture"] == 3


def test_spokesperson_country_and_topic_names_are_searchable(indexed_world):
    assert titles(run(query="Ruiz")) == ["Police torture protesters in Santiago"]
    assert titles(run(query="Kenya")) == ["Journalists jailed for reporting"]
    assert titles(run(query="climate justice")) == ["Climate protesters face heavy fines"]


def test_every_word_must_match(indexed_world):
    assert titles(run(query="torture petition")) == ["Petition delivered to parliament"]
    assert run(query="torture elephants").total == 0


def test_facet_counts_for_a_query(indexed_world):
    outcome = run(query="torture")

    assert counts(outcome, "kind") == {"press-release": 2, "report": 1, "campaign-update": 1}
    assert counts(outcome, "topic") == {"torture": 3, "freedom-of-expression": 1}
    assert counts(outcome, "country") == {"chile": 2, "mexico": 1, "kenya": 1, "france": 1}
    # The report covers two countries of the Americas: counted once there.
    assert counts(outcome, "region") == {"americas": 2, "africa": 1, "europe": 1}
    assert counts(outcome, "campaign") == {str(indexed_world.campaign.pk): 1}
    assert counts(outcome, "year") == {"2026": 2, "2025": 2}


def test_facet_labels_and_order(indexed_world):
    outcome = run(query="torture")

    assert [(v.value, v.label) for v in outcome.facets["kind"]] == [
        ("press-release", "Press Release"),
        ("report", "Report"),
        ("campaign-update", "Campaign Update"),
    ]
    assert outcome.facets["topic"][0].label == "Torture"
    assert outcome.facets["campaign"][0].label == "End Torture Now"
    assert [value.value for value in outcome.facets["year"]] == ["2026", "2025"]


def test_counts_are_disjunctive_within_a_facet_and_conjunctive_across(indexed_world):
    outcome = run(query="torture", kind=("report", "press-release"))

    assert outcome.total == 3
    # The kind facet ignores its own selection: choosing campaign updates would add one.
    assert counts(outcome, "kind") == {"press-release": 2, "report": 1, "campaign-update": 1}
    assert {v.value for v in outcome.facets["kind"] if v.selected} == {"report", "press-release"}
    # Other facets count within the chosen kinds only.
    assert counts(outcome, "topic") == {"torture": 2, "freedom-of-expression": 1}
    assert counts(outcome, "country") == {"chile": 2, "mexico": 1, "kenya": 1}
    assert "campaign" not in {v.value for v in outcome.facets["campaign"]} and not counts(
        outcome, "campaign"
    )


def test_several_facets_narrow_together(indexed_world):
    world = indexed_world
    outcome = run(query="torture", region=("americas",), year=(2025,))

    assert titles(outcome) == ["Torture in detention centres"]
    assert counts(outcome, "year") == {"2026": 1, "2025": 1}
    assert counts(outcome, "region") == {"americas": 1, "africa": 1}

    by_campaign = run(campaign=(world.campaign.pk,))
    assert titles(by_campaign) == ["Petition delivered to parliament"]


def test_titles_first_holds_within_a_selection(indexed_world):
    outcome = run(query="torture", kind=("press-release",))

    assert titles(outcome) == [
        "Police torture protesters in Santiago",
        "Journalists jailed for reporting",
    ]


def test_relevance_pages_one_by_one_give_the_whole_order(indexed_world):
    whole = titles(run(query="torture"))

    one_by_one = [titles(run(query="torture", page=page, page_size=1)) for page in range(1, 5)]

    assert [title for page in one_by_one for title in page] == whole
    assert len(whole) == 4


def test_a_selected_value_with_no_results_stays_visible_with_zero(indexed_world):
    outcome = run(query="climate", topic=("torture",))

    assert outcome.total == 0
    torture = next(v for v in outcome.facets["topic"] if v.value == "torture")
    assert (torture.count, torture.selected, torture.label) == (0, True, "Torture")
    # Values without results are hidden.
    assert "kenya" not in counts(outcome, "country")


def test_browse_mode_lists_everything_newest_first_with_facets(indexed_world):
    outcome = run()

    assert outcome.total == 5
    assert titles(outcome) == [
        "Police torture protesters in Santiago",
        "Petition delivered to parliament",
        "Journalists jailed for reporting",
        "Torture in detention centres",
        "Climate protesters face heavy fines",
    ]
    assert counts(outcome, "year") == {"2026": 2, "2025": 2, "2024": 1}
    assert counts(outcome, "country")["france"] == 2


def test_sort_newest_and_oldest(indexed_world):
    newest = titles(run(query="torture", sort="newest"))
    oldest = titles(run(query="torture", sort="oldest"))

    assert newest == [
        "Police torture protesters in Santiago",
        "Petition delivered to parliament",
        "Journalists jailed for reporting",
        "Torture in detention centres",
    ]
    assert oldest == list(reversed(newest))


def test_pages_cover_every_result_once(indexed_world):
    first = run(sort="newest", page=1, page_size=2)
    second = run(sort="newest", page=2, page_size=2)
    third = run(sort="newest", page=3, page_size=2)

    assert (first.total, first.num_pages) == (5, 3)
    assert len(titles(first) + titles(second) + titles(third)) == 5
    assert len(set(titles(first) + titles(second) + titles(third))) == 5
    with pytest.raises(PageOutOfReach) as past_the_end:
        run(sort="newest", page=4, page_size=2)
    assert (past_the_end.value.parameter, past_the_end.value.last_page) == ("page", 3)


def test_highlights_mark_the_matched_words(indexed_world):
    outcome = run(query="custody")

    assert outcome.total == 2
    for hit in outcome.hits:
        assert "<mark>custody</mark>" in hit.highlight.lower()


def test_highlight_is_escaped_html(indexed_world):
    page = indexed_world.climate
    page.teaser = "Fines <script>alert(1)</script> for climate protesters."
    page.save_revision().publish()

    outcome = run(query="climate fines")

    assert "<script>" not in outcome.hits[0].highlight
    assert "<mark>" in outcome.hits[0].highlight


def test_excerpts_quote_the_article_not_its_people_topics_and_countries(indexed_world):
    # Santiago's body ends "...told our researchers."; Ana Ruiz, Torture and Chile are its
    # spokesperson, topic and country, which the index holds as words too.
    [santiago] = [
        hit for hit in run(query="researchers").hits if hit.article.title.startswith("Police")
    ]
    assert "<mark>researchers</mark>" in santiago.highlight
    assert not {"Ruiz", "Chile", "Torture"} & set(re.findall(r"\w+", santiago.highlight))

    # Found by its country alone: the teaser, with nothing to mark.
    by_country = run(query="mexico")
    assert titles(by_country) == ["Torture in detention centres"]
    assert (
        by_country.hits[0].highlight == "A two-year investigation into fourteen detention centres."
    )


def test_quoted_words_search_a_phrase(indexed_world):
    assert titles(run(query='"detention centres"')) == ["Torture in detention centres"]
    assert run(query='"centres detention"').total == 0


def test_punctuation_and_operators_are_plain_words(indexed_world):
    assert titles(run(query="torture AND -(petition)* ")) == ["Petition delivered to parliament"]
    assert run(query="'; DROP TABLE x; --").total == 0


def test_unpublishing_removes_a_page_at_once(indexed_world):
    indexed_world.santiago.unpublish()

    outcome = run(query="torture")

    assert "Police torture protesters in Santiago" not in titles(outcome)
    assert counts(outcome, "kind")["press-release"] == 1


def test_making_a_page_private_removes_it_at_once(indexed_world):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=indexed_world.detention, restriction_type=PageViewRestriction.LOGIN
    )

    outcome = run(query="torture")

    assert outcome.total == 3
    assert "Torture in detention centres" not in titles(outcome)


def test_publishing_new_topics_updates_the_facets(indexed_world):
    page = indexed_world.journalists
    page.topics.add(indexed_world.topics["torture"])
    page.save_revision().publish()

    outcome = run(query="journalists", topic=("torture",))

    assert titles(outcome) == ["Journalists jailed for reporting"]


def test_title_suggestions_complete_the_last_word(indexed_world):
    suggested = {article.title for article in suggest_titles("tortu")}

    assert suggested == {"Torture in detention centres", "Police torture protesters in Santiago"}
    assert [a.title for a in suggest_titles("police tor")] == [
        "Police torture protesters in Santiago"
    ]
    assert suggest_titles("t") == []
    assert suggest_titles("Torture dr") == []  # drafts are never suggested


# Reading parameters


def test_parameters_are_read_from_the_query_string(search_world):
    params, notices = params_from(
        "q=torture&kind=report&kind=press-release&topic=torture&region=americas"
        f"&campaign={search_world.campaign.slug}&year=2025&sort=newest&page=2&page_size=5"
    )

    assert notices == []
    assert params.query == "torture"
    assert params.kind == ("report", "press-release")
    assert params.topic == ("torture",)
    assert params.region == ("americas",)
    assert params.campaign == (search_world.campaign.pk,)
    assert params.year == (2025,)
    assert (params.sort, params.page, params.page_size) == ("newest", 2, 5)


def test_campaign_by_id_or_slug_is_the_same_selection(search_world):
    by_id, _ = params_from(f"campaign={search_world.campaign.pk}")
    by_slug, _ = params_from("campaign=end-torture-now")
    both, _ = params_from(f"campaign={search_world.campaign.pk}&campaign=end-torture-now")

    assert by_id.campaign == by_slug.campaign == both.campaign == (search_world.campaign.pk,)


@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [
        ("q=" + "x" * 201, "q"),
        ("sort=popular", "sort"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page_size=51", "page_size"),
        ("page_size=-1", "page_size"),
        ("kind=opinion", "kind"),
        ("topic=unknown-topic", "topic"),
        ("country=atlantis", "country"),
        ("region=mars", "region"),
        ("campaign=999999", "campaign"),
        ("year=20x5", "year"),
        ("year=1066", "year"),
    ],
)
def test_strict_reading_names_the_bad_parameter(search_world, query_string, parameter):
    with pytest.raises(InvalidSearchParameter) as raised:
        params_from(query_string, strict=True)

    assert raised.value.parameter == parameter
    assert raised.value.message


def test_lenient_reading_drops_bad_values_with_a_notice(search_world):
    params, notices = params_from(
        "q=torture&topic=torture&topic=nope&sort=popular&page=x", strict=False
    )

    assert params.topic == ("torture",)
    assert (params.sort, params.page) == ("relevance", 1)
    assert len(notices) == 3
    assert any("nope" in notice for notice in notices)


def test_a_very_long_query_is_shortened_leniently(search_world):
    params, notices = params_from("q=" + "torture " * 2000, strict=False)

    assert len(params.query) <= 200
    assert params.query.startswith("torture torture")
    assert notices


def test_pagination_state_keeps_query_facets_and_sort():
    params = SearchParams(query="a b", kind=("report",), year=(2025, 2026), sort="oldest", page=3)

    assert QueryDict(params.state_query) == QueryDict(
        "q=a+b&kind=report&year=2025&year=2026&sort=oldest"
    )
    assert QueryDict(params.as_query(page=4))["page"] == "4"


# Highlighting without an engine's help


def test_fallback_highlight_marks_words_starting_like_the_query():
    text = "The police tortured two students. Torture is banned. Nothing else."

    excerpt = fallback_highlight(text, "torture")

    assert excerpt.count("<mark>") == 2
    assert "<mark>tortured</mark>" in excerpt
    assert "<mark>Torture</mark>" in excerpt


def test_fallback_highlight_cuts_a_window_around_the_first_match():
    text = " ".join(["filler"] * 100 + ["custody"] + ["after"] * 100)

    excerpt = fallback_highlight(text, "custody", words=20)

    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert "<mark>custody</mark>" in excerpt
    assert len(excerpt.split()) < 30


def test_fallback_highlight_escapes_html():
    excerpt = fallback_highlight("<b>torture</b> & more", "torture")

    assert "<b>" not in excerpt
    assert "&amp;" in excerpt


# Engines with stemming (PostgreSQL, Elasticsearch)


def test_stemming_engines_find_other_forms_and_highlight_them(engine, indexed_world):
    from django.db import connection

    if engine == "database" and connection.vendor != "postgresql":
        pytest.skip("SQLite FTS5 does not stem: this runs on PostgreSQL and Elasticsearch")

    outcome = run(query="tortured")

    assert outcome.total == 4
    excerpts = " ".join(hit.highlight for hit in outcome.hits)
    assert "<mark>torture</mark>" in excerpts.lower()


def test_a_result_matching_only_in_its_title_shows_its_teaser(engine, indexed_world):
    if engine != "database":
        pytest.skip("The database engines' excerpt: Elasticsearch has its own highlighter")

    outcome = run(query="Santiago")

    assert titles(outcome) == ["Police torture protesters in Santiago"]
    assert "Witnesses describe beatings at three police stations." in outcome.hits[0].highlight


def test_an_article_that_opens_with_the_words_ranks_above_a_passing_mention(
    indexed_world, newsroom
):
    # The newer article is long and names the word once, near its end; the older once, in its
    # teaser. (PostgreSQL ranking the whole text counted both alike and put the newer first;
    # SQLite read its scores the wrong way round.)
    PressReleasePageFactory(
        parent=newsroom,
        title="Survivors ask for lifelong care",
        teaser="Landmine survivors told the inquiry what support they still lack.",
        body=body("The hearings ran for three days in the capital."),
        publication_date=datetime.date(2024, 2, 1),
    )
    passage = (
        "Our researchers travelled to eleven districts, met families, lawyers and officials,"
        " and reviewed court records, budgets and hospital registers over several months. "
    )
    PressReleasePageFactory(
        parent=newsroom,
        title="A year of research in review",
        teaser="What our teams documented this year, and what changed because of it.",
        body=body(passage * 16 + "Finally, we met a group of landmine survivors."),
        publication_date=datetime.date(2026, 5, 1),
    )

    outcome = run(query="landmine")

    assert titles(outcome) == ["Survivors ask for lifelong care", "A year of research in review"]
    # Both excerpts show the word: in the opening, and 2,700 characters into the text.
    assert all("<mark>landmine</mark>" in hit.highlight.lower() for hit in outcome.hits)


def test_postgresql_ranks_by_the_first_120_words_whatever_their_characters(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("The opening's vector is PostgreSQL's")
    # Weights and positions as the engine writes them; a name with a quote, a path.
    document = r"'o''brien':1A 'back\\slash':2 'both':5,130 'later':121,140B"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_article_lead(%s::tsvector) = %s::tsvector",
            [document, r"'o''brien':1A 'back\\slash':2 'both':5"],
        )
        assert cursor.fetchone()[0] is True


def test_postgresql_excerpts_mark_other_forms_of_the_words(indexed_world, newsroom):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite FTS5 does not stem: this runs on PostgreSQL")
    PressReleasePageFactory(
        parent=newsroom,
        title="Prison conditions reviewed",
        teaser="Inspectors visited five prisons.",
        body=body("The study found overcrowding in every wing; the studies were repeated."),
    )

    outcome = run(query="the studies")

    assert titles(outcome) == ["Prison conditions reviewed"]
    # "studies" and "study" share a stem; a prefix match alone would not mark it. "the" is a
    # stop word the match drops: it is not marked either.
    highlight = outcome.hits[0].highlight
    assert "<mark>study</mark>" in highlight and "<mark>studies</mark>" in highlight
    assert "<mark>The</mark>" not in highlight and "<mark>the</mark>" not in highlight


def test_postgresql_reads_the_facet_table_once_per_content_version(engine, indexed_world, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql" or engine != "database":
        pytest.skip("The facet table is the PostgreSQL engine's")

    def facet_table_reads(**params):
        with CaptureQueriesContext(connection) as queries:
            outcome = run(**params)
        return outcome, sum("search_articlefacets" in query["sql"] for query in queries)

    assert facet_table_reads(query="torture")[1] == 1
    assert facet_table_reads(query="custody", kind=("report",))[1] == 0
    assert facet_table_reads(sort="oldest")[1] == 0

    PressReleasePageFactory(parent=newsroom, title="Custody deaths inquiry opens")

    outcome, reads = facet_table_reads(query="custody")
    assert reads == 1
    assert "Custody deaths inquiry opens" in titles(outcome)


def test_postgresql_ignores_stop_words_in_results_and_counts(indexed_world):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite FTS5 has no stop words: this runs on PostgreSQL")

    with_stop_word = run(query="the torture", sort="newest")
    alone = run(query="torture", sort="newest")

    assert with_stop_word.total == alone.total == 4
    assert titles(with_stop_word) == titles(alone)
    assert counts(with_stop_word, "topic") == counts(alone, "topic")
    assert run(query="the").total == 0


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 10_000), st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75])),
        unique_by=lambda row: row[0],
        max_size=60,
    ),
    count=st.integers(0, 70),
)
def test_the_best_ranked_are_the_head_of_the_full_order(rows, count):
    from search.engines.postgres import _best

    ids = np.array([pk for pk, _rank in rows], dtype=np.int64)
    ranks = np.array([rank for _pk, rank in rows], dtype=np.float32)

    best = [int(pk) for pk in ids[_best(ids, ranks, count)]]

    full_order = [pk for pk, _rank in sorted(rows, key=lambda row: (-row[1], -row[0]))]
    assert best == full_order[:count]
