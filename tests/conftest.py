import datetime

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
)
from cms.app_cache import forget_local
from cms.factories import (
    CountryFactory,
    HomePageFactory,
    NewsImageFactory,
    PressContactFactory,
    RegionFactory,
    SpokespersonFactory,
    TopicFactory,
)
from cms.models import PressSettings
from cms.resilient_cache import forget_outage
from newsroom.factories import (
    NewsroomPageFactory,
    PressReleasePageFactory,
    ReportPageFactory,
    paragraph,
)


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """What this process keeps in memory for a content version never outlives a test (each
    test's database starts again from nothing)."""
    forget_local()
    yield
    forget_local()
    forget_outage()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """force_login skips the sign-in, the second factor included: the session is verified with
    a TOTP device, as after entering its code. Tests of signing in use the real login pages."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Test authenticator", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its uploads to its own folder, never to the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def home(db):
    # Replace Wagtail's welcome page with our home page, as the demo command does.
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Newsdesk"
    )
    return home


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def press_settings(site):
    return PressSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Newsdesk",
            "email": "press@example.org",
            "phone": "+44 20 7946 0000",
        },
    )[0]


@pytest.fixture
def newsroom(home):
    return NewsroomPageFactory(parent=home)


@pytest.fixture
def campaign_index(home):
    return CampaignIndexPageFactory(parent=home)


def quote(text, spokesperson):
    return {"type": "quote", "value": {"quote": text, "spokesperson": spokesperson.pk}}


@pytest.fixture
def newsroom_content(newsroom, campaign_index, press_settings):
    """Pages a visitor can reach, plus a draft that must never show."""
    europe = RegionFactory(name="Europe", slug="europe")
    borderland = CountryFactory(name="Borderland", slug="borderland", region=europe)
    riverstate = CountryFactory(name="Riverstate", slug="riverstate", region=europe)
    detention = TopicFactory(name="Detention", slug="detention")
    free_speech = TopicFactory(name="Freedom of expression", slug="freedom-of-expression")
    director = SpokespersonFactory(
        name="Mira Halvorsen", role="Regional Director", organisation="Newsdesk"
    )
    photo = NewsImageFactory(
        title="Demonstrators outside the court",
        credit="Photo by Ilse Marten for Newsdesk",
        caption="Supporters gathered outside the court before the verdict.",
    )
    campaign = CampaignPageFactory(
        parent=campaign_index,
        title="Free the Riverside Five",
        slug="free-the-riverside-five",
        intro="Five journalists have been held without trial for a year for their reporting.",
        goal="Release the five journalists and drop every charge against them.",
        hero_image=NewsImageFactory(credit="Photo by Tomas Lind for Newsdesk"),
        call_to_action=[
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Write to the Minister of Justice",
                    "text": "A letter takes two minutes and tells the authorities we are watching.",
                    "button_label": "Sign the letter",
                    "link": {"page": None, "url": "https://example.org/act/riverside-five"},
                },
            }
        ],
    )
    release = PressReleasePageFactory(
        parent=newsroom,
        title="Borderland: Court jails student for sharing a post about the war",
        slug="borderland-court-jails-student",
        publication_date=datetime.date(2026, 3, 3),
        dateline="VIENNA",
        teaser=(
            "A 20-year-old student was sentenced to six years in prison for re-posting "
            "criticism of the government, in a trial that lasted less than a day."
        ),
        hero_image=photo,
        body=[
            paragraph(
                "<p>The court in the capital handed down the sentence after a closed hearing. "
                "Her lawyer was given forty minutes to read the case file.</p>"
            ),
            quote(
                "Jailing a student for a re-post is a message to every young person in the "
                "country: stay silent. She must be released immediately.",
                director,
            ),
            paragraph("<p>The verdict can be appealed within ten days.</p>"),
        ],
        topics=[free_speech, detention],
        countries=[borderland],
        spokespeople=[director],
        press_contacts=[PressContactFactory(name="Jonas Weber", role="Press Officer")],
    )
    report = ReportPageFactory(
        parent=newsroom,
        title="Behind the wire: detention of asylum-seekers at the Borderland frontier",
        slug="behind-the-wire",
        publication_date=datetime.date(2026, 2, 10),
        teaser=(
            "Interviews with 64 people held at the frontier describe overcrowded cells, "
            "strip searches and people denied access to a lawyer for weeks."
        ),
        hero_image=NewsImageFactory(credit="Photo by Ana Ruiz via Newsdesk Images"),
        reference_number="ND 04/2026",
        page_count=72,
        topics=[detention],
        countries=[borderland, riverstate],
    )
    update = CampaignUpdatePageFactory(
        parent=campaign,
        title="One year on, the Riverside Five are still waiting for a trial date",
        slug="one-year-on",
        publication_date=datetime.date(2026, 1, 20),
        teaser="Supporters marked the anniversary with vigils in twelve cities.",
        topics=[free_speech],
        countries=[riverstate],
    )
    draft = PressReleasePageFactory(
        parent=newsroom,
        title="Unpublished draft about an embargoed report",
        slug="unpublished-draft",
        live=False,
        topics=[detention],
    )
    return {
        "release": release,
        "report": report,
        "campaign": campaign,
        "update": update,
        "draft": draft,
        "detention": detention,
        "free_speech": free_speech,
        "borderland": borderland,
        "director": director,
    }
