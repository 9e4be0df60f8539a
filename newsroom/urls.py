from django.urls import path

from newsroom.feeds import NewsroomAtomFeed, NewsroomRssFeed
from newsroom.views import embargoed_preview

urlpatterns = [
    path("embargoed/<str:token>/", embargoed_preview, name="embargoed_preview"),
    path("feeds/rss/", NewsroomRssFeed(), name="newsroom_feed_rss"),
    path("feeds/atom/", NewsroomAtomFeed(), name="newsroom_feed_atom"),
    path(
        "feeds/<slug:facet>/<slug:value>/rss/",
        NewsroomRssFeed(),
        name="newsroom_facet_feed_rss",
    ),
    path(
        "feeds/<slug:facet>/<slug:value>/atom/",
        NewsroomAtomFeed(),
        name="newsroom_facet_feed_atom",
    ),
]
