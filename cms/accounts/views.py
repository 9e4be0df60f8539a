"""The admin's second-factor pages: enrol an authenticator app or a passkey, enter a code or
use the passkey, manage one's own passkeys and recovery codes; administrators see and remove a
user's passkeys."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from . import passkeys, two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/admin/"


def _render(request, template, **context):
    title = context.pop("title")
    return TemplateResponse(
        request,
        template,
        {"page_title": title, "header_title": title, "next": _next_url(request), **context},
    )


def setup(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = two_factor.pending_totp_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_totp(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _render(
                request,
                "accounts/recovery_codes.html",
                title="Your recovery codes",
                codes=codes,
            )
        form.add_error("code", "That code is not right: check the app's clock and try again.")
    secret = base64.b32encode(device.bin_key).decode("ascii")
    uri = device.config_url
    return _render(
        request,
        "accounts/two_factor_setup.html",
        title="Set up two-factor sign-in",
        form=form,
        secret=secret,
        qr_svg=segno.make(uri, error="m").svg_inline(scale=4, title="Scan with your app"),
        site_name=settings.WAGTAIL_SITE_NAME,
        passkeys_unavailable=passkeys.offered_on(request),
    )


def verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_device(request.user):
        return redirect("cms_two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "That code is not right, or was already used.")
    return _render(
        request,
        "accounts/two_factor_verify.html",
        title="Enter your sign-in code",
        form=form,
        has_passkey=passkeys.passkeys_of(request.user).exists(),
        passkeys_unavailable=passkeys.offered_on(request),
    )


def overview(request):
    """The signed-in user's own second factors: passkeys to add and remove, recovery codes."""
    user = request.user
    return _render(
        request,
        "accounts/two_factor.html",
        title="Two-factor sign-in",
        passkeys=passkeys.passkeys_of(user),
        has_app=two_factor.has_totp(user),
        recovery_codes_left=two_factor.recovery_codes_left(user),
        passkeys_unavailable=passkeys.offered_on(request),
        can_change=user.is_verified() or not two_factor.has_device(user),
    )


@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working), for a session verified with a factor."""
    if not request.user.is_verified():
        raise PermissionDenied
    return _render(
        request,
        "accounts/recovery_codes.html",
        title="Your recovery codes",
        codes=two_factor.new_recovery_codes(request.user),
    )


@require_POST
def remove_own_passkey(request, passkey_id):
    if not request.user.is_verified():
        raise PermissionDenied  # a second factor first, as to add one
    if passkeys.remove(request.user, passkey_id):
        messages.success(request, "The passkey was removed.")
    return redirect("cms_two_factor")


def _administrator(request):
    if not request.user.is_superuser:
        raise PermissionDenied


def user_two_factor(request, user_id):
    """An administrator's view of one user's second factors."""
    _administrator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    return _render(
        request,
        "accounts/user_two_factor.html",
        title=f"Two-factor sign-in: {user.get_username()}",
        shown_user=user,
        passkeys=passkeys.passkeys_of(user),
        has_app=two_factor.has_totp(user),
        recovery_codes_left=two_factor.recovery_codes_left(user),
        required=two_factor.is_required_for(user),
    )


@require_POST
def remove_user_passkey(request, user_id, passkey_id):
    _administrator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    if passkeys.remove(user, passkey_id):
        messages.success(request, f"{user.get_username()}'s passkey was removed.")
    return redirect(reverse("cms_user_two_factor", args=[user.pk]))
