"""What a visitor sees on each article page."""

import datetime

import pytest

from campaigns.factories import CampaignPageFactory, CampaignUpdatePageFactory
from cms.factories import (
    DocumentFactory,
    PressContactFactory,
    SpokespersonFactory,
    TopicFactory,
    pdf_bytes,
)
from newsroom.factories import PressReleasePageFactory, ReportPageFactory
from tests.blocks_data import every_block_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(campaign_index):
    return CampaignPageFactory(parent=campaign_index, title="Free the journalists")


@pytest.mark.parametrize("kind", ["press release", "report", "campaign update"])
def test_every_block_type_renders_on_every_article_type(client, newsroom, campaign, kind):
    body, expected = every_block_body()
    factory, parent = {
        "press release": (PressReleasePageFactory, newsroom),
        "report": (ReportPageFactory, newsroom),
        "campaign update": (CampaignUpdatePageFactory, campaign),
    }[kind]
    page = factory(parent=parent, title="Everything at once", body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Everything at once</h1>" in html
    missing = [name for name, fragment in expected.items() if fragment not in html]
    assert missing == []


def test_press_release_shows_dateline_spokespeople_and_its_press_contacts(client, newsroom):
    person = SpokespersonFactory(name="Leila Mansour", role="Deputy Director")
    contact = PressContactFactory(name="Sam Hughes", email="sam@example.org")
    page = PressReleasePageFactory(
        parent=newsroom,
        title="Spyware found",
        dateline="GENEVA",
        publication_date=datetime.date(2026, 5, 27),
        spokespeople=[person],
        press_contacts=[contact],
    )
    html = client.get(page.url).content.decode()
    assert '<span class="dateline">GENEVA</span>' in html
    assert "27 May 2026" in html
    assert "Leila Mansour, Deputy Director" in html
    assert 'href="mailto:sam@example.org"' in html


def test_press_release_without_contacts_shows_the_press_office(client, newsroom, press_settings):
    page = PressReleasePageFactory(parent=newsroom)
    assert 'href="mailto:press@example.org"' in client.get(page.url).content.decode()


def test_report_offers_its_pdf_with_size_pages_and_findings(client, newsroom):
    document = DocumentFactory(title="Locked up")
    page = ReportPageFactory(
        parent=newsroom,
        title="Locked up at the border",
        report_pdf=document,
        page_count=52,
        reference_number="LR 12/2025",
        key_findings=[{"type": "finding", "value": "Detention was automatic."}],
    )
    html = client.get(page.url).content.decode()
    assert f'href="{document.url}"' in html
    assert "Download the report" in html
    size = len(pdf_bytes("Locked up"))
    assert document.file_size == size
    assert f"PDF, {size}\xa0bytes, 52 pages" in html
    assert "LR 12/2025" in html
    assert "Detention was automatic." in html
    # The download link serves the PDF itself.
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_related_items_share_a_topic_and_are_live(client, newsroom):
    topic, other = TopicFactory(name="Climate"), TopicFactory(name="Speech")
    page = PressReleasePageFactory(parent=newsroom, title="Main", topics=[topic])
    PressReleasePageFactory(parent=newsroom, title="Same topic", topics=[topic])
    PressReleasePageFactory(parent=newsroom, title="Other topic", topics=[other])
    PressReleasePageFactory(parent=newsroom, title="Draft same topic", topics=[topic], live=False)
    html = client.get(page.url).content.decode()
    related = html.split('id="related-heading"')[1]
    assert "Same topic" in related
    assert "Other topic" not in related
    assert "Draft same topic" not in related
    assert "Main</a>" not in related


def test_unpublished_article_is_a_404(client, newsroom):
    page = PressReleasePageFactory(parent=newsroom, title="Draft", live=False)
    assert client.get(page.url).status_code == 404
