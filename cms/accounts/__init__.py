"""Account security: sign-in throttling (django-axes), the sign-in audit, second factors."""
