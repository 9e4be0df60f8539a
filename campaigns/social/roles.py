"""The social permissions that come with each editorial role (granted when the role is set up)."""

from django.contrib.auth.models import Permission

TEAM_MEMBER_PERMISSIONS = ("view_socialaccount", "view_crosspost", "change_crosspost")
TEAM_LEAD_PERMISSIONS = TEAM_MEMBER_PERMISSIONS + ("add_socialaccount", "change_socialaccount")
PRESS_OFFICE_PERMISSIONS = TEAM_LEAD_PERMISSIONS + ("delete_socialaccount", "manage_all_social")


def grant(group, codenames):
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="social", codename__in=codenames)
    )


def grant_team_permissions(members, leads):
    """Members see their accounts and retry their cross-posts; leads also manage accounts."""
    grant(members, TEAM_MEMBER_PERMISSIONS)
    grant(leads, TEAM_LEAD_PERMISSIONS)


def grant_press_office_permissions(group):
    grant(group, PRESS_OFFICE_PERMISSIONS)
