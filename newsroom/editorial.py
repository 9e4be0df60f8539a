"""The press office owns the newsroom: authors write, the press office reviews and publishes."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cms.accounts.two_factor import require_for_group
from cms.editorial import (
    AUTHOR_PAGE_PERMISSIONS,
    PUBLISHER_PAGE_PERMISSIONS,
    admin_group,
    grant_page_permissions,
    review_workflow,
)

PRESS_OFFICE = "Press office"
NEWSROOM_AUTHORS = "Newsroom authors"
NEWSROOM_WORKFLOW = "Press office review"
# The press office keeps the taxonomy and the people quoted, and adds them from the choosers.
PRESS_OFFICE_SNIPPET_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("topic", "country", "spokesperson", "presscontact")
    for action in ("add", "change")
]

# What else the press office may do, granted by the apps above the newsroom (cross-posting) from
# their AppConfig.ready(): functions called with the press office group.
_press_office_grants = []


def register_press_office_grant(grant):
    if grant not in _press_office_grants:
        _press_office_grants.append(grant)


@dataclass
class NewsroomRoles:
    press_office: Group
    authors: Group


@transaction.atomic
def set_up_newsroom_roles(newsroom):
    press_office = admin_group(PRESS_OFFICE)
    authors = admin_group(NEWSROOM_AUTHORS)
    grant_page_permissions(press_office, newsroom, PUBLISHER_PAGE_PERMISSIONS)
    grant_page_permissions(authors, newsroom, AUTHOR_PAGE_PERMISSIONS)
    for grant in _press_office_grants:
        grant(press_office)
    # Press officers are the first phishing targets: their sign-in needs a second factor.
    require_for_group(press_office)
    press_office.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cms", codename__in=PRESS_OFFICE_SNIPPET_PERMISSIONS
        )
    )
    review_workflow(NEWSROOM_WORKFLOW, "Press office approval", press_office, newsroom)
    return NewsroomRoles(press_office=press_office, authors=authors)
