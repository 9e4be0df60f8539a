from wagtail import hooks
from wagtail.admin import messages

from cms.scheduling import in_site_time, scheduled_go_live

# Wagtail's own "Reports" menu (audit log, workflows, locked pages…) is not the newsroom's
# Report pages: it gets a name that cannot be mistaken for them.
ADMIN_REPORTS_LABEL = "Audit and admin reports"


@hooks.register("construct_main_menu")
def rename_wagtail_reports_menu(request, menu_items):
    for item in menu_items:
        if item.name == "reports":
            item.label = ADMIN_REPORTS_LABEL


@hooks.register("after_publish_page")
def confirm_the_go_live_time(request, page):
    # Wagtail only says "scheduled for publishing": repeat when, in the site's time zone.
    moment = scheduled_go_live(page)
    if moment is not None:
        messages.success(request, f"“{page.title}” will go live on {in_site_time(moment)}.")
