import pytest
from django.core.cache import cache

from campaigns.social.models import Network, SocialAccount
from newsroom.factories import PressReleasePageFactory

from .network_servers import FacebookServer, LinkedInServer, MastodonServer, WebhookServer, XServer


@pytest.fixture(autouse=True)
def fresh_cache():
    """Renditions and instance limits are cached: each test starts from its own media."""
    cache.clear()


@pytest.fixture
def network_servers():
    servers = {
        "mastodon": MastodonServer(hang_seconds=2.5).start(),
        "x": XServer(hang_seconds=2.5).start(),
        "facebook": FacebookServer(hang_seconds=2.5).start(),
        "linkedin": LinkedInServer(hang_seconds=2.5).start(),
        "webhook": WebhookServer(hang_seconds=2.5).start(),
    }
    yield servers
    for server in servers.values():
        server.stop()


def account_for(server, **fields):
    """A social account pointing at a local network server."""
    network = server.name
    values = {
        "network": network,
        "display_name": f"Newsdesk on {network}",
        "api_base_url": server.url,
        "account_ref": {
            Network.FACEBOOK: getattr(server, "page_id", ""),
            Network.LINKEDIN: "urn:li:organization:2414183",
        }.get(network, ""),
    }
    values.update(fields)
    account = SocialAccount(**values)
    secret = server.hook_url if network == Network.WEBHOOK else server.token
    account.set_credentials({"secret": secret})
    account.save()
    return account


@pytest.fixture
def social_settings(settings):
    settings.SOCIAL_HTTP_TIMEOUT = 1.0
    settings.SOCIAL_RETRY_BASE_SECONDS = 0.2
    settings.SOCIAL_RETRY_MAX_SECONDS = 2.0
    settings.SOCIAL_CLAIM_LEASE_SECONDS = 60
    return settings


@pytest.fixture
def press_release(newsroom):
    return PressReleasePageFactory(
        parent=newsroom,
        title="Court orders release of detained journalists",
        teaser="The ruling ends eleven months of pre-trial detention for four reporters.",
    )
