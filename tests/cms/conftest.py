# Every test here starts with empty caches, as the API tests do, and can use their newsroom.
from tests.api.conftest import empty_caches, newsdesk  # noqa: F401
