"""Local development: debug on, a throwaway secret key unless one is given."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
SOCIAL_CREDENTIALS_KEY = env.str(
    "SOCIAL_CREDENTIALS_KEY", default="ZGV2LW9ubHktc29jaWFsLWNyZWRlbnRpYWxzLWtleSE="
)
