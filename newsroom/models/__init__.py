from .article import ArticlePage
from .newsroom_page import NewsroomPage
from .press_release import PressReleasePage
from .report import ReportPage

__all__ = ["ArticlePage", "NewsroomPage", "PressReleasePage", "ReportPage"]
