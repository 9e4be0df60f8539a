"""The account form: credentials are write-only, addresses are shown back, and each network's
required fields are checked."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from . import access, outbound
from .models import Network

NEEDS_SERVER = {Network.MASTODON: "the Mastodon instance's address"}
NEEDS_ACCOUNT_REF = {
    Network.BLUESKY: "the Bluesky handle",
    Network.FACEBOOK: "the Facebook Page ID",
    Network.LINKEDIN: "the organisation URN (urn:li:organization:…)",
}
SECRET_NAMES = {
    Network.MASTODON: "an access token",
    Network.BLUESKY: "an app password",
    Network.X: "an OAuth 2.0 user access token",
    Network.FACEBOOK: "a Page access token",
    Network.LINKEDIN: "an access token",
}


class SocialAccountForm(WagtailAdminModelForm):
    secret = forms.CharField(
        label="Token or secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Access token, app password, or a webhook's signing secret (optional). Stored "
        "encrypted and never shown again: leave empty to keep the current one.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not access.sees_everything(for_user):
            # A campaign team posts only for its own campaigns, never for the whole organisation.
            campaigns = self.fields["campaigns"]
            campaigns.queryset = access.team_campaigns(for_user)
            campaigns.required = True
            campaigns.help_text = "The campaigns whose publications this account posts."
            campaigns.error_messages["required"] = (
                "Choose at least one of your campaigns: accounts that post for the whole "
                "organisation are set up by the press office."
            )

    def clean(self):
        cleaned = super().clean()
        network = cleaned.get("network")
        secret = cleaned.get("secret")
        if network in NEEDS_SERVER and not cleaned.get("api_base_url"):
            self.add_error("api_base_url", f"Enter {NEEDS_SERVER[network]}.")
        if network in NEEDS_ACCOUNT_REF and not cleaned.get("account_ref"):
            self.add_error("account_ref", f"Enter {NEEDS_ACCOUNT_REF[network]}.")
        elif network == Network.LINKEDIN and not cleaned["account_ref"].startswith(
            "urn:li:organization:"
        ):
            self.add_error(
                "account_ref", "A LinkedIn organisation URN starts with urn:li:organization:"
            )
        if network == Network.WEBHOOK and not cleaned.get("webhook_url"):
            self.add_error("webhook_url", "Enter the webhook's full address (https://…).")
        if network in SECRET_NAMES and not secret and not self.instance.has_credentials:
            self.add_error("secret", f"Enter {SECRET_NAMES[network]}.")
        self._check_addresses(cleaned)
        return cleaned

    def _check_addresses(self, cleaned):
        """The workers must not be pointed at the organisation's own network."""
        for field, what in outbound.ADDRESS_FIELDS.items():
            url = cleaned.get(field)
            if url and not self.has_error(field):
                try:
                    outbound.check_url(url, what)
                except outbound.ForbiddenAddress as refusal:
                    self.add_error(field, str(refusal))

    def save(self, commit=True):
        account = super().save(commit=False)
        if self.cleaned_data.get("secret"):
            account.set_credentials({"secret": self.cleaned_data["secret"]})
        elif account.network == Network.WEBHOOK and "webhook_url" in self.changed_data:
            # A webhook's address is what it is authorised by: a new one is a fresh start.
            account.needs_reauthorisation = False
            account.reauthorisation_reason = ""
        if commit:
            account.save()
            self.save_m2m()
        return account
