"""Encryption of social network credentials at rest, with the key from the environment."""

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted with the configured key(s)."""


def _fernet():
    keys = [key.strip() for key in settings.SOCIAL_CREDENTIALS_KEY.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured("SOCIAL_CREDENTIALS_KEY is not set.")
    # The first key encrypts; the others still decrypt, so keys can be rotated.
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(credentials: dict) -> str:
    return _fernet().encrypt(json.dumps(credentials, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise CredentialsUnreadable(
            "The stored credentials cannot be decrypted with SOCIAL_CREDENTIALS_KEY."
        ) from error
