"""The article editor as the press office uses it: autosave, required fields, choosers, roles."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.factories import DocumentFactory, RegionFactory, TopicFactory
from cms.models import Country, PageCreation, Spokesperson, Topic
from newsroom.editorial import set_up_newsroom_roles
from newsroom.models import PressReleasePage, ReportPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_officer(django_user_model, newsroom):
    roles = set_up_newsroom_roles(newsroom)
    user = django_user_model.objects.create_user("press", "press@example.org", "pw")
    user.groups.add(roles.press_office)
    return user


@pytest.fixture
def signed_in(client, press_officer):
    client.force_login(press_officer)
    return client


def article_form(title, key=None, topics=(), **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "publication_date": datetime.date(2026, 6, 1).isoformat(),
            "teaser": "Three lawyers were arrested after defending protesters.",
            "body": streamfield([]),
            "key_findings": streamfield([]),
            "social_options": inline_formset([]),
            "social_messages": inline_formset([]),
            **extra,
        }
    )
    if key:
        data["creation_key"] = str(key)
    data["topics"] = [str(pk) for pk in topics]
    return data


def chooser_url(model, view):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(view))


def add_url(newsroom, model="pressreleasepage"):
    return reverse("wagtailadmin_pages:add", args=["newsroom", model, newsroom.pk])


def autosave(client, url, data):
    """What Wagtail 8's autosave sends about half a second after the editor types."""
    return client.post(url, data, HTTP_ACCEPT="application/json")


class TestPublishingNeverCollidesWithAutosave:
    def test_the_new_page_form_carries_a_fresh_key(self, signed_in, newsroom):
        first = signed_in.get(add_url(newsroom)).content.decode()
        second = signed_in.get(add_url(newsroom)).content.decode()
        assert 'name="creation_key"' in first
        keys = [html.split('name="creation_key" value="')[1][:36] for html in (first, second)]
        assert keys[0] != keys[1]

    def test_publish_right_after_autosave_publishes_the_autosaved_draft(self, signed_in, newsroom):
        key, topics = uuid.uuid4(), [TopicFactory(name="Torture"), TopicFactory(name="Courts")]
        response = autosave(signed_in, add_url(newsroom), article_form("Lawyers held", key))
        assert response.status_code == 200 and json.loads(response.content)["success"]
        draft = PressReleasePage.objects.get(slug="lawyers-held")
        assert not draft.live

        # The editor's Publish still goes to the "new page" address, with the same form.
        response = signed_in.post(
            add_url(newsroom),
            article_form(
                "Lawyers held", key, topics=[t.pk for t in topics], **{"action-publish": "1"}
            ),
        )
        assert response.status_code == 302
        page = PressReleasePage.objects.get(slug="lawyers-held")
        assert page.pk == draft.pk and page.live
        assert set(page.topics.all()) == set(topics)
        assert PressReleasePage.objects.count() == 1  # no stray draft

    def test_a_failed_publish_keeps_every_field_and_the_next_one_succeeds(
        self, signed_in, newsroom
    ):
        key, topic = uuid.uuid4(), TopicFactory(name="Torture")
        autosave(signed_in, add_url(newsroom), article_form("Lawyers held", key))
        failed = article_form(
            "Lawyers held", key, topics=[topic.pk], dateline="GENEVA", **{"action-publish": "1"}
        )
        failed["teaser"] = ""
        response = signed_in.post(add_url(newsroom), failed)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Write a teaser: one or two sentences shown in listings" in html
        assert "slug" not in html.split("error-message")[1][:200].lower()
        assert 'value="GENEVA"' in html
        assert f'value="{topic.pk}" id="id_topics_0" checked' in html
        assert f'name="creation_key" value="{key}"' in html

        # The fresh form, autosaved and published again: still the one page.
        autosave(signed_in, add_url(newsroom), article_form("Lawyers held", key))
        signed_in.post(
            add_url(newsroom),
            article_form("Lawyers held", key, topics=[topic.pk], **{"action-publish": "1"}),
        )
        assert PressReleasePage.objects.count() == 1
        assert PressReleasePage.objects.get().live

    def test_an_autosave_arriving_after_publish_leaves_no_stale_draft(self, signed_in, newsroom):
        key = uuid.uuid4()
        published = article_form("Lawyers held", key, dateline="GENEVA", **{"action-publish": "1"})
        signed_in.post(add_url(newsroom), published)
        # The background save sent just before Publish, with older words, arrives last.
        late = autosave(signed_in, add_url(newsroom), article_form("Lawyers held", key))
        assert late.status_code == 400
        assert json.loads(late.content)["error_code"] == "invalid_revision"
        page = PressReleasePage.objects.get()
        assert page.live and not page.has_unpublished_changes
        assert page.latest_revision.content["dateline"] == "GENEVA"

    def test_without_a_key_wagtail_behaves_as_before(self, signed_in, newsroom):
        signed_in.post(add_url(newsroom), article_form("One", **{"action-publish": "1"}))
        response = signed_in.post(add_url(newsroom), article_form("One", **{"action-publish": "1"}))
        assert "already in use" in response.content.decode()

    def test_another_persons_key_creates_nothing_of_theirs(
        self, client, signed_in, newsroom, admin_user
    ):
        key = uuid.uuid4()
        autosave(signed_in, add_url(newsroom), article_form("Mine", key))
        client.force_login(admin_user)
        client.post(add_url(newsroom), article_form("Theirs", key, **{"action-publish": "1"}))
        assert PressReleasePage.objects.get(slug="mine").title == "Mine"
        assert PressReleasePage.objects.get(slug="theirs").live
        assert PageCreation.objects.get(key=key).user.username == "press"


