"""Admin for social accounts and cross-post records (wagtail-modeladmin), and editors' actions."""

from django.contrib.admin import SimpleListFilter
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import access, admin_views
from .forms import SocialAccountForm
from .models import CrossPost, SocialAccount


class TeamScopedAdmin(ModelAdmin):
    """Another team's objects are not found at all (404), in every view that names one."""

    def _ensure_visible(self, request, instance_pk):
        pk = str(instance_pk)
        if not (pk.isdigit() and self.get_queryset(request).filter(pk=pk).exists()):
            raise Http404

    def inspect_view(self, request, instance_pk):
        self._ensure_visible(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._ensure_visible(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._ensure_visible(request, instance_pk)
        return super().delete_view(request, instance_pk)


class SocialAccountAdmin(TeamScopedAdmin):
    model = SocialAccount
    menu_label = "Accounts"
    menu_icon = "user"
    list_display = ("display_name", "network", "enabled", "reauthorisation", "updated_at")
    list_filter = ("network", "enabled", "needs_reauthorisation")
    search_fields = ("display_name", "account_ref")
    edit_handler = ObjectList(
        [
            FieldPanel("network"),
            FieldPanel("display_name"),
            FieldPanel("api_base_url"),
            FieldPanel("account_ref"),
            FieldPanel("webhook_url"),
            FieldPanel("webhook_format"),
            FieldPanel("secret"),
            FieldPanel("enabled"),
            FieldPanel("page_kinds", widget=CheckboxSelectMultiple),
            FieldPanel("campaigns", widget=CheckboxSelectMultiple),
        ],
        base_form_class=SocialAccountForm,
    )

    def reauthorisation(self, account):
        if account.needs_reauthorisation:
            return format_html("Needed: {}", account.reauthorisation_reason)
        return "—"

    reauthorisation.short_description = "Re-authorisation"

    def get_queryset(self, request):
        return access.accounts_for(request.user, super().get_queryset(request))


class CrossPostPermissionHelper(PermissionHelper):
    """Records are made by publishing, never by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.user_has_any_permissions(user)


class AccountFilter(SimpleListFilter):
    """Only the accounts of records the user may see, so no other team's account is named."""

    title = "account"
    parameter_name = "account"

    def lookups(self, request, model_admin):
        visible = access.cross_posts_for(request.user).values("account")
        return [
            (account.pk, str(account)) for account in SocialAccount.objects.filter(pk__in=visible)
        ]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(account=self.value())
        return queryset


class CrossPostButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.request.user.has_perm("social.change_crosspost"):
            return buttons
        if obj.status in (
            CrossPost.Status.FAILED,
            CrossPost.Status.NEEDS_DECISION,
            CrossPost.Status.SKIPPED,
        ):
            buttons.append(
                {
                    "url": reverse("social_retry_cross_post", args=[obj.pk]),
                    "label": "Retry",
                    "classname": "button button-small button-secondary",
                    "title": "Post this again",
                }
            )
        if obj.status == CrossPost.Status.NEEDS_DECISION:
            buttons.append(
                {
                    "url": reverse("social_mark_cross_post_posted", args=[obj.pk]),
                    "label": "Mark as posted",
                    "classname": "button button-small button-secondary",
                    "title": "It reached the network: record it as posted",
                }
            )
        if obj.status == CrossPost.Status.POSTED:
            buttons.append(
                {
                    "url": reverse("social_reshare_page", args=[obj.page_id]),
                    "label": "Re-share page",
                    "classname": "button button-small button-secondary",
                    "title": "Post this page again on every account",
                }
            )
        return buttons


class CrossPostAdmin(TeamScopedAdmin):
    model = CrossPost
    menu_label = "Cross-posts"
    menu_icon = "list-ul"
    inspect_view_enabled = True
    inspect_view_fields = (
        "page",
        "account",
        "status",
        "attempts",
        "last_error",
        "message",
        "remote_id",
        "remote_url",
        "created_at",
        "posted_at",
        "next_attempt_at",
    )
    permission_helper_class = CrossPostPermissionHelper
    button_helper_class = CrossPostButtonHelper
    list_display = (
        "page",
        "account",
        "status",
        "attempts",
        "last_error",
        "post_link",
        "created_at",
    )
    list_filter = ("status", "account__network", AccountFilter, "created_at")
    search_fields = ("page__title", "account__display_name", "last_error")
    list_select_related = ("page", "account")

    def get_queryset(self, request):
        return access.cross_posts_for(request.user, super().get_queryset(request))

    def post_link(self, record):
        if record.post_address:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener">View post</a>', record.post_address
            )
        return "—"

    post_link.short_description = "Post"


@modeladmin_register
class SocialAdminGroup(ModelAdminGroup):
    menu_label = "Social"
    menu_icon = "globe"
    menu_order = 300
    items = (CrossPostAdmin, SocialAccountAdmin)


@hooks.register("register_admin_urls")
def register_social_urls():
    return [
        path(
            "social/cross-posts/<int:pk>/retry/",
            admin_views.retry_cross_post,
            name="social_retry_cross_post",
        ),
        path(
            "social/cross-posts/<int:pk>/mark-posted/",
            admin_views.mark_cross_post_posted,
            name="social_mark_cross_post_posted",
        ),
        path(
            "social/pages/<int:page_id>/reshare/",
            admin_views.reshare_page,
            name="social_reshare_page",
        ),
    ]
