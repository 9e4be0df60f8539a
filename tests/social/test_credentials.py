import pytest
from cryptography.fernet import Fernet

from campaigns.social.credentials import CredentialsUnreadable
from campaigns.social.models import SocialAccount


@pytest.mark.django_db
def test_credentials_are_stored_encrypted_and_read_back(settings):
    account = SocialAccount(network="x", display_name="@newsdesk")
    account.set_credentials({"secret": "token-abc-123"})
    account.save()
    stored = SocialAccount.objects.values_list("credentials_encrypted", flat=True).get()
    assert "token-abc-123" not in stored
    assert SocialAccount.objects.get().credentials == {"secret": "token-abc-123"}


@pytest.mark.django_db
def test_a_rotated_key_still_reads_old_credentials_and_a_wrong_key_says_so(settings):
    account = SocialAccount(network="x", display_name="@newsdesk")
    account.set_credentials({"secret": "token-abc-123"})
    old_key = settings.SOCIAL_CREDENTIALS_KEY
    settings.SOCIAL_CREDENTIALS_KEY = f"{Fernet.generate_key().decode()},{old_key}"
    assert account.credentials == {"secret": "token-abc-123"}
    settings.SOCIAL_CREDENTIALS_KEY = Fernet.generate_key().decode()
    with pytest.raises(CredentialsUnreadable):
        account.credentials  # noqa: B018
