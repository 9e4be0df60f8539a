from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.admin_visibility import only_explorable
from cms.private_responses import mark_restricted


@hooks.register("before_serve_page")
def keep_restricted_pages_out_of_caches(page, request, serve_args, serve_kwargs):
    # The restrictions are kept in memory (cms.routing): no query of its own.
    if page.get_view_restrictions():
        mark_restricted(request)


@hooks.register("register_admin_urls")
def account_security_urls():
    from django.urls import path

    from cms.accounts import audit, views

    return [
        path("two-factor/setup/", views.setup, name="cms_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="cms_two_factor_verify"),
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


@hooks.register("register_permissions")
def two_factor_permission():
    # Listed on each group's page under "Other permissions".
    return Permission.objects.filter(content_type__app_label="cms", codename="require_two_factor")


@hooks.register("construct_page_chooser_queryset")
def choosers_show_only_explorable_pages(pages, request):
    return only_explorable(pages, request)
