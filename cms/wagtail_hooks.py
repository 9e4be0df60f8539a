from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from cms.admin_visibility import only_explorable
from cms.private_responses import mark_restricted
from cms.scheduling import in_site_time, scheduled_go_live
from cms.whole_pages import claim_whole_page

# Wagtail's own "Reports" menu (audit log, workflows, locked pages…) is not the newsroom's
# Report pages: it gets a name that cannot be mistaken for them.
ADMIN_REPORTS_LABEL = "Audit and admin reports"


@hooks.register("construct_main_menu")
def rename_wagtail_reports_menu(request, menu_items):
    for item in menu_items:
        if item.name == "reports":
            item.label = ADMIN_REPORTS_LABEL


@hooks.register("after_publish_page")
def confirm_the_go_live_time(request, page):
    # Wagtail only says "scheduled for publishing": repeat when, in the site's time zone.
    moment = scheduled_go_live(page)
    if moment is not None:
        messages.success(request, f"“{page.title}” will go live on {in_site_time(moment)}.")


@hooks.register("before_serve_page")
def keep_restricted_pages_out_of_caches(page, request, serve_args, serve_kwargs):
    # The restrictions are kept in memory (cms.routing): no query of its own.
    if page.get_view_restrictions():
        mark_restricted(request)


# After the restriction check above: a restricted page's whole page is never kept.
hooks.register("before_serve_page", claim_whole_page)


@hooks.register("register_admin_urls")
def account_security_urls():
    from django.urls import include, path

    from cms.accounts import audit, views

    return [
        path("two-factor/", views.overview, name="cms_two_factor"),
        path("two-factor/setup/", views.setup, name="cms_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="cms_two_factor_verify"),
        path("two-factor/recovery-codes/", views.recovery_codes, name="cms_recovery_codes"),
        path(
            "two-factor/passkeys/<int:passkey_id>/remove/",
            views.remove_own_passkey,
            name="cms_remove_passkey",
        ),
        path("two-factor/users/<int:user_id>/", views.user_two_factor, name="cms_user_two_factor"),
        path(
            "two-factor/users/<int:user_id>/passkeys/<int:passkey_id>/remove/",
            views.remove_user_passkey,
            name="cms_remove_user_passkey",
        ),
        # The passkey ceremonies' JSON endpoints and their script's translations.
        path("two-factor/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
        path("reports/sign-ins/", audit.sign_in_audit, name="cms_sign_in_audit"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def sign_in_audit_menu_item():
    return SuperuserMenuItem(
        "Sign-in audit", reverse("cms_sign_in_audit"), icon_name="key", order=900
    )


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("cms_two_factor"),
        "label": "Two-factor sign-in",
        "help_text": "Your passkeys, authenticator app and recovery codes.",
    }


@hooks.register("register_user_listing_buttons")
def user_two_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            "Two-factor sign-in", reverse("cms_user_two_factor", args=[user.pk]), priority=50
        )


@hooks.register("register_permissions")
def two_factor_permission():
    # Listed on each group's page under "Other permissions".
    return Permission.objects.filter(content_type__app_label="cms", codename="require_two_factor")


@hooks.register("construct_page_chooser_queryset")
def choosers_show_only_explorable_pages(pages, request):
    return only_explorable(pages, request)
