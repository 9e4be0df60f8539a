"""An editor at work in a process of its own, against the servers' database and settings (from the
environment): reads one JSON command per line, answers one JSON line. The freshness tests and
bench/freshness.py drive it, so each change is made, and committed, the way the admin makes it,
by a process other than the ones serving visitors.

Commands: {"do": "setup"}, {"do": "publish", "id": n}, {"do": "unpublish", "id": n},
{"do": "schedule", "id": n, "go_live_in": s} or {"expire_in": s}, {"do": "retitle", "id": n,
"title": t}, {"do": "credit", "image": n, "credit": c}, {"do": "rename_topic", "id": n,
"name": m}, {"do": "reslug_home", "slug": s} (the site's root page gets a new slug and is
published), {"do": "logged", "id": n, "action": a} (when that log entry was written, or null).
Each change answers {"committed": <epoch seconds once committed>}.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from wagtail.models import Page, PageLogEntry, Site  # noqa: E402

from cms.factories import HomePageFactory, NewsImageFactory, TopicFactory  # noqa: E402
from cms.models import NewsImage, Topic  # noqa: E402
from cms.models.images import split_credit  # noqa: E402
from newsroom.factories import NewsroomPageFactory, PressReleasePageFactory  # noqa: E402
from newsroom.models import PressReleasePage  # noqa: E402


def setup(hostname):
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home")
    Site.objects.all().delete()
    Site.objects.create(
        hostname=hostname, port=80, root_page=home, is_default_site=True, site_name="News"
    )
    newsroom = NewsroomPageFactory(parent=home, slug="newsroom")
    topic = TopicFactory(name="Press freedom", slug="press-freedom")
    image = NewsImageFactory(credit="Photo by Ana Lima")
    standing = PressReleasePageFactory(
        parent=newsroom,
        title="Journalists released after appeal",
        slug="released",
        hero_image=image,
        topics=[topic],
    )
    drafts = [
        # On the standing article's topic: published, each is among its related articles.
        PressReleasePageFactory(parent=newsroom, title=title, slug=slug, live=False, topics=[topic])
        for title, slug in (
            ("Ombudsman quits over detention files", "ombudsman"),
            ("Tribunal orders inquiry into raids", "tribunal"),
        )
    ]
    return {
        "standing": standing.pk,
        "drafts": [draft.pk for draft in drafts],
        "image": image.pk,
        "topic": topic.pk,
    }


def release(pk):
    return PressReleasePage.objects.get(pk=pk)


def run(command):
    action = command["do"]
    if action == "setup":
        return setup(command.get("hostname", "localhost"))
    if action == "logged":
        entry = (
            PageLogEntry.objects.filter(page_id=command["id"], action=command["action"])
            .order_by("-timestamp")
            .first()
        )
        return {"at": entry.timestamp.timestamp() if entry else None}
    if action == "publish":
        release(command["id"]).save_revision().publish()
    elif action == "unpublish":
        release(command["id"]).unpublish()
    elif action == "retitle":
        page = release(command["id"])
        page.title = command["title"]
        page.save_revision().publish()
    elif action == "schedule":
        page = release(command["id"])
        now = timezone.now()
        if "go_live_in" in command:
            page.go_live_at = now + datetime.timedelta(seconds=command["go_live_in"])
            # A future go-live date makes publishing schedule the revision instead.
            page.save_revision().publish()
        else:
            page.expire_at = now + datetime.timedelta(seconds=command["expire_in"])
            page.save_revision().publish()
    elif action == "credit":
        image = NewsImage.objects.get(pk=command["image"])
        # Typed as one line ("Photo by … via …"), stored as photographer and agency.
        image.photographer, image.agency = split_credit(command["credit"])
        image.save()
    elif action == "reslug_home":
        home = Site.objects.get(is_default_site=True).root_page.specific
        home.slug = command["slug"]
        home.save_revision().publish()
    elif action == "rename_topic":
        topic = Topic.objects.get(pk=command["id"])
        topic.name = command["name"]
        topic.save()
    else:
        raise ValueError(f"unknown command {action!r}")
    return {"committed": time.time()}


def main():
    for line in sys.stdin:
        try:
            answer = run(json.loads(line))
        except Exception as error:
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
