"""cms/accounts: sign-in throttling and audit (django-axes), second factors (django-otp)."""

import base64
import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from cms.accounts.two_factor import require_for_group
from cms.editorial import admin_group
from newsroom.editorial import PRESS_OFFICE, set_up_newsroom_roles

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def author(django_user_model):
    user = django_user_model.objects.create_user(username="author", password="right-password")
    user.groups.add(admin_group("Writers"))
    return user


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_sixth_wrong_password_is_refused_and_then_the_right_one_until_the_lockout_ends(
    author, settings
):
    client = Client()
    for _ in range(5):
        assert sign_in(client, "author", "guess").status_code == 200  # the form again
    assert sign_in(client, "author", "guess").status_code == 429
    locked = sign_in(client, "author", "right-password")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)):
        signed_in = sign_in(client, "author", "right-password")
        assert signed_in.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_password_spraying_from_one_address_is_locked_out(django_user_model, author):
    client = Client()
    for name in ("alice", "bob", "carol", "dave", "erin", "frank"):
        sign_in(client, name, "Spring2026!", address="198.51.100.9")
    assert sign_in(client, "author", "right-password", address="198.51.100.9").status_code == 429
    # The account itself is not locked for its owner elsewhere.
    assert sign_in(Client(), "author", "right-password").status_code == 302


def test_administrators_see_every_sign_in_failure_and_lockout(
    author, admin_client, client, django_user_model
):
    for _ in range(6):
        sign_in(Client(), "author", "guess", address="192.0.2.44")
    django_user_model.objects.create_user(username="reviewer", password="pw-reviewer-1")
    assert sign_in(Client(), "reviewer", "pw-reviewer-1", address="192.0.2.45").status_code == 302
    audit = admin_client.get("/admin/reports/sign-ins/")
    assert audit.status_code == 200
    html = audit.content.decode()
    lockouts = html.split('data-audit="lockouts"')[1].split("</table>")[0]
    assert "author" in lockouts and "192.0.2.44" in lockouts
    failures = html.split('data-audit="failures"')[1].split("</table>")[0]
    assert failures.count("192.0.2.44") == 6
    sign_ins = html.split('data-audit="sign-ins"')[1].split("</table>")[0]
    assert "192.0.2.45" in sign_ins

    client.force_login(author)
    refused = client.get("/admin/reports/sign-ins/")  # Wagtail sends it back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def secret_from(response):
    return re.search(r"data-totp-secret>([A-Z2-7=]+)<", response.content.decode()).group(1)


def code_for(secret, offset=0):
    key = base64.b32decode(secret)
    return f"{totp(key, t0=0, step=30, digits=6, drift=offset):06d}"


def test_a_required_second_factor_is_enrolled_then_asked_at_every_sign_in(
    newsroom, django_user_model
):
    set_up_newsroom_roles(newsroom)
    officer = django_user_model.objects.create_user(username="press", password="pw-press-1")
    officer.groups.add(Group.objects.get(name=PRESS_OFFICE))

    client = Client()
    assert sign_in(client, "press", "pw-press-1").status_code == 302
    enrol = client.get("/admin/", follow=True)
    assert enrol.redirect_chain[-1][0].startswith("/admin/two-factor/setup/")
    assert client.get("/admin/pages/")["Location"].startswith("/admin/two-factor/")
    secret = secret_from(enrol)
    wrong = client.post("/admin/two-factor/setup/", {"code": "000000"})
    assert "not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: each failure doubles the wait before the next try
    done = client.post("/admin/two-factor/setup/", {"code": code_for(secret)})
    assert done.status_code == 200, done
    recovery_codes = re.findall(
        r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.content.decode()
    )
    assert len(recovery_codes) == 10
    assert client.get("/admin/").status_code == 200

    again = Client()
    sign_in(again, "press", "pw-press-1")
    assert again.get("/admin/pages/")["Location"].startswith("/admin/two-factor/verify/")
    replayed = again.post("/admin/two-factor/verify/", {"code": code_for(secret)})
    assert replayed.status_code == 200  # a code already used never opens a second session
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert (
            again.post("/admin/two-factor/verify/", {"code": code_for(secret)}).status_code == 302
        )
        assert again.get("/admin/").status_code == 200

    # A recovery code opens one sign-in, once.
    time.sleep(1.1)  # the replayed code's failure throttles every device for a second
    for expected in (302, 200):
        lost_phone = Client()
        sign_in(lost_phone, "press", "pw-press-1")
        used = lost_phone.post("/admin/two-factor/verify/", {"code": recovery_codes[0]})
        assert used.status_code == expected


def test_groups_without_the_requirement_sign_in_with_a_password(author):
    client = Client()
    sign_in(client, "author", "right-password")
    assert client.get("/admin/").status_code == 200
    require_for_group(Group.objects.get(name="Writers"))
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_administrators_need_a_second_factor_by_default(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client = Client()
    sign_in(client, "root", "pw-root-1")
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")
