from .home import HomePage
from .images import NewsImage, NewsRendition
from .operations import PendingPurge, WorkerHeartbeat
from .people import PressContact, Spokesperson
from .site_settings import PressSettings
from .taxonomy import Country, Region, Topic

__all__ = [
    "Country",
    "HomePage",
    "NewsImage",
    "NewsRendition",
    "PendingPurge",
    "PressContact",
    "PressSettings",
    "Region",
    "Spokesperson",
    "Topic",
    "WorkerHeartbeat",
]
