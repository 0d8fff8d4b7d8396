"""manage.py suggest_roles: the office held that day, for statements saved without one."""

from typing import Any

from django.core.management.base import BaseCommand

from claims.roles import roles_suggest


class Command(BaseCommand):
    help = (
        "Link each statement without a role to the one role its speaker held on its date "
        "(run once after migrating to issue 12's schema; statements that fit none or several are left)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        filled = roles_suggest()
        self.stdout.write(f"Linked {filled:,} statement(s) to the role their speaker held that day.")
