"""Builds the demo site from demo.content with the same factories the tests use.

Idempotent: everything is looked up by slug first, so running it again changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Page, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CampaignUpdatePageFactory,
)
from campaigns.models import CampaignIndexPage, CampaignPage, CampaignUpdatePage
from cms.factories import (
    DocumentFactory,
    HomePageFactory,
    NewsImageFactory,
    jpeg_bytes,
    pdf_bytes,
)
from cms.models import (
    Country,
    HomePage,
    NewsImage,
    PressContact,
    PressSettings,
    Region,
    Spokesperson,
    Topic,
)
from cms.site_address import site_host_and_port
from demo import content
from newsroom.factories import NewsroomPageFactory, PressReleasePageFactory, ReportPageFactory
from newsroom.models import ArticlePage, NewsroomPage, PressReleasePage, ReportPage

GENERATED_PREFIX = "generated-"


class DemoBuilder:
    def __init__(self, log=print):
        self.log = log

    # -- site and taxonomy -------------------------------------------------------------------

    def build(self):
        with transaction.atomic():
            home = self.home_page()
            self.taxonomy()
            self.people()
            self.photos()
            newsroom = self.child(
                home,
                NewsroomPage,
                "newsroom",
                NewsroomPageFactory,
                intro=(
                    "We put a human face on complex issues to hold governments to account. "
                    "Here you will find our press releases, research reports and news from "
                    "our campaigns."
                ),
            )
            campaign_index = self.child(
                home,
                CampaignIndexPage,
                "campaigns",
                CampaignIndexPageFactory,
                intro="Join our campaigns for justice, freedom and dignity.",
            )
            self.campaigns(campaign_index)
            self.press_releases(newsroom)
            self.reports(newsroom)
        return home

    def home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's initial welcome page gives way to ours.
            Page.objects.filter(depth=2, content_type__model="page").delete()
            home = HomePageFactory(
                parent=root,
                title=content.ORGANISATION["name"],
                slug="home",
                intro="Independent research and campaigning for human rights worldwide.",
            )
            self.log(f"Created home page {home.title!r}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = site_host_and_port()
            site = Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True
            )
        if site.root_page_id != home.pk or site.site_name != content.ORGANISATION["name"]:
            site.root_page = home
            site.site_name = content.ORGANISATION["name"]
            site.save()
        PressSettings.objects.update_or_create(
            site=site,
            defaults={
                "organisation_name": content.ORGANISATION["name"],
                "email": content.ORGANISATION["email"],
                "phone": content.ORGANISATION["phone"],
            },
        )
        return home

    def taxonomy(self):
        for slug, name in content.REGIONS.items():
            Region.objects.get_or_create(slug=slug, defaults={"name": name})
        for slug, (name, region) in content.COUNTRIES.items():
            Country.objects.get_or_create(
                slug=slug, defaults={"name": name, "region": Region.objects.get(slug=region)}
            )
        for slug, name in content.TOPICS.items():
            Topic.objects.get_or_create(slug=slug, defaults={"name": name})

    def people(self):
        self.spokespeople = {}
        for key, (name, role, organisation) in content.SPOKESPEOPLE.items():
            self.spokespeople[key] = Spokesperson.objects.get_or_create(
                name=name, defaults={"role": role, "organisation": organisation}
            )[0]
        self.contacts = {}
        for key, (name, role, email, phone) in content.PRESS_CONTACTS.items():
            self.contacts[key] = PressContact.objects.get_or_create(
                name=name, defaults={"role": role, "email": email, "phone": phone}
            )[0]

    def photos(self):
        self.images = {}
        for index, (slug, title, colour, credit, caption) in enumerate(content.PHOTOS):
            image = NewsImage.objects.filter(title=title).first()
            if image is None:
                image = NewsImageFactory(
                    title=title,
                    credit=credit,
                    caption=caption,
                    file=ContentFile(jpeg_bytes(colour=colour, seed=index), name=f"{slug}.jpg"),
                )
            self.images[slug] = image

    # -- pages ---------------------------------------------------------------------------------

    def child(self, parent, model, slug, factory, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = factory(parent=parent, slug=slug, live=False, **fields)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    def article_fields(self, item):
        body = []
        for block in item["body"]:
            if block["type"] == "quote":
                value = dict(
                    block["value"],
                    spokesperson=self.spokespeople[block["value"]["spokesperson"]].pk,
                )
                body.append({"type": "quote", "value": value})
            else:
                body.append(block)
        if item.get("photo") and len(body) > 2:
            image = self.images[item["photo"]]
            body.insert(
                2, {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}
            )
        return {
            "title": item["title"],
            "teaser": item["teaser"],
            "publication_date": datetime.date.fromisoformat(item["date"]),
            "hero_image": self.images[item["photo"]],
            "body": body,
            "topics": list(Topic.objects.filter(slug__in=item.get("topics", []))),
            "countries": list(Country.objects.filter(slug__in=item.get("countries", []))),
            "spokespeople": [self.spokespeople[key] for key in item.get("spokespeople", [])],
        }

    def press_releases(self, newsroom):
        for item in content.PRESS_RELEASES:
            self.child(
                newsroom,
                PressReleasePage,
                item["slug"],
                PressReleasePageFactory,
                dateline=item["dateline"],
                press_contacts=[self.contacts["press-office"], self.contacts["hughes"]][
                    : 1 + len(item["slug"]) % 2
                ],
                **self.article_fields(item),
            )

    def reports(self, newsroom):
        for item in content.REPORTS:
            if ReportPage.objects.child_of(newsroom).filter(slug=item["slug"]).exists():
                continue
            document = DocumentFactory(
                title=item["title"],
                file=ContentFile(pdf_bytes(item["title"], pages=3), name=f"{item['slug']}.pdf"),
            )
            self.child(
                newsroom,
                ReportPage,
                item["slug"],
                ReportPageFactory,
                report_pdf=document,
                reference_number=item["reference"],
                page_count=item["pages"],
                key_findings=[{"type": "finding", "value": text} for text in item["findings"]],
                **self.article_fields(item),
            )

    def campaigns(self, campaign_index):
        for item in content.CAMPAIGNS:
            label, text, url = item["cta"]
            campaign = self.child(
                campaign_index,
                CampaignPage,
                item["slug"],
                CampaignPageFactory,
                title=item["title"],
                intro=item["intro"],
                goal=item["goal"],
                status=item["status"],
                hero_image=self.images[item["photo"]],
                call_to_action=[
                    {
                        "type": "call_to_action",
                        "value": {
                            "heading": label,
                            "text": text,
                            "button_label": label,
                            "link": {"page": None, "url": url},
                        },
                    }
                ],
            )
            for update in item["updates"]:
                self.child(
                    campaign,
                    CampaignUpdatePage,
                    update["slug"],
                    CampaignUpdatePageFactory,
                    **self.article_fields({**update, "topics": item["topics"]}),
                )

    # -- volume for benchmarks -----------------------------------------------------------------

    def top_up_articles(self, total, seed=7):
        """Add generated articles until the site has `total` in all; returns how many it added."""
        newsroom = NewsroomPage.objects.get()
        campaigns = list(CampaignPage.objects.all())
        existing = ArticlePage.objects.count()
        missing = max(0, total - existing)
        rng = random.Random(seed + existing)
        topics = list(Topic.objects.all())
        countries = list(Country.objects.all())
        images = list(NewsImage.objects.all())
        people = list(Spokesperson.objects.all())
        for number in range(existing, existing + missing):
            kind = rng.random()
            fields = generated_article(rng, number)
            fields.update(
                hero_image=rng.choice(images) if images else None,
                topics=rng.sample(topics, k=min(len(topics), rng.randint(1, 2))),
                countries=rng.sample(countries, k=min(len(countries), rng.randint(1, 2))),
                spokespeople=rng.sample(people, k=min(len(people), 1)),
                slug=f"{GENERATED_PREFIX}{number}",
            )
            if kind < 0.7 or not campaigns:
                PressReleasePageFactory(parent=newsroom, dateline="LONDON", **fields)
            elif kind < 0.8:
                ReportPageFactory(parent=newsroom, **fields)
            else:
                CampaignUpdatePageFactory(parent=rng.choice(campaigns), **fields)
        return missing

    def ensure_users(self, password):
        """The superuser and one demo user per editorial role, all with `password`."""
        user_model = get_user_model()
        admin, _ = user_model.objects.get_or_create(
            username="admin", defaults={"email": "admin@lumenrights.example"}
        )
        admin.is_superuser = admin.is_staff = True
        admin.set_password(password)
        admin.save()
        for username, group_name in DEMO_ROLES:
            user, _ = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@lumenrights.example"}
            )
            user.set_password(password)
            user.save()
            user.groups.add(*Group.objects.filter(name=group_name))
        return admin


# Demo users and their groups (created by setup_editorial_roles), to try the review workflows.
DEMO_ROLES = [
    ("press-officer", "Press office"),
    ("author", "Newsroom authors"),
    ("campaigner", "Free the journalists team"),
    ("campaign-lead", "Free the journalists leads"),
]


SUBJECTS = [
    "Authorities",
    "The interior ministry",
    "Security forces",
    "Border police",
    "The court",
    "Prison officials",
    "Local officials",
    "The government",
    "Riot police",
    "Prosecutors",
]
ACTIONS = [
    "detained dozens of peaceful protesters",
    "blocked access to independent media",
    "denied lawyers access to detainees",
    "expelled asylum-seekers without a hearing",
    "raided the offices of a human rights group",
    "ignored evidence of torture in custody",
    "shut down mobile internet during demonstrations",
    "charged journalists with extremism",
    "evicted families from their homes without notice",
    "restricted the right to strike",
]
DEMANDS = [
    "must release everyone held for peaceful protest",
    "must open an independent investigation",
    "must repeal the law used to jail critics",
    "must guarantee access to asylum",
    "must stop using excessive force",
    "must protect human rights defenders",
]


def generated_article(rng, number):
    """Plausible newsroom text for volume tests; not shown in the demo unless asked for."""
    subject, action, demand = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(DEMANDS)
    date = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 8))
    paragraphs = [
        {
            "type": "paragraph",
            "value": f"<p>{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}, according to "
            f"testimony gathered by our researchers. The authorities {rng.choice(DEMANDS)}.</p>",
        }
        for _ in range(rng.randint(3, 8))
    ]
    return {
        "title": f"{subject} {action} (brief {number})",
        "teaser": f"{subject} {action}. The authorities {demand}.",
        "publication_date": date,
        "body": paragraphs,
    }
