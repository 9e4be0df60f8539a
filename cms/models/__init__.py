from .editing import PageCreation
from .home import HomePage
from .images import NewsImage, NewsRendition
from .people import PressContact, Spokesperson
from .site_settings import PressSettings
from .taxonomy import Country, Region, Topic

__all__ = [
    "Country",
    "HomePage",
    "NewsImage",
    "NewsRendition",
    "PageCreation",
    "PressContact",
    "PressSettings",
    "Region",
    "Spokesperson",
    "Topic",
]
