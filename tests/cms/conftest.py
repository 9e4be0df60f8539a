# Every test here starts with empty caches, as the API tests do.
from tests.api.conftest import empty_caches  # noqa: F401
