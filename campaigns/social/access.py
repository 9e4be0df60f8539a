"""Who sees and acts on which social accounts and cross-posts.

A campaign team works only with its own: the accounts that post for its campaigns alone, and the
records of pages in its campaigns' subtrees or on those accounts. The press office (and
superusers) hold `social.manage_all_social` and see everything.
"""

from django.db.models import Q

from campaigns import teams
from campaigns.models import CampaignPage

from .models import CrossPost, SocialAccount

MANAGE_ALL = "social.manage_all_social"


def sees_everything(user):
    return user.is_active and (user.is_superuser or user.has_perm(MANAGE_ALL))


def team_campaigns(user):
    return teams.campaigns_of(user)


def accounts_for(user, accounts=None):
    """Accounts `user` may see and edit.

    A team's accounts are those tied to its campaigns and to no other campaign: an account shared
    by several campaigns, or speaking for the whole organisation, is the press office's.
    """
    accounts = SocialAccount.objects.all() if accounts is None else accounts
    if sees_everything(user):
        return accounts
    campaigns = team_campaigns(user)
    return (
        accounts.filter(campaigns__in=campaigns)
        .exclude(campaigns__in=CampaignPage.objects.exclude(pk__in=campaigns))
        .distinct()
    )


def cross_posts_for(user, records=None):
    """Records `user` may see and retry: pages in its campaigns' subtrees, or its own accounts."""
    records = CrossPost.objects.all() if records is None else records
    if sees_everything(user):
        return records
    in_subtree = Q(pk__in=[])
    for path in team_campaigns(user).values_list("path", flat=True):
        in_subtree |= Q(page__path__startswith=path)
    return records.filter(in_subtree | Q(account__in=accounts_for(user)))
