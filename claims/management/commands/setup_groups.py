"""Create (or bring up to date) the Editor, Reviewer and Admin groups. Safe to run again."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

CURATED_APPS = ("claims", "sources")
EDITOR, REVIEWER, ADMIN = "Editor", "Reviewer", "Admin"


def curated(prefixes: tuple[str, ...]) -> Q:
    by_prefix = Q()
    for prefix in prefixes:
        by_prefix |= Q(codename__startswith=prefix)
    # Historical models (historicalstatement…) are read through their record's admin, not granted apart.
    return (
        Q(content_type__app_label__in=CURATED_APPS)
        & by_prefix
        & ~Q(content_type__model__startswith="historical")
    )


def group_permissions() -> dict[str, Any]:
    editor = Permission.objects.filter(curated(("add_", "change_", "view_")))
    reviewer = Permission.objects.filter(curated(("add_", "change_", "view_", "delete_", "publish_")))
    return {EDITOR: editor, REVIEWER: reviewer, ADMIN: Permission.objects.all()}


@transaction.atomic
def setup_groups() -> dict[str, int]:
    """Set each group's permissions to exactly its role's; return how many each has."""
    counts = {}
    for name, permissions in group_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = group.permissions.count()
    return counts


class Command(BaseCommand):
    help = (
        "Create the groups: Editor (creates and edits drafts), Reviewer (also publishes, returns to draft "
        "and deletes), Admin (every permission). Running it again resets their permissions."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, count in setup_groups().items():
            self.stdout.write(f"{name}: {count} permissions")
