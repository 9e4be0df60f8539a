from django.urls import path

from newsroom.feeds import NewsroomAtomFeed, NewsroomRssFeed

urlpatterns = [
    path("rss/", NewsroomRssFeed(), name="newsroom_feed_rss"),
    path("atom/", NewsroomAtomFeed(), name="newsroom_feed_atom"),
    path(
        "<slug:facet>/<slug:value>/rss/",
        NewsroomRssFeed(),
        name="newsroom_facet_feed_rss",
    ),
    path(
        "<slug:facet>/<slug:value>/atom/",
        NewsroomAtomFeed(),
        name="newsroom_facet_feed_atom",
    ),
]
