from django.db import models


class TwoFactorRequirement(models.Model):
    """Carries the permission that makes a group's members sign in with a second factor.

    Given to a group in the admin (Settings → Groups → "Other permissions"); administrators
    (superusers) have every permission, so it is required of them by default.
    """

    class Meta:
        default_permissions = ()
        permissions = [("require_two_factor", "Must sign in with a second factor")]

    def __str__(self):
        return "Two-factor requirement"
