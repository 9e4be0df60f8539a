from django.db import models


class StoredRendering(models.Model):
    """What a live page shows, rendered when it is published and kept with it: the page's main
    content, its head (meta, Open Graph, JSON-LD), its card as listings show it, the whole
    page, its API items and its plain text (for search excerpts).

    One row per page. `token` changes whenever something the rendering shows changes (the row's
    parts are emptied then), and a part is only ever written under the token read before it was
    rendered, so a rendering worked out from older rows can never be kept after a change
    (cms/stored_renderings.py, docs/freshness.md)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The live revision rendered (0: a page published without revisions).
    revision = models.PositiveBigIntegerField(default=0)
    # The templates and site address the parts were rendered with.
    layout = models.CharField(max_length=32, blank=True)
    site_id = models.PositiveIntegerField(null=True)
    token = models.CharField(max_length=32)
    main = models.TextField(null=True)
    main_scripts = models.JSONField(default=list)
    head = models.TextField(null=True)
    head_scripts = models.JSONField(default=list)
    card = models.TextField(null=True)
    # The whole page as an anonymous visitor gets it at `whole_path` (no query string), served
    # without routing or rendering (cms/whole_pages.py). Emptied also when a page it lists
    # changes (its related articles, the latest news).
    whole = models.TextField(null=True)
    whole_scripts = models.JSONField(default=list)
    whole_path = models.CharField(max_length=1024, blank=True, db_index=True)
    # The page as the API lists it: JSON of {key: item}, a key per address and field set
    # (api/views.py), the few most recent ones.
    api = models.TextField(null=True)
    # The page's own words as plain text, which search excerpts are cut from (search/texts.py).
    text = models.TextField(null=True)

    class Meta:
        verbose_name = "stored rendering"

    def __str__(self):
        return f"page {self.page_id}, revision {self.revision}"
