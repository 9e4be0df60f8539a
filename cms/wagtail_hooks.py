from wagtail import hooks

# Wagtail's own "Reports" menu (audit log, workflows, locked pages…) is not the newsroom's
# Report pages: it gets a name that cannot be mistaken for them.
ADMIN_REPORTS_LABEL = "Audit and admin reports"


@hooks.register("construct_main_menu")
def rename_wagtail_reports_menu(request, menu_items):
    for item in menu_items:
        if item.name == "reports":
            item.label = ADMIN_REPORTS_LABEL
