from .article import ArticlePage
from .newsroom_page import NewsroomPage
from .press_release import PressReleasePage
from .preview_link import EmbargoPreviewLink
from .report import ReportPage

__all__ = ["ArticlePage", "EmbargoPreviewLink", "NewsroomPage", "PressReleasePage", "ReportPage"]
