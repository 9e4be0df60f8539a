from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import Button

from cms.page_creation import CreatePageOnce
from newsroom import admin_views
from newsroom.models import ArticlePage


@hooks.register("register_admin_urls")
def preview_link_urls():
    return [
        path(
            "newsroom/preview-links/<int:page_id>/",
            admin_views.preview_links,
            name="newsroom_preview_links",
        )
    ]


@hooks.register("register_page_header_buttons")
def preview_links_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class, ArticlePage) and page.permissions_for_user(user).can_edit():
        yield Button(
            "Embargo preview links",
            reverse("newsroom_preview_links", args=[page.pk]),
            icon_name="link",
            priority=75,
        )


@hooks.register("register_admin_viewset")
def article_pages():
    # Publishing right after typing, or again after a failed attempt, edits the draft that
    # autosave created instead of creating the page twice (cms.page_creation).
    return PageViewSet("article_pages", model=ArticlePage, add_view_class=CreatePageOnce)
