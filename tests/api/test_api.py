"""The pages, images and documents endpoints as the mobile app uses them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.api_representations import IMAGE_FILTERS
from cms.app_cache import forget_answers
from cms.factories import DocumentFactory, NewsImageFactory
from cms.models import StoredRendering
from newsroom.factories import PressReleasePageFactory

pytestmark = pytest.mark.django_db

ARTICLES = "newsroom.ArticlePage"


def listing(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def detail(client, page, **params):
    response = client.get(f"/api/v2/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


# Detail shapes


def test_press_release_detail_has_every_field_the_app_shows(client, newsdesk):
    data = detail(client, newsdesk.release)

    assert data["meta"]["type"] == "newsroom.PressReleasePage"
    assert data["meta"]["html_url"] == "http://localhost/newsroom/floods-displace-thousands/"
    assert data["kind"] == "press-release"
    assert data["kind_label"] == "Press Release"
    assert data["publication_date"] == "2026-05-02"
    assert data["teaser"] == "A short summary of Floods displace thousands."
    assert data["dateline"] == "LONDON"
    assert data["topics"] == [
        {"id": newsdesk.climate.pk, "name": "Climate justice", "slug": "climate-justice"}
    ]
    assert [country["slug"] for country in data["countries"]] == ["kenya", "peru"]
    assert data["campaign"] == {"id": newsdesk.campaign.pk, "title": "Stop the evictions"}
    assert data["press_contacts"][0]["name"] == "Sam Okafor"
    [person] = data["spokespeople"]
    assert person["attribution"] == "Amina Diallo, Director, Newsdesk"
    assert person["photo"]["small"]["width"] == 480


def test_hero_image_comes_as_two_renditions_with_alt_and_credit(client, newsdesk):
    hero = detail(client, newsdesk.release)["hero_image"]

    assert hero["id"] == newsdesk.photo.pk
    assert hero["alt"] == "Flooded maize fields"
    assert hero["credit"] == newsdesk.photo.credit
    assert " / " in hero["credit"] and not hero["credit"].startswith("Photo")
    assert hero["small"]["url"].startswith("http://localhost/media/images/")
    assert ".fill-480x270" in hero["small"]["url"]
    assert (hero["small"]["width"], hero["small"]["height"]) == (480, 270)
    # The factory's photo is 1600x900: fitted into 1200x1200 it keeps its proportions.
    assert (hero["large"]["width"], hero["large"]["height"]) == (1200, 675)


def test_article_without_hero_image_gives_null(client, newsdesk):
    assert detail(client, newsdesk.report)["hero_image"] is None


def test_body_is_structured_json_with_images_quotes_and_resolved_links(client, newsdesk):
    body = detail(client, newsdesk.release)["body"]
    by_type = {}
    for block in body:
        by_type.setdefault(block["type"], []).append(block["value"])

    assert by_type["heading"] == [{"text": "What happened", "level": "h2"}]
    [paragraph] = by_type["paragraph"]
    assert 'href="http://localhost/newsroom/"' in paragraph
    assert "linktype" not in paragraph
    [image] = by_type["image"]
    assert image["alt"] == "Water over fields"
    assert image["credit"] == newsdesk.photo.credit
    assert image["caption"] == ""
    assert image["large"]["url"].startswith("http://localhost/media/images/")
    on_file, free = by_type["quote"]
    assert on_file["quote"] == "Act now."
    assert on_file["spokesperson"]["name"] == "Amina Diallo"
    assert on_file["attribution"] == "Amina Diallo, Director, Newsdesk"
    assert free == {"quote": "We lost all.", "spokesperson": None, "attribution": "A farmer"}


def test_report_detail_has_its_pdf_and_findings(client, newsdesk):
    data = detail(client, newsdesk.report)

    assert data["kind"] == "report"
    assert data["reference_number"] == newsdesk.report.reference_number
    assert data["page_count"] == 48
    pdf = data["report_pdf"]
    assert pdf["url"].startswith("http://localhost/documents/")
    assert pdf["url"].endswith(".pdf")
    assert pdf["extension"] == "pdf"
    assert pdf["size"] == newsdesk.report.report_pdf.file.size > 0
    assert [finding["value"] for finding in data["key_findings"]] == [
        "The main finding of the report."
    ]


def test_campaign_update_detail_names_its_campaign(client, newsdesk):
    data = detail(client, newsdesk.update)

    assert data["kind"] == "campaign-update"
    assert data["campaign"] == {"id": newsdesk.campaign.pk, "title": "Stop the evictions"}


def test_campaign_detail(client, newsdesk):
    data = detail(client, newsdesk.campaign)

    assert data["meta"]["type"] == "campaigns.CampaignPage"
    assert data["status"] == "active"
    assert data["goal"] == "Change the law."
    assert data["intro"] == "Why Stop the evictions matters."
    assert data["call_to_action"] == []
    assert data["topics"] == []


def test_home_and_newsroom_details_have_their_intro(client, newsdesk, home, newsroom):
    assert detail(client, home)["intro"] == home.intro
    assert detail(client, newsroom)["intro"] == newsroom.intro


def test_campaign_that_is_not_live_is_not_named_on_its_articles(client, newsdesk):
    assert detail(client, newsdesk.old_release)["campaign"] is None


# Listing and filters


def test_article_list_is_newest_first_with_card_fields(client, newsdesk):
    data = listing(client, type=ARTICLES)

    assert titles(data) == [
        "Floods displace thousands",
        "Water and power",
        "Court hears eviction case",
        "Annual review",
    ]
    first = data["items"][0]
    assert first["kind"] == "press-release"
    assert first["hero_image"]["small"]["width"] == 480
    assert first["topics"][0]["slug"] == "climate-justice"
    assert first["campaign"]["title"] == "Stop the evictions"
    assert "body" not in first


ARTICLE_FILTER_CASES = [
    ({"kind": "report"}, ["Water and power"]),
    ({"kind": "campaign-update"}, ["Court hears eviction case"]),
    ({"topic": "climate-justice"}, ["Floods displace thousands", "Water and power"]),
    ({"country": "peru"}, ["Floods displace thousands", "Water and power"]),
    ({"topic": "justice", "country": "kenya"}, ["Court hears eviction case"]),
    ({"year": "2025"}, ["Annual review"]),
    (
        {"date_from": "2026-03-10", "date_to": "2026-04-30"},
        ["Water and power", "Court hears eviction case"],
    ),
    ({"date_from": "2026-04-02"}, ["Floods displace thousands"]),
    ({"date_to": "2025-12-31"}, ["Annual review"]),
]


def test_article_filters(client, newsdesk):
    # One newsroom for every case: building it is the slow part.
    for params, expected in ARTICLE_FILTER_CASES:
        assert titles(listing(client, type=ARTICLES, **params)) == expected, params
        # Article filters alone imply articles.
        assert titles(listing(client, **params)) == expected, params


def test_campaign_filter_lists_everything_tied_to_the_campaign(client, newsdesk):
    data = listing(client, campaign=newsdesk.campaign.pk)

    assert titles(data) == ["Floods displace thousands", "Court hears eviction case"]
    assert data["meta"]["total_count"] == 2


def test_a_campaigns_updates(client, newsdesk):
    data = listing(client, type="campaigns.CampaignUpdatePage", child_of=newsdesk.campaign.pk)

    assert titles(data) == ["Court hears eviction case"]


def test_pagination_with_total_count(client, newsdesk):
    first = listing(client, type=ARTICLES, limit=3)
    second = listing(client, type=ARTICLES, limit=3, offset=3)

    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 4
    assert titles(first) + titles(second) == titles(listing(client, type=ARTICLES))


def test_order_parameter(client, newsdesk):
    assert titles(listing(client, type=ARTICLES, order="title"))[0] == "Annual review"


def test_campaign_list_has_card_fields(client, newsdesk):
    data = listing(client, type="campaigns.CampaignPage")

    assert titles(data) == ["Stop the evictions"]
    assert data["items"][0]["status"] == "active"


# Privacy: drafts, private and scheduled pages are nowhere


def test_hidden_pages_are_absent_from_lists_and_counts(client, newsdesk):
    hidden = {newsdesk.draft.pk, newsdesk.private.pk, newsdesk.scheduled.pk}
    for params in (
        {},
        {"type": ARTICLES},
        {"type": "newsroom.PressReleasePage"},
        {"type": "newsroom.PressReleasePage,newsroom.ReportPage"},
        {"topic": "climate-justice"},
        {"campaign": newsdesk.campaign.pk},
        {"child_of": newsdesk.release.get_parent().pk},
        {"descendant_of": "root"},
    ):
        data = listing(client, limit=50, **params)
        ids = {item["id"] for item in data["items"]}
        assert not ids & hidden, params
        assert data["meta"]["total_count"] == len(data["items"]), params


def test_press_release_count_excludes_hidden_pages(client, newsdesk):
    data = listing(client, type="newsroom.PressReleasePage")

    assert data["meta"]["total_count"] == 2
    assert set(titles(data)) == {"Floods displace thousands", "Annual review"}


def test_hidden_pages_have_no_detail_or_find(client, newsdesk):
    for page in (
        newsdesk.draft,
        newsdesk.private,
        newsdesk.scheduled,
        newsdesk.unpublished_campaign,
    ):
        site_path = page.url_path.removeprefix("/home")
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, page.title
        assert client.get("/api/v2/pages/find/", {"html_path": site_path}).status_code == 404
        assert client.get("/api/v2/pages/find/", {"id": page.pk}).status_code == 404


def test_find_redirects_to_a_public_page(client, newsdesk):
    response = client.get("/api/v2/pages/find/", {"html_path": "/newsroom/water-and-power/"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"http://localhost/api/v2/pages/{newsdesk.report.pk}/")


def test_search_parameter_counts_only_live_public_pages(client, newsdesk):
    """Wagtail's ?type=…&search=… can count drafts on some backends: ours counts in SQL."""
    for page_type in ("newsroom.PressReleasePage", ARTICLES):
        data = listing(client, type=page_type, search="floods")

        assert titles(data) == ["Floods displace thousands"], page_type
        assert data["meta"]["total_count"] == 1, page_type


