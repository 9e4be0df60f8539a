"""What is published is what every visitor sees, from every process, within one second.

gunicorn with 2 workers, a Celery worker and beat, run as separate processes the way `make run`
(embedded default: SQLite, no Redis, the filesystem broker; on the SQLite lane) and production
(PostgreSQL and Redis; on the PostgreSQL lane) run them. An editor in a process of its own
publishes, unpublishes, schedules a go-live and an expiry, corrects a photo credit and renames a
topic; every surface is fetched from the workers until it shows each change, which must hold
within BOUND seconds of the commit (of the worker's publish, for the scheduled ones)."""

import shutil
import time

import pytest

from tests.deploy.freshness import BROWSING, Editor, Surface, Visitor, article_checks
from tests.deploy.processes import (
    ROOT,
    ProcessGroup,
    embedded_env,
    free_port,
)

BOUND = 1.0
# The Celery beat runs the scheduled publishing every second here (every minute by default).
SCHEDULE_WAIT = 30
# Seconds until a scheduled go-live or expiry: time for every worker to answer (and keep) the
# content as it is before it.
GRACE = 6

STANDING = "/newsroom/released/"
FIRST = ("/newsroom/ombudsman/", "ombudsman", "Ombudsman quits over detention files")
SECOND = ("/newsroom/tribunal/", "tribunal", "Tribunal orders inquiry into raids")


def standing_surfaces(page_id):
    """Where the standing article's photo credit and topic show."""
    return {
        "credit": [
            Surface("page", STANDING),
            Surface("newsroom listing", "/newsroom/"),
            Surface("home", "/"),
            Surface("search page", "/search/?q=journalists"),
            Surface("pages API detail", f"/api/v2/pages/{page_id}/"),
            Surface("pages API list", "/api/v2/pages/?type=newsroom.PressReleasePage"),
            Surface("pages API browsing", f"/api/v2/pages/?{BROWSING}"),
        ],
        "topic": [
            Surface("page", STANDING),
            Surface("newsroom listing", "/newsroom/"),
            Surface("search page", "/search/?q=journalists"),
            Surface("search API", "/api/v2/search/?q=journalists"),
            Surface("pages API detail", f"/api/v2/pages/{page_id}/"),
        ],
    }


def with_related(checks, title):
    """The article's checks, and the standing article listing it among its related articles
    (they share a topic): another page's stored whole page."""
    kind = checks[0][1][0]
    return [*checks, (Surface("related on the standing article", STANDING), (kind, title))]


def assert_fresh(visitor, checks, since, what):
    seconds = visitor.seconds_to_fresh(checks, since, BOUND)
    assert seconds <= BOUND, f"{what}: fresh after {seconds:.2f}s"


def assert_as_before(visitor, checks):
    """Every worker answers (and keeps) the current content before the change."""
    assert visitor.stale(checks) == []


def remove_while_in_use(directory, attempts=20):
    """Delete a folder the worker and beat keep writing to, as `rm -rf` run again would: a
    file they add while it is being emptied makes one pass fail, the next takes it too."""
    for _ in range(attempts):
        try:
            shutil.rmtree(directory)
            return
        except OSError as error:  # a file came or went while the folder was being emptied
            if not directory.exists():
                return
            last = error
            time.sleep(0.05)
    raise last