class TestRequiredFieldsSayWhatIsMissing:
    def test_a_report_cannot_be_published_without_its_pdf(self, signed_in, newsroom):
        url = add_url(newsroom, "reportpage")
        response = signed_in.post(url, article_form("Prison report", **{"action-publish": "1"}))
        assert response.status_code == 200
        assert "A report cannot be published without its PDF" in response.content.decode()
        assert not ReportPage.objects.filter(live=True).exists()

    def test_a_report_draft_may_wait_for_its_pdf(self, signed_in, newsroom):
        signed_in.post(add_url(newsroom, "reportpage"), article_form("Prison report"))
        assert not ReportPage.objects.get(slug="prison-report").live

    def test_with_its_pdf_the_report_is_published(self, signed_in, newsroom):
        pdf = DocumentFactory(title="Prison report (PDF)")
        signed_in.post(
            add_url(newsroom, "reportpage"),
            article_form("Prison report", report_pdf=pdf.pk, **{"action-publish": "1"}),
        )
        assert ReportPage.objects.get(slug="prison-report").live

    def test_a_press_release_without_a_title_says_so(self, signed_in, newsroom):
        data = article_form("x", **{"action-publish": "1"})
        data["title"] = ""
        html = signed_in.post(add_url(newsroom), data).content.decode()
        assert "Give the page a title" in html


class TestChoosingTaxonomy:
    def test_topics_are_checkboxes_with_a_filter_and_an_add_button(self, signed_in, newsroom):
        TopicFactory(name="Torture")
        html = signed_in.get(add_url(newsroom)).content.decode()
        assert 'type="checkbox" name="topics"' in html
        assert "Filter topics" in html
        assert "Choose topic" in html  # the chooser, whose "Add topic" tab creates one

    @pytest.mark.parametrize("model", [Topic, Country, Spokesperson])
    def test_the_chooser_offers_to_create_one(self, signed_in, model):
        response = signed_in.get(chooser_url(model, "choose"))
        assert response.status_code == 200
        assert f"Add {model._meta.verbose_name}" in json.loads(response.content)["html"]

    def test_a_topic_created_from_the_chooser_gets_its_address(self, signed_in):
        url = chooser_url(Topic, "create")
        response = signed_in.post(url, {"name": "Death penalty"})
        result = json.loads(response.content)
        assert result["step"] == "chosen"
        assert result["result"]["string"] == "Death penalty"
        assert Topic.objects.get(name="Death penalty").slug == "death-penalty"

        again = json.loads(signed_in.post(url, {"name": "death penalty"}).content)
        assert again["step"] == "reshow_creation_form"
        assert "There is already a topic called" in again["htmlFragment"]

    def test_a_country_is_created_with_its_region(self, signed_in):
        region = RegionFactory(name="Europe")
        signed_in.post(chooser_url(Country, "create"), {"name": "Malta", "region": region.pk})
        assert region.countries.get().slug == "malta"


def test_press_office_adds_and_publishes_an_update_in_any_campaign(
    signed_in, campaign_index, press_officer
):
    from django.core.management import call_command

    from campaigns.factories import CampaignPageFactory
    from campaigns.models import CampaignUpdatePage

    campaign = CampaignPageFactory(parent=campaign_index, title="Stop pushbacks")
    call_command("setup_editorial_roles")
    url = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignupdatepage", campaign.pk])
    response = signed_in.post(url, article_form("Boats turned back", **{"action-publish": "1"}))
    assert response.status_code == 302
    update = CampaignUpdatePage.objects.get(slug="boats-turned-back")
    assert update.live and update.campaign_id == campaign.pk
    assert Page.objects.get(pk=campaign.pk).get_children().count() == 1


def test_wagtails_reports_menu_is_not_named_like_report_pages(signed_in):
    html = signed_in.get(reverse("wagtailadmin_home")).content.decode()
    assert "Audit and admin reports" in html
    assert '"label": "Reports"' not in html


def test_publishing_needs_alt_text_for_every_photo_on_the_page(signed_in, newsroom):
    from cms.factories import NewsImageFactory

    photo = NewsImageFactory(title="Vigil at night", description="")
    data = article_form("With a photo", hero_image=photo.pk, **{"action-publish": "1"})
    html = signed_in.post(add_url(newsroom), data).content.decode()
    assert "The photo “Vigil at night” has no alt text" in html
    assert not PressReleasePage.objects.filter(live=True).exists()
    # A draft may wait for it.
    signed_in.post(add_url(newsroom), article_form("Draft photo", hero_image=photo.pk))
    assert PressReleasePage.objects.filter(slug="draft-photo").exists()


class TestScheduling:
    def test_schedule_is_in_the_content_tab_and_the_confirmation_names_the_time(
        self, signed_in, newsroom, settings
    ):
        settings.TIME_ZONE = "Europe/London"
        form = signed_in.get(add_url(newsroom)).content.decode()
        content_tab = form.split('id="tab-content"')[1].split('id="tab-promote"')[0]
        assert "Publishing schedule" in content_tab and 'name="go_live_at"' in content_tab
        assert "Set schedule" not in form

        data = article_form("Embargoed", go_live_at="2030-01-08 09:30", **{"action-publish": "1"})
        response = signed_in.post(add_url(newsroom), data, follow=True)
        html = response.content.decode()
        assert (
            "“Embargoed” will go live on Tuesday 8 January 2030 at 09:30 (Europe/London)." in html
        )
        page = PressReleasePage.objects.get(slug="embargoed")
        assert not page.live

        listing = signed_in.get(reverse("wagtailadmin_explore", args=[newsroom.pk]))
        assert "Scheduled for 8 Jan 2030, 09:30 GMT" in listing.content.decode()
