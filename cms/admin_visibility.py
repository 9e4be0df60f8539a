"""What editors find in the admin: only pages they may explore.

Wagtail's own page search and listings already keep to the pages a user may explore; the page
chooser and the page-types usage report look at every page, so a campaign team would find an
embargoed press release's title (or another section's draft in review) through them.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def explorable_page_ids(user):
    return PagePermissionPolicy().explorable_instances(user).values("pk")


def only_explorable(pages, request):
    """construct_page_chooser_queryset: choosers list and search explorable pages only."""
    return pages.filter(pk__in=explorable_page_ids(request.user))


class ExplorablePageTypesUsageReportView(PageTypesUsageReportView):
    """The page-types usage report, counting and naming only the pages the user may explore."""

    def get_queryset(self):
        queryset = super().get_queryset()
        explorable = explorable_page_ids(self.request.user)
        site_root_path = self.filters.form.cleaned_data.get("site")
        page_filter = Q(pk__in=explorable)
        count_filter = Q(pages__in=explorable)
        if site_root_path:
            page_filter &= Q(path__startswith=site_root_path)
            count_filter &= Q(pages__path__startswith=site_root_path)
        latest = (
            Page.objects.filter(page_filter, content_type=OuterRef("pk"))
            .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
            .values("pk")[:1]
        )
        return queryset.annotate(
            count=Count("pages", filter=count_filter),
            last_edited_page_id=Subquery(latest),
        ).order_by("-count", "app_label", "model")
