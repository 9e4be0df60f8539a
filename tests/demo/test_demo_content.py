import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from wagtail.models import Page, Site

from campaigns.models import CampaignPage, CampaignUpdatePage
from cms.models import NewsImage, PressSettings
from demo import content
from newsroom.models import ArticlePage, PressReleasePage, ReportPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, ArticlePage, NewsImage, CampaignUpdatePage)
    }


def test_demo_content_builds_a_realistic_site_and_is_idempotent(client, django_user_model):
    call_command("load_demo_content", "--admin-password", "demo-pass-1", stdout=io.StringIO())
    assert PressReleasePage.objects.live().count() == len(content.PRESS_RELEASES) >= 12
    assert ReportPage.objects.live().count() == 3
    assert CampaignPage.objects.live().count() == 2
    assert CampaignUpdatePage.objects.live().count() >= 4
    assert all(image.credit for image in NewsImage.objects.all())
    assert all(report.report_pdf for report in ReportPage.objects.all())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert PressSettings.for_site(site).email == content.ORGANISATION["email"]

    before = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == before

    # django-axes needs the request that signs in; the test client has none of its own.
    assert client.login(request=HttpRequest(), username="admin", password="demo-pass-1")
    for path in ("/", "/newsroom/", "/campaigns/free-the-journalists/"):
        assert client.get(path).status_code == 200
    campaigner = django_user_model.objects.get(username="campaigner")
    assert list(campaigner.groups.values_list("name", flat=True)) == ["Free the journalists team"]
    assert client.login(request=HttpRequest(), username="press-officer", password="demo-pass-1")
    # The press office enrols a second factor at its first sign-in.
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_extra_articles_top_up_to_the_requested_total():
    call_command("load_demo_content", "--extra-articles", "40", stdout=io.StringIO())
    assert ArticlePage.objects.count() == 40
    call_command("load_demo_content", "--extra-articles", "40", stdout=io.StringIO())
    assert ArticlePage.objects.count() == 40
