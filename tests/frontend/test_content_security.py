"""frontend/content_security.py and the inline_script tags: every page satisfies its own CSP."""

from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.factories import DocumentFactory, SpokespersonFactory, TopicFactory
from frontend.content_security import ContentSecurityPolicyMiddleware, script_hash
from newsroom.factories import PressReleasePageFactory, ReportPageFactory


class PageResources(HTMLParser):
    """What a page asks the browser to run, style or load."""

    def __init__(self):
        super().__init__()
        self.inline_scripts, self.script_sources, self.stylesheets = [], [], []
        self.style_elements, self.inline_styles, self.handlers, self.images = 0, 0, [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "script":
            if "src" in attrs:
                self.script_sources.append(attrs["src"])
            else:
                self._in_script = ""
                self._script_type = attrs.get("type", "")
        elif tag == "style":
            self.style_elements += 1
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "img":
            self.images.append(attrs["src"])

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.inline_scripts.append((self._script_type, self._in_script))
            self._in_script = None


def directives(policy):
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def assert_satisfies_policy(response):
    policy = directives(response["Content-Security-Policy"])
    page = PageResources()
    page.feed(response.content.decode())
    assert page.style_elements == 0 and page.inline_styles == 0
    assert page.handlers == []
    assert all(src.startswith("/") and not src.startswith("//") for src in page.script_sources)
    assert all(href.startswith("/static/") for href in page.stylesheets)
    assert page.stylesheets, "the page has its stylesheet"
    assert all(src.startswith("/media/") for src in page.images)
    for script_type, script in page.inline_scripts:
        # Browsers never run data blocks (JSON-LD); anything executable must be allowed by hash.
        if script_type in ("", "text/javascript", "module"):
            assert script_hash(script) in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


@pytest.fixture
def full_article_kwargs(db):
    return {
        "topics": [TopicFactory(name="Detention")],
        "spokespeople": [SpokespersonFactory()],
        "body": [
            {"type": "heading", "value": {"text": "What happened", "level": "h2"}},
            {"type": "paragraph", "value": "<p>On <b>Monday</b> the court ruled.</p>"},
            {"type": "quote", "value": {"quote": "Justice at last.", "attribution": "A. Lawyer"}},
            {"type": "fact_box", "value": {"title": "Key facts", "facts": ["Three judges"]}},
            {"type": "document", "value": {"document": DocumentFactory().pk, "title": "Ruling"}},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Act now",
                    "text": "Write to your MP.",
                    "button_label": "Write",
                    "link": {"page": None, "url": "https://example.org/act"},
                },
            },
        ],
    }


def test_every_page_type_satisfies_the_visitor_policy(
    client, home, newsroom, campaign_index, press_settings, full_article_kwargs
):
    campaign = CampaignPageFactory(parent=campaign_index)
    pages = [
        PressReleasePageFactory(parent=newsroom, **full_article_kwargs),
        ReportPageFactory(parent=newsroom, **full_article_kwargs),
        CampaignUpdatePageFactory(parent=campaign, **full_article_kwargs),
        campaign,
        campaign_index,
        newsroom,
        home,
    ]
    for page in pages:
        # The second render takes the head and the article from the application cache.
        for _ in range(2):
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert_satisfies_policy(response)


def test_editors_get_the_admin_policy_that_lets_wagtail_work(admin_client, home):
    response = admin_client.get("/admin/")
    policy = directives(response["Content-Security-Policy"])
    assert "'self'" in policy["frame-ancestors"]  # the preview panel frames the page
    assert policy["object-src"] == ["'none'"]


def render_with_policy(template_code, context):
    template = engines["django"].from_string(template_code)
    request = RequestFactory().get("/")

    def view(request):
        return HttpResponse(template.render(context, request))

    return ContentSecurityPolicyMiddleware(view)(request)


def test_json_ld_is_allowed_by_its_hash_and_cannot_close_its_script_element():
    data = {"@type": "NewsArticle", "headline": "</script><script>alert(1)</script>"}
    response = render_with_policy("{% load inline_script %}{% json_ld data %}", {"data": data})
    html = response.content.decode()
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    page = PageResources()
    page.feed(html)
    ((_, script),) = page.inline_scripts
    assert script_hash(script) in directives(response["Content-Security-Policy"])["script-src"]
    assert script_hash("alert(1)") not in response["Content-Security-Policy"]


def test_inline_script_block_is_allowed_by_its_hash():
    response = render_with_policy(
        '{% load inline_script %}{% inline_script "application/ld+json" %}'
        '{"@type": "{{ kind }}"}{% endinline_script %}',
        {"kind": "Report"},
    )
    assert response.content.decode() == (
        '<script type="application/ld+json">{"@type": "Report"}</script>'
    )
    assert script_hash('{"@type": "Report"}') in response["Content-Security-Policy"]


def test_a_page_without_inline_scripts_allows_none():
    response = render_with_policy("<p>Plain</p>", {})
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_a_forged_session_cookie_gets_the_visitor_policy(client, home):
    client.cookies["sessionid"] = "forged-by-a-visitor"
    response = client.get(home.url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_logged_in_editors_get_the_visitor_policy_on_public_pages(admin_client, home):
    response = admin_client.get(home.url)
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_the_admin_policy_keeps_forms_connections_and_fonts_on_this_origin(admin_client):
    policy = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_every_response_carries_a_permissions_policy(client, admin_client, home):
    for response in (client.get(home.url), admin_client.get("/admin/"), client.get("/api/v2/")):
        features = dict(
            feature.strip().split("=", 1) for feature in response["Permissions-Policy"].split(",")
        )
        assert features["camera"] == features["microphone"] == features["geolocation"] == "()"
        assert features["publickey-credentials-get"] == "(self)"