def change_everything(editor, visitor, broker_dir=None):
    ids = editor(do="setup", hostname="localhost")
    standing, (first, second) = ids["standing"], ids["drafts"]

    # Publish, then unpublish.
    path, word, title = FIRST
    assert_as_before(
        visitor, with_related(article_checks("lacks", path, first, word, title), title)
    )
    committed = editor(do="publish", id=first)["committed"]
    assert_fresh(
        visitor,
        with_related(article_checks("shows", path, first, word, title), title),
        committed,
        "publish",
    )
    committed = editor(do="unpublish", id=first)["committed"]
    assert_fresh(
        visitor,
        with_related(article_checks("lacks", path, first, word, title), title),
        committed,
        "unpublish",
    )

    # A go-live and an expiry, published by the Celery worker when beat says so.
    path, word, title = SECOND
    assert_as_before(
        visitor, with_related(article_checks("lacks", path, second, word, title), title)
    )
    if broker_dir is not None:
        # Someone cleans var/: the worker and beat carry on, and no message is lost.
        remove_while_in_use(broker_dir)
    editor(do="schedule", id=second, go_live_in=GRACE)
    assert_as_before(
        visitor, with_related(article_checks("lacks", path, second, word, title), title)
    )
    published = editor.wait_for_log(second, "wagtail.publish.scheduled", SCHEDULE_WAIT)
    shows = with_related(article_checks("shows", path, second, word, title), title)
    assert_fresh(visitor, shows, published, "scheduled go-live")
    editor(do="schedule", id=second, expire_in=GRACE)
    assert_as_before(visitor, shows)
    expired = editor.wait_for_log(second, "wagtail.unpublish.scheduled", SCHEDULE_WAIT)
    assert_fresh(
        visitor,
        with_related(article_checks("lacks", path, second, word, title), title),
        expired,
        "expiry",
    )

    # A corrected photo credit and a renamed topic, on every page that shows them.
    surfaces = standing_surfaces(standing)
    assert_as_before(visitor, [(s, ("shows", "Ana Lima")) for s in surfaces["credit"]])
    committed = editor(do="credit", image=ids["image"], credit="Photo by Rui Costa")["committed"]
    credit = [(s, ("shows", "Rui Costa")) for s in surfaces["credit"]]
    credit += [(s, ("lacks", "Ana Lima")) for s in surfaces["credit"]]
    assert_fresh(visitor, credit, committed, "photo credit")

    assert_as_before(visitor, [(s, ("shows", "Press freedom")) for s in surfaces["topic"]])
    committed = editor(do="rename_topic", id=ids["topic"], name="Media freedom")["committed"]
    topic = [(s, ("shows", "Media freedom")) for s in surfaces["topic"]]
    topic += [(s, ("lacks", "Press freedom")) for s in surfaces["topic"]]
    assert_fresh(visitor, topic, committed, "topic name")

    # The home page (the site's root) gets a new slug: its URL stays "/", and so does every
    # page's below it, on every process, whatever each process remembered of the site's root.
    links = [
        (Surface(name, path), ("shows", f'href="{STANDING}"'))
        for name, path in (("newsroom listing", "/newsroom/"), ("home", "/"))
    ]
    links.append((Surface("page", STANDING), ("shows", "Journalists released after appeal")))
    assert_as_before(visitor, links)
    committed = editor(do="reslug_home", slug="front")["committed"]
    assert_fresh(visitor, links, committed, "home page slug")


@pytest.fixture
def embedded_site(sqlite_copy):
    """`make run`'s processes on a copy of the test database: gunicorn (2 workers) instead of
    runserver, the Celery worker and beat on the filesystem broker, no Redis."""
    workdir = sqlite_copy.parent
    env = embedded_env(sqlite_copy, free_port())
    processes = ProcessGroup(workdir, env)
    editor = None
    try:
        url = processes.start_site()  # as demo/run_site.sh starts the worker and beat
        editor = Editor(env, ROOT)
        yield editor, url, workdir
    finally:
        if editor is not None:
            editor.close()
        processes.stop()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_embedded_default_serves_every_change_from_every_process_within_a_second(
    embedded_site,
):
    editor, url, workdir = embedded_site
    visitor = Visitor(url)
    try:
        change_everything(editor, visitor, broker_dir=workdir / "celery")
    finally:
        visitor.close()


@pytest.mark.postgres
@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_serves_every_change_from_every_process_within_a_second(stack):
    editor = Editor({**stack.env, "VARNISH_URL": stack.varnish_purge_url}, ROOT)
    visitor = Visitor(stack.gunicorn_url)
    try:
        change_everything(editor, visitor)
    finally:
        visitor.close()
        editor.close()
