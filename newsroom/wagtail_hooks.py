from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

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
