"""Social accounts, the page's sharing options, and one cross-post record per page and account."""

import uuid
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from . import credentials as credential_store


class Network(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook Page"
    LINKEDIN = "linkedin", "LinkedIn organisation page"
    WEBHOOK = "webhook", "Chat webhook (Slack, Discord, Teams)"


class WebhookFormat(models.TextChoices):
    SLACK = "slack", "Slack"
    DISCORD = "discord", "Discord"
    TEAMS = "teams", "Microsoft Teams"


def article_kind_choices():
    return Q(app_label__in=["newsroom", "campaigns"]) & Q(
        model__in=["pressreleasepage", "reportpage", "campaignupdatepage"]
    )


class SocialAccountQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)

    def targets_for(self, page):
        """Enabled accounts that post this kind of page for this page's campaign."""
        kind = ContentType.objects.get_for_model(page.specific_class)
        accounts = self.enabled().filter(Q(page_kinds__isnull=True) | Q(page_kinds=kind))
        # An account without campaigns speaks for the organisation and posts everything;
        # a campaign's account posts only that campaign's publications.
        campaign_filter = Q(campaigns__isnull=True)
        if page.campaign_id:
            campaign_filter |= Q(campaigns=page.campaign_id)
        return accounts.filter(campaign_filter).distinct().order_by("pk")


class SocialAccount(models.Model):
    network = models.CharField(max_length=20, choices=Network.choices)
    display_name = models.CharField(max_length=120, help_text='Shown to editors, e.g. "@newsdesk"')
    api_base_url = models.URLField(
        "server address",
        blank=True,
        help_text="Mastodon instance or Bluesky PDS (e.g. https://mastodon.social); "
        "leave empty for the network's standard API.",
    )
    account_ref = models.CharField(
        "account identifier",
        max_length=200,
        blank=True,
        help_text="Bluesky handle, Facebook Page ID, or LinkedIn organisation URN "
        "(urn:li:organization:123). Not needed for Mastodon, X or webhooks.",
    )
    webhook_url = models.URLField(
        "webhook address",
        max_length=500,
        blank=True,
        help_text="For a chat webhook: the address the chat gave you "
        "(e.g. https://hooks.slack.com/services/…).",
    )
    webhook_format = models.CharField(
        max_length=10, choices=WebhookFormat.choices, default=WebhookFormat.SLACK
    )
    credentials_encrypted = models.TextField(blank=True, editable=False)
    enabled = models.BooleanField(default=True)
    page_kinds = models.ManyToManyField(
        ContentType,
        blank=True,
        limit_choices_to=article_kind_choices,
        related_name="+",
        help_text="Leave empty to post every kind of publication.",
    )
    campaigns = models.ManyToManyField(
        "campaigns.CampaignPage",
        blank=True,
        related_name="social_accounts",
        help_text="Leave empty for an organisation account that posts every publication; "
        "otherwise only these campaigns' publications are posted.",
    )
    needs_reauthorisation = models.BooleanField(default=False, editable=False)
    reauthorisation_reason = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["network", "display_name"]
        permissions = [
            ("manage_all_social", "Can see and act on every campaign's accounts and cross-posts")
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_network_display()})"

    @property
    def credentials(self) -> dict:
        return credential_store.decrypt(self.credentials_encrypted)

    def set_credentials(self, values: dict):
        self.credentials_encrypted = credential_store.encrypt(values)
        self.needs_reauthorisation = False
        self.reauthorisation_reason = ""

    @property
    def has_credentials(self):
        return bool(self.credentials_encrypted)


class CrossPost(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        POSTED = "posted", "Posted"
        FAILED = "failed", "Failed"
        NEEDS_DECISION = "needs_decision", "Needs an editor's decision"
        SKIPPED = "skipped", "Skipped"

    page = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="cross_posts"
    )
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="cross_posts")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    message = models.TextField(blank=True, help_text="The text as sent, kept for every retry.")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    outcome_uncertain = models.BooleanField(
        default=False, help_text="A request may have reached the network without an answer."
    )
    remote_id = models.CharField(max_length=300, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    posted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "account"], name="one_cross_post_per_account")
        ]
        verbose_name = "cross-post"

    def __str__(self):
        return f"{self.page} → {self.account}"

    @property
    def post_address(self):
        """The remote post's address when it is safe to link to (https only), else ""."""
        return self.remote_url if is_https_address(self.remote_url) else ""


def is_https_address(url):
    parts = urlsplit(url or "")
    return parts.scheme == "https" and bool(parts.hostname)


class SocialShareOptions(models.Model):
    """The page's sharing choices; stored with the page's revisions, so embargoes keep them."""

    page = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="social_options"
    )
    opt_out = models.BooleanField(
        "don't share this page", default=False, help_text="No account posts this page."
    )
    message = models.TextField(
        blank=True,
        help_text="Replaces the title and teaser on every network. The link is added for you.",
    )
    image = models.ForeignKey(
        "cms.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Defaults to the hero image.",
    )
    image_alt = models.CharField(
        "image description (alt text)",
        max_length=1000,
        blank=True,
        help_text="Defaults to the image's description.",
    )

    panels = [
        FieldPanel("opt_out"),
        FieldPanel("message"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
    ]

    class Meta:
        verbose_name = "sharing options"
        verbose_name_plural = "sharing options"

    def __str__(self):
        return f"Sharing options for {self.page}"


class SocialMessage(models.Model):
    """A message written for one network, replacing the default there."""

    page = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="social_messages"
    )
    network = models.CharField(max_length=20, choices=Network.choices)
    text = models.TextField(help_text="The link to the page is added for you.")

    panels = [FieldPanel("network"), FieldPanel("text")]

    class Meta:
        verbose_name = "message for one network"

    def __str__(self):
        return f"{self.get_network_display()} message for {self.page}"
