from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self):
        from campaigns.feeds import campaign_feed
        from campaigns.models import CampaignUpdatePage, active_campaigns
        from cms.cache_purge import register_listings
        from cms.models.home import register_home_section
        from newsroom.feeds import register_facet_feed
        from newsroom.kinds import register_article_kind

        register_article_kind(CampaignUpdatePage)
        register_home_section("active_campaigns", active_campaigns)
        register_facet_feed("campaign", campaign_feed)
        register_listings(pages_listing)


def pages_listing(page):
    """A campaign is listed on the home page and the campaign index, and its updates show its
    title, status and call to action; an article is listed on its campaign's page."""
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.models import HomePage
    from newsroom.models import ArticlePage

    if isinstance(page, CampaignPage):
        pages = [*HomePage.objects.live(), *CampaignIndexPage.objects.live()]
        url = page.get_full_url()
        return pages, [f"{url}*"] if url else []
    if isinstance(page, ArticlePage) and page.campaign_id:
        return list(CampaignPage.objects.filter(pk=page.campaign_id)), []
    return [], []
