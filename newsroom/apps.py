from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self):
        from cms.cache_purge import register_listings
        from cms.models.home import register_home_section
        from cms.stored_renderings import register_lister
        from newsroom.kinds import register_article_kind
        from newsroom.listing import latest_articles
        from newsroom.models import PressReleasePage, ReportPage

        register_article_kind(PressReleasePage)
        register_article_kind(ReportPage)
        register_home_section("latest_articles", latest_articles)
        register_listings(pages_listing)
        register_lister(articles_sharing_a_topic)


def pages_listing(page):
    """An article is listed on the home page and in the newsroom."""
    from cms.models import HomePage
    from newsroom.models import ArticlePage, NewsroomPage

    if isinstance(page, ArticlePage):
        return [*HomePage.objects.live(), *NewsroomPage.objects.live()], []
    return [], []


def articles_sharing_a_topic(page_ids):
    """Whole article pages that may list these pages among their related articles."""
    from newsroom.models import ArticlePage

    return list(
        ArticlePage.objects.filter(topics__articles__in=list(page_ids))
        .values_list("pk", flat=True)
        .distinct()
    )
