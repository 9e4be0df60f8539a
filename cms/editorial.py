"""Editorial roles shared by the newsroom and the campaigns: groups, page permissions, workflows.

Every function here is idempotent, so the set-up command can be run on every deploy.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

AUTHOR_PAGE_PERMISSIONS = ("add", "change", "lock")
PUBLISHER_PAGE_PERMISSIONS = ("add", "change", "lock", "publish", "unlock")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def admin_group(name):
    """A group whose members may use the Wagtail admin and upload and choose media."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Collection.get_first_root_node()
    for app_label, codename in MEDIA_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    return group


def grant_page_permissions(group, page, permission_types):
    for permission_type in permission_types:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def review_workflow(name, task_name, approvers, page):
    """A one-step workflow in which `approvers` review every page under `page`."""
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=name)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
