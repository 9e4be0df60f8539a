"""Second factors for the admin: TOTP apps, passkeys (cms/accounts/passkeys.py) and single-use
recovery codes (django-otp).

A user whose groups carry the `cms.require_two_factor` permission (and every administrator)
is sent, after the password, to enrol a TOTP app or a passkey (first time), or to enter a code
or use the passkey; until then no other admin page opens.
"""

import secrets

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

REQUIRED_PERMISSION = "cms.require_two_factor"
RECOVERY_CODE_COUNT = 10


def is_required_for(user):
    return user.is_authenticated and user.has_perm(REQUIRED_PERMISSION)


def has_device(user):
    """A confirmed app or passkey, or recovery codes left: any of them satisfies the
    requirement (a passkey is a django-otp device too)."""
    return any(
        not isinstance(device, StaticDevice) or device.token_set.exists()
        for device in devices_for_user(user, confirmed=True)
    )


def has_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, code):
    """Verify this session with a TOTP code or a recovery code (used up); True on success."""
    device = match_token(request.user, "".join(code.split()))
    if device is None:
        return False
    otp_login(request, device)
    return True


def pending_totp_device(user):
    """The TOTP device being enrolled (unconfirmed until its first code is entered)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def confirm_totp(request, device, code):
    """Enrol the app when its code is right: returns the new recovery codes, else None."""
    if not device.verify_token("".join(code.split())):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_recovery_codes(request.user)


def new_recovery_codes(user):
    """Replace the user's recovery codes; each opens one sign-in. Shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


EXEMPT_URL_NAMES = (
    "cms_two_factor_setup",
    "cms_two_factor_verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    # What the two pages themselves load: the admin's icons and translations.
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    # Passkeys (django-otp-webauthn): verifying with one, and enrolling one as the first factor
    # (the library refuses to add a passkey to an enrolled account whose session is unverified).
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
)


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware: unverified sessions that need a factor stop here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and is_required_for(request.user)
            and not request.user.is_verified()
            and request.path not in {reverse(name) for name in EXEMPT_URL_NAMES}
        ):
            target = "cms_two_factor_verify" if has_device(request.user) else "cms_two_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def require_for_group(group):
    """Make the group's members sign in with a second factor (idempotent)."""
    from django.contrib.auth.models import Permission

    app_label, codename = REQUIRED_PERMISSION.split(".")
    group.permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
