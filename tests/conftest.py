import pytest
from wagtail.models import Page, Site

from campaigns.factories import CampaignIndexPageFactory
from cms.factories import HomePageFactory
from cms.models import PressSettings
from newsroom.factories import NewsroomPageFactory


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
