"""The sign-in audit for administrators: sign-ins, failures and current lockouts (django-axes)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

ROWS = 200


def sign_in_audit(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    lockouts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")[:ROWS]
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:ROWS]
    sign_ins = AccessLog.objects.order_by("-attempt_time")[:ROWS]
    title = "Sign-in audit"
    return TemplateResponse(
        request,
        "accounts/sign_in_audit.html",
        {
            "page_title": title,
            "header_title": title,
            "lockouts": lockouts,
            "failures": failures,
            "sign_ins": sign_ins,
        },
    )
