from django.urls import path
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps.views import sitemap

from cms.kept_answers import kept
from frontend.views import RobotsTxtView

urlpatterns = [
    path("robots.txt", cache_control(max_age=3600)(RobotsTxtView.as_view()), name="robots_txt"),
    # Kept until the next change, as the feeds are (cms/kept_answers.py).
    path("sitemap.xml", kept(sitemap), name="sitemap"),
]
