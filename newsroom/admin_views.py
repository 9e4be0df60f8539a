import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from newsroom.embargo import create_preview_link, revoke_preview_link
from newsroom.models import ArticlePage, EmbargoPreviewLink


class PreviewLinkForm(forms.Form):
    note = forms.CharField(max_length=200, required=False, label="Who is it for?")
    hours = forms.IntegerField(min_value=1, max_value=720, initial=48, label="Valid for (hours)")


def editable_article(request, page_id):
    page = get_object_or_404(ArticlePage, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def preview_links(request, page_id):
    """Create, list and revoke a scheduled article's embargoed preview links."""
    page = editable_article(request, page_id)
    form = PreviewLinkForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        link = get_object_or_404(EmbargoPreviewLink, pk=request.POST["revoke"], page=page)
        revoke_preview_link(link)
        messages.success(request, "The link no longer works.")
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        link = create_preview_link(
            page,
            user=request.user,
            lifetime=datetime.timedelta(hours=form.cleaned_data["hours"]),
            note=form.cleaned_data["note"],
        )
        messages.success(request, "A new preview link is ready: copy it from the list below.")
        return redirect(request.path)
    links = [
        (link, request.build_absolute_uri(reverse("embargoed_preview", args=[link.token])))
        for link in page.preview_links.select_related("created_by")
    ]
    return TemplateResponse(
        request,
        "newsroom/admin/preview_links.html",
        {"page": page, "form": form, "links": links},
    )
