"""Editors' actions on cross-posts; each asks for confirmation, then calls the service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.models import Page

from newsroom.models import ArticlePage

from . import access, services
from .models import CrossPost, SocialAccount


def _confirm(request, title, question, items=()):
    return TemplateResponse(
        request,
        "social/confirm_action.html",
        {"page_title": title, "header_title": title, "question": question, "items": items},
    )


RECORDS_INDEX = "social_crosspost_modeladmin_index"


def _records_for(user):
    # Another team's records are not found at all, rather than refused.
    return access.cross_posts_for(user, CrossPost.objects.select_related("page", "account"))


def retry_cross_post(request, pk):
    if not request.user.has_perm("social.change_crosspost"):
        raise PermissionDenied
    record = get_object_or_404(_records_for(request.user), pk=pk)
    if request.method != "POST":
        return _confirm(
            request, "Retry cross-post", f"Post “{record.page}” to {record.account} again?"
        )
    if services.retry(record):
        messages.success(request, f"“{record.page}” will be posted to {record.account} again.")
    else:
        messages.error(request, "Only a failed, skipped or undecided cross-post can be retried.")
    return redirect(RECORDS_INDEX)


def mark_cross_post_posted(request, pk):
    if not request.user.has_perm("social.change_crosspost"):
        raise PermissionDenied
    record = get_object_or_404(_records_for(request.user), pk=pk)
    if request.method != "POST":
        return _confirm(
            request,
            "Mark as posted",
            f"You checked {record.account}, and “{record.page}” is there: record it as posted?",
        )
    try:
        marked = services.mark_posted(record, remote_url=request.POST.get("remote_url", "")[:500])
    except ValueError as refusal:
        messages.error(request, str(refusal))
        return redirect(RECORDS_INDEX)
    if marked:
        messages.success(request, "Recorded as posted.")
    else:
        messages.error(request, "Only a cross-post awaiting a decision can be marked as posted.")
    return redirect(RECORDS_INDEX)


def reshare_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    is_article = isinstance(page, ArticlePage)
    if not (
        request.user.has_perm("social.change_crosspost")
        and page.permissions_for_user(request.user).can_publish()
    ):
        raise PermissionDenied
    if request.method != "POST":
        accounts = SocialAccount.objects.targets_for(page) if is_article else []
        return _confirm(
            request,
            "Re-share page",
            f"Post “{page.title}” again, as a new post, on:",
            items=[str(account) for account in accounts],
        )
    if not is_article or not services.reshare(page):
        messages.error(request, "Only a live, public, shared article can be re-shared.")
    else:
        messages.success(request, f"“{page.title}” will be posted again.")
    return redirect("wagtailadmin_pages:edit", page.pk)
