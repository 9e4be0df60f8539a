from .accounts import TwoFactorRequirement
from .content_version import ContentVersion
from .editing import PageCreation
from .home import HomePage
from .images import NewsImage, NewsRendition
from .operations import PendingPurge, WorkerHeartbeat
from .people import PressContact, Spokesperson
from .renderings import StoredRendering
from .site_settings import PressSettings
from .sync import PageChange
from .taxonomy import Country, Region, Topic

__all__ = [
    "ContentVersion",
    "Country",
    "HomePage",
    "NewsImage",
    "NewsRendition",
    "PageChange",
    "PendingPurge",
    "PageCreation",
    "PressContact",
    "PressSettings",
    "Region",
    "Spokesperson",
    "StoredRendering",
    "Topic",
    "TwoFactorRequirement",
    "WorkerHeartbeat",
]
