from django.urls import path

from cms.kept_answers import kept
from newsroom.feeds import NewsroomAtomFeed, NewsroomRssFeed
from newsroom.views import embargoed_preview

# Feed readers poll: each answer is kept until the next change (cms/kept_answers.py).
urlpatterns = [
    path("embargoed/<str:token>/", embargoed_preview, name="embargoed_preview"),
    path("feeds/rss/", kept(NewsroomRssFeed()), name="newsroom_feed_rss"),
    path("feeds/atom/", kept(NewsroomAtomFeed()), name="newsroom_feed_atom"),
    path(
        "feeds/<slug:facet>/<slug:value>/rss/",
        kept(NewsroomRssFeed()),
        name="newsroom_facet_feed_rss",
    ),
    path(
        "feeds/<slug:facet>/<slug:value>/atom/",
        kept(NewsroomAtomFeed()),
        name="newsroom_facet_feed_atom",
    ),
]
