"""The admin's second-factor pages: enrol an authenticator app, enter a code."""

import base64

import segno
from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from . import two_factor


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
        request, "accounts/two_factor_verify.html", title="Enter your sign-in code", form=form
    )
