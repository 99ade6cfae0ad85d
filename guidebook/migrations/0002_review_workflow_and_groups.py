"""Editors and Moderators groups with fitting permissions, and the "Practice review"
workflow (one group approval task for Moderators).

- Editors: Wagtail admin access; add and edit pages (guide chapters, practice cases) but
  not publish them; add and edit organisations. Their changes go through review.
- Moderators: the same plus publish; they approve or reject in "Practice review".

Idempotent: groups, permissions, the task and the workflow are looked up before they are
created, so this also runs on a database where Wagtail already made the groups. The
workflow is attached to the library page by ``guidebook.services.assign_review_workflow``
(called by ``seed_demo``), because that page does not exist when migrations run.
"""

from django.db import migrations

WORKFLOW_NAME = "Practice review"
TASK_NAME = "Moderators approve practice cases"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")

    access_admin = _permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    organisation_permissions = [
        _permission(apps, "communities", "organisation", f"{action}_organisation",
                    f"Can {action} organisation")
        for action in ("add", "change", "view")
    ]
    for group in (editors, moderators):
        group.permissions.add(access_admin, *organisation_permissions)

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        page_permission = {
            kind: _permission(apps, "wagtailcore", "page", f"{kind}_page", f"Can {kind} page")
            for kind in ("add", "change", "publish")
        }
        for group, kinds in ((editors, ("add", "change")), (moderators, ("add", "change", "publish"))):
            for kind in kinds:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=page_permission[kind]
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(moderators)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("guidebook", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("communities", "0002_pages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