def test_search_parameter_keeps_filters(client, newsdesk):
    assert titles(listing(client, search="floods", kind="report")) == []
    assert titles(listing(client, search="power", topic="climate-justice")) == ["Water and power"]


def test_search_finds_nothing_for_blank_query(client, newsdesk):
    assert listing(client, type=ARTICLES, search="  ")["meta"]["total_count"] == 0


# Bad parameters: 400 naming the parameter


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"kind": "opinion"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"topic": " "}, "topic"),
        ({"campaign": "0"}, "campaign"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"country": "atlantis"}, "country"),
        ({"year": "20x6"}, "year"),
        ({"year": "²⁰²⁶"}, "year"),
        ({"campaign": "abc"}, "campaign"),
        ({"campaign": "99999999999999999999999"}, "campaign"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-02-30"}, "date_to"),
        ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "date_to"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "500"}, "limit"),
        ({"offset": "many"}, "offset"),
        ({"offset": "1" * 30}, "offset"),
        ({"type": "newsroom.Nothing"}, "type"),
        ({"type": "cms.Topic"}, "type"),
        ({"type": "cms.HomePage", "topic": "justice"}, "topic"),
        ({"order": "body"}, "order"),
        ({"order": "publication_date"}, "order"),
        ({"fields": "nonsense"}, "fields"),
        ({"fields": "title("}, "fields"),
        ({"fields": "body"}, "fields"),
        ({"child_of": "-3"}, "child_of"),
        ({"child_of": "999999"}, "child_of"),
        ({"descendant_of": "1" * 25}, "descendant_of"),
        ({"search_operator": "and"}, "search_operator"),
        ({"search": "x", "search_operator": "xor"}, "search_operator"),
        ({"search": "", "search_operator": ""}, "search_operator"),
        ({"rich_text_format": "latex"}, "rich_text_format"),
        ({"slug": "a\x00b"}, "slug"),
        ({"site": "example.org"}, "site"),
        ({"format": "api"}, "format"),
        ({"whatever": "1"}, "whatever"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, newsroom, params, parameter):
    response = client.get("/api/v2/pages/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]


def test_unknown_page_id_gives_json_404(client, newsdesk):
    for path in ("/api/v2/pages/999999/", f"/api/v2/pages/{'9' * 30}/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"message": "not found"}


def test_find_rejects_a_bad_id(client, newsroom):
    for value in ("abc", "0", "-1"):
        response = client.get("/api/v2/pages/find/", {"id": value})
        assert response.status_code == 400
        assert response.json()["parameter"] == "id"


def test_unknown_api_paths_give_json_404(client, newsroom):
    for path in ("/api/v2/nothing/", "/api/v2/pages/abc/", "/api/v2/images/1\n/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"message": "not found"}


def test_json_whatever_the_accept_header(client, newsdesk):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


# Constant SQL queries for lists


def query_count(client, params, path="/api/v2/pages/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def many_articles(newsdesk, newsroom):
    """Thirty more releases with photos, topics and spokespeople, renditions already made."""
    photos = [NewsImageFactory() for _ in range(3)]
    for photo in photos:
        photo.get_renditions(*IMAGE_FILTERS)
    for number in range(30):
        PressReleasePageFactory(
            parent=newsroom,
            hero_image=photos[number % 3],
            topics=[newsdesk.climate, newsdesk.justice],
            countries=[newsdesk.kenya],
            spokespeople=[newsdesk.spokesperson],
            campaign=newsdesk.campaign if number % 2 else None,
        )
    for image in (newsdesk.photo, newsdesk.spokesperson.photo):
        image.get_renditions(*IMAGE_FILTERS)


@pytest.mark.parametrize(
    "order", ["-publication_date", "title", "-title", "id", "first_published_at"]
)
def test_pages_of_every_order_add_up_to_the_whole_list(client, many_articles, order):
    whole = listing(client, type=ARTICLES, order=order, limit=50)
    pages = [
        listing(client, type=ARTICLES, order=order, limit=7, offset=offset)
        for offset in range(0, whole["meta"]["total_count"], 7)
    ]

    assert len(whole["items"]) == whole["meta"]["total_count"] == 34
    assert [item["id"] for page in pages for item in page["items"]] == [
        item["id"] for item in whole["items"]
    ]


QUERY_COUNT_CASES = [
    {"type": ARTICLES},
    {"type": ARTICLES, "fields": "*"},
    {"type": "newsroom.PressReleasePage", "fields": "*"},
    {"type": "newsroom.ReportPage", "fields": "*"},
    {"type": "campaigns.CampaignPage", "fields": "*"},
    {"topic": "climate-justice", "country": "kenya", "kind": "press-release"},
    {"type": ARTICLES, "search": "press release"},
    {"type": "campaigns.CampaignUpdatePage", "fields": "*"},
    {},
]


def worked_out_from_scratch():
    """As for the first visitor to ask, before any item was stored with its page."""
    forget_answers()
    StoredRendering.objects.all().delete()


def test_list_queries_do_not_grow_with_page_size(client, many_articles, django_assert_num_queries):
    for params in QUERY_COUNT_CASES:
        client.get("/api/v2/pages/", {**params, "limit": 2})  # warm caches (content types, sites)
        worked_out_from_scratch()
        small = query_count(client, {**params, "limit": 2})
        worked_out_from_scratch()
        with django_assert_num_queries(small):
            response = client.get("/api/v2/pages/", {**params, "limit": 40})
        data = response.json()
        assert len(data["items"]) == min(data["meta"]["total_count"], 40), params

        # The items are stored with their pages now: read from there, in fewer queries.
        forget_answers()
        small_stored = query_count(client, {**params, "limit": 2})
        forget_answers()
        with django_assert_num_queries(small_stored):
            assert client.get("/api/v2/pages/", {**params, "limit": 40}).json() == data
        if data["items"]:
            assert small_stored < small, params


def test_image_and_document_list_queries_do_not_grow_with_page_size(
    client, many_articles, django_assert_num_queries
):
    for _ in range(5):
        DocumentFactory()
    for path in ("/api/v2/images/", "/api/v2/documents/"):
        for params in ({}, {"fields": "*"}, {"search": "photo"}):
            client.get(path, {**params, "limit": 2})
            forget_answers()
            small = query_count(client, {**params, "limit": 2}, path)

            with django_assert_num_queries(small):
                response = client.get(path, {**params, "limit": 40})
            data = response.json()
            assert len(data["items"]) == min(data["meta"]["total_count"], 40), (path, params)


# Images and documents


def test_image_and_document_endpoints(client, newsdesk):
    images = client.get("/api/v2/images/").json()
    documents = client.get("/api/v2/documents/").json()

    assert newsdesk.photo.pk in {item["id"] for item in images["items"]}
    assert newsdesk.report.report_pdf.pk in {item["id"] for item in documents["items"]}
    assert client.get(f"/api/v2/images/{newsdesk.photo.pk}/").json()["title"] == "Flooded fields"


def test_image_search_matches_titles(client, newsdesk):
    data = client.get("/api/v2/images/", {"search": "flooded"}).json()

    assert [item["title"] for item in data["items"]] == ["Flooded fields"]
    assert data["meta"]["total_count"] == 1


def test_image_search_can_be_ordered(client, newsdesk):
    response = client.get("/api/v2/images/", {"search": "photo", "order": "-title"})

    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == sorted(titles, reverse=True)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"order": "file"}, "order"),
        # Found by the fuzz test: an empty operator was taken for none.
        ({"search": "", "search_operator": ""}, "search_operator"),
    ],
)
def test_image_endpoint_rejects_bad_parameters(client, newsdesk, params, parameter):
    response = client.get("/api/v2/images/", params)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_search_with_quotes_is_not_an_error(client, newsdesk):
    data = listing(client, search='"floods', type=ARTICLES)

    assert titles(data) == ["Floods displace thousands"]


def test_search_engine_down_gives_503(client, newsdesk, settings):
    # A real Elasticsearch backend pointed at a closed local port: the engine is down.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "modelsearch.backends.elasticsearch9",
            "URLS": ["http://127.0.0.1:9"],
            "OPTIONS": {"max_retries": 0, "request_timeout": 2},
        }
    }
    response = client.get("/api/v2/pages/", {"search": "floods"})

    assert response.status_code == 503
    assert response.json()["parameter"] == "search"
