"""cms/accounts: sign-in throttling and audit (django-axes), second factors (django-otp)."""

import base64
import json
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

from .passkey_authenticator import Passkey

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


WEBAUTHN = "/admin/two-factor/webauthn/"
# Passkeys are offered only on the site's own address (BASE_URL, http://localhost here).


def post_json(client, path, data=None):
    return client.post(path, data=json.dumps(data or {}), content_type="application/json")


def register_passkey(client, passkey):
    options = post_json(client, WEBAUTHN + "registration/begin/")
    assert options.status_code == 200, options.content
    done = post_json(client, WEBAUTHN + "registration/complete/", passkey.register(options.json()))
    assert done.status_code == 200, done.content


def verify_with_passkey(client, passkey, next_url="/admin/"):
    options = post_json(client, WEBAUTHN + "authentication/begin/")
    assert options.status_code == 200, options.content
    return post_json(
        client,
        f"{WEBAUTHN}authentication/complete/?next={next_url}",
        passkey.sign_in(options.json()),
    )


def test_passkey_registration_names_the_site_address_as_relying_party(author, client, settings):
    settings.BASE_URL = "https://news.example.org"
    client.force_login(author)
    account = client.get("/admin/account/").content.decode()
    assert 'href="/admin/two-factor/"' in account  # "Two-factor sign-in" in the account menu
    page = client.get("/admin/two-factor/", HTTP_HOST="news.example.org")
    assert 'id="passkey-registration-placeholder"' in page.content.decode()
    options = post_json(client, WEBAUTHN + "registration/begin/").json()
    assert options["rp"] == {"id": "news.example.org", "name": settings.WAGTAIL_SITE_NAME}

    # A browser on another address could not use the passkey: the page says where it works.
    elsewhere = client.get("/admin/two-factor/", HTTP_HOST="10.0.0.5:8000").content.decode()
    assert "open https://news.example.org/admin/" in elsewhere
    assert "passkey-registration-placeholder" not in elsewhere

    # Browsers refuse passkeys on plain http (but for localhost) and on an IP address.
    for address, reason in (
        ("http://news.example.org", "only on https"),
        ("https://192.0.2.10", "an IP address"),
    ):
        settings.BASE_URL = address
        unavailable = client.get("/admin/two-factor/").content.decode()
        assert reason in unavailable and "passkey-registration-placeholder" not in unavailable


def test_a_passkey_alone_satisfies_the_required_second_factor_until_it_is_removed(
    newsroom, django_user_model
):
    set_up_newsroom_roles(newsroom)
    officer = django_user_model.objects.create_user(username="press", password="pw-press-1")
    officer.groups.add(Group.objects.get(name=PRESS_OFFICE))
    passkey = Passkey(origin="http://localhost")

    # Enrolment: a passkey instead of an app, then recovery codes.
    first = Client(HTTP_HOST="localhost")
    assert sign_in(first, "press", "pw-press-1").status_code == 302
    setup = first.get("/admin/", follow=True)
    assert setup.redirect_chain[-1][0].startswith("/admin/two-factor/setup/")
    assert 'id="passkey-registration-placeholder"' in setup.content.decode()
    register_passkey(first, passkey)
    codes = first.post("/admin/two-factor/recovery-codes/", {"next": "/admin/"})
    assert len(re.findall(r"<li><code>", codes.content.decode())) == 10
    assert first.get("/admin/").status_code == 200

    # Next sign-in: the password, then the passkey; the verified session holds on every page.
    again = Client(HTTP_HOST="localhost")
    sign_in(again, "press", "pw-press-1")
    verify = again.get("/admin/pages/", follow=True)
    assert verify.redirect_chain[-1][0].startswith("/admin/two-factor/verify/")
    assert 'id="passkey-verification-placeholder"' in verify.content.decode()
    verified = verify_with_passkey(again, passkey, next_url="/admin/pages/")
    assert verified.status_code == 200, verified.content
    assert verified.json()["redirect_url"] == "/admin/pages/"
    for path in ("/admin/", "/admin/two-factor/", "/admin/reports/aging-pages/"):
        assert again.get(path).status_code == 200

    # A wrong key is refused and opens nothing.
    stranger = Client(HTTP_HOST="localhost")
    sign_in(stranger, "press", "pw-press-1")
    impostor = Passkey(origin="http://localhost")
    impostor.credential_id, impostor.user_handle = passkey.credential_id, passkey.user_handle
    impostor.sign_count = passkey.sign_count + 10  # refused for its signature, not its count
    refused = verify_with_passkey(stranger, impostor)
    assert refused.status_code == 422
    assert stranger.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")

    # Removing it from the two-factor page: the requirement applies again.
    listing = again.get("/admin/two-factor/").content.decode()
    remove = re.search(r'action="(/admin/two-factor/passkeys/\d+/remove/)"', listing).group(1)
    assert again.post(remove).status_code == 302
    assert again.get("/admin/pages/")["Location"].startswith("/admin/two-factor/")
    later = Client(HTTP_HOST="localhost")
    sign_in(later, "press", "pw-press-1")
    verify = later.get("/admin/two-factor/verify/").content.decode()
    assert "passkey-verification-placeholder" not in verify
    assert 400 <= verify_with_passkey(later, passkey).status_code < 500
    assert later.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")


def test_administrators_see_and_remove_a_users_passkeys(author, admin_client):
    require_for_group(Group.objects.get(name="Writers"))
    owner = Client(HTTP_HOST="localhost")
    sign_in(owner, "author", "right-password")
    register_passkey(owner, Passkey(origin="http://localhost"))
    assert owner.get("/admin/").status_code == 200

    users = admin_client.get("/admin/users/").content.decode()
    assert f'href="/admin/two-factor/users/{author.pk}/"' in users
    page = admin_client.get(f"/admin/two-factor/users/{author.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "require a second factor" in html
    remove = re.search(r'action="(/admin/two-factor/users/\d+/passkeys/\d+/remove/)"', html)
    assert admin_client.post(remove.group(1)).status_code == 302
    assert (
        "No passkeys." in admin_client.get(f"/admin/two-factor/users/{author.pk}/").content.decode()
    )
    assert owner.get("/admin/")["Location"].startswith("/admin/two-factor/")

    # Nobody else sees that page.
    other = Client(HTTP_HOST="localhost")
    other.force_login(author)
    assert other.get(f"/admin/two-factor/users/{author.pk}/").status_code == 302
