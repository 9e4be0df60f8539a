"""Excerpts are cut from each article's plain text, stored with the page when it is published
(cms.StoredRendering.text): a search reads the texts of its results in one query instead of
working each out from its StreamField, and a republished article's excerpt quotes its new words.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.app_cache import forget_answers
from cms.models import StoredRendering
from cms.stored_renderings import forget_pages
from newsroom.factories import PressReleasePageFactory, ReportPageFactory, paragraph

pytestmark = pytest.mark.django_db


def excerpts(client, words):
    forget_answers()  # as the first visitor to ask
    response = client.get("/api/v2/search/", {"q": words})
    assert response.status_code == 200
    return {result["title"]: result["highlight"] for result in response.json()["results"]}


def test_a_report_excerpt_quotes_its_key_findings(client, newsroom):
    ReportPageFactory(
        parent=newsroom,
        title="Prisons report",
        teaser="Conditions in twelve prisons.",
        key_findings=[{"type": "finding", "value": "Overcrowding doubled since the census."}],
    )

    found = excerpts(client, "overcrowding")

    assert "<mark>Overcrowding</mark> doubled" in found["Prisons report"]


def test_a_republished_article_is_quoted_by_its_new_words(client, newsroom):
    release = PressReleasePageFactory(
        parent=newsroom,
        title="Hearing postponed",
        teaser="The hearing moves.",
        body=[paragraph("<p>The tribunal in Lyon postponed the hearing.</p>")],
    )
    assert "<mark>tribunal</mark>" in excerpts(client, "tribunal")["Hearing postponed"]

    release.body = [paragraph("<p>The appeals court in Lyon postponed the hearing.</p>")]
    release.save_revision().publish()

    assert "<mark>court</mark>" in excerpts(client, "court")["Hearing postponed"]
    assert "tribunal" not in excerpts(client, "Lyon")["Hearing postponed"]


def test_a_search_reads_stored_texts_not_article_bodies(client, newsroom):
    releases = [
        PressReleasePageFactory(
            parent=newsroom,
            title=f"Detention ruling {number}",
            body=[paragraph(f"<p>Judges ruled on detention case {number}.</p>")],
        )
        for number in range(3)
    ]
    excerpts(client, "detention")  # texts missing from older rows are stored by this search

    forget_answers()
    with CaptureQueriesContext(connection) as queries:
        found = excerpts(client, "judges detention")
    assert len(found) == 3
    assert all("<mark>" in excerpt for excerpt in found.values())
    body_reads = [q["sql"] for q in queries if "articlepage" in q["sql"] and '"body"' in q["sql"]]
    assert body_reads == []

    # A change empties the stored text: the next search works it out and stores it again.
    forget_pages([releases[0].pk])
    assert StoredRendering.objects.get(page_id=releases[0].pk).text is None
    found = excerpts(client, "judges detention")
    assert "<mark>" in found["Detention ruling 0"]
    assert "detention case 0" in StoredRendering.objects.get(page_id=releases[0].pk).text
