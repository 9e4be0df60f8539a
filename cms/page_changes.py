"""Recording what a visitor could see change, page by page, for the mobile app's sync.

Wagtail's signals (publish, unpublish and expiry, move, delete, privacy) call `record_changes`
with the pages concerned; it looks at each page as it now is and writes its row in
`PageChange`: a change if the page is live, public and inside a site, a tombstone with the
reason otherwise. Reading the state rather than trusting the signal keeps the rows right when
signals overlap (a private page published again stays a tombstone).
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from cms.models import PageChange


def visible_pages():
    """Live, public pages inside a site: what the API can show to anyone."""
    roots = Site.objects.values_list("root_page__path", flat=True)
    in_a_site = Q(pk__in=[])
    for path in roots:
        in_a_site |= Q(path__startswith=path)
    return Page.objects.live().public().filter(in_a_site)


def reason_for(page, visible_ids, site_paths):
    if page["pk"] in visible_ids:
        return ""
    if not page["live"]:
        return PageChange.Reason.EXPIRED if page["expired"] else PageChange.Reason.UNPUBLISHED
    if not any(page["path"].startswith(path) for path in site_paths):
        return PageChange.Reason.MOVED
    return PageChange.Reason.PRIVATE


def record_changes(page_ids, deleted=False):
    """Give each page a new row (so a new, higher position) saying whether it is visible now."""
    ids = set(page_ids)
    if not ids:
        return
    now = timezone.now()
    if deleted:
        reasons = dict.fromkeys(ids, PageChange.Reason.DELETED)
    else:
        visible_ids = set(visible_pages().filter(pk__in=ids).values_list("pk", flat=True))
        site_paths = list(Site.objects.values_list("root_page__path", flat=True))
        pages = Page.objects.filter(pk__in=ids).values("pk", "live", "expired", "path")
        reasons = {page["pk"]: reason_for(page, visible_ids, site_paths) for page in pages}
    PageChange.objects.filter(page_id__in=reasons).delete()
    PageChange.objects.bulk_create(
        PageChange(page_id=pk, at=now, left=reason) for pk, reason in sorted(reasons.items())
    )


def with_descendants(page):
    return Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)


def pages_referring_to(instance):
    """Live pages that show `instance` (a photo, a person, a topic, a campaign)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    references = ReferenceIndex.get_references_to(instance).filter(base_content_type=page_type)
    ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    return Page.objects.live().filter(pk__in=ids).values_list("pk", flat=True)


def on_page_published(instance, **kwargs):
    record_changes([instance.pk, *pages_referring_to(instance)])


def on_page_unpublished(instance, **kwargs):
    # Pages that name it (a campaign's articles) show it no more.
    record_changes([instance.pk, *pages_referring_to(instance)])


def on_page_moved(instance, **kwargs):
    record_changes(with_descendants(instance))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        record_changes([instance.pk], deleted=True)


def on_view_restriction_changed(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # deleted with its page: the page's own delete records it
        return
    record_changes(with_descendants(page))


def on_shown_object_saved(sender, instance, created=False, **kwargs):
    """A corrected photo credit or a renamed topic changes every live page that shows it."""
    if created:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return
    record_changes(pages_referring_to(instance))


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import Country, NewsImage, Region, Spokesperson, Topic

    page_published.connect(on_page_published, dispatch_uid="newsdesk-sync-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="newsdesk-sync-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="newsdesk-sync-moved")
    post_delete.connect(on_page_deleted, dispatch_uid="newsdesk-sync-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"newsdesk-sync-privacy-{signal is post_save}",
        )
    for model in (NewsImage, get_document_model(), Spokesperson, Topic, Country, Region):
        post_save.connect(
            on_shown_object_saved, sender=model, dispatch_uid=f"newsdesk-sync-{model.__name__}"
        )
