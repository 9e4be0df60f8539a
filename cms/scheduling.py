"""Scheduled times as editors read them: in the site's time zone, named."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def in_site_time(moment):
    """e.g. "Tuesday 8 December 2026 at 09:30 (Europe/London)"."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"{local:%A} {local.day} {local:%B %Y at %H:%M} ({settings.TIME_ZONE})"


def short_site_time(moment):
    """e.g. "8 Dec 2026, 09:30 GMT", for status tags in listings."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"{local.day} {local:%b %Y, %H:%M %Z}"


def scheduled_go_live(page):
    """When the page's approved schedule makes it go live, or None."""
    revision = page.scheduled_revision
    moment = revision.approved_go_live_at if revision else None
    return moment if moment and moment > timezone.now() else None
