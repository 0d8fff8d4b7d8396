from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup import BackupError, import_knowledge_base


class Command(BaseCommand):
    help = (
        "Load a file written by export_kb into an EMPTY database (after `manage.py migrate`), all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by export_kb (.jsonl or .jsonl.gz)")

    def handle(self, *args, file: str, **options) -> None:
        try:
            report = import_knowledge_base(file)
        except BackupError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {report.total} rows from {file}."))
        if report.created_users:
            self.stdout.write(
                f"Created {len(report.created_users)} inactive accounts without a password for the "
                f"users named in the file: {', '.join(report.created_users)}. Give them a password "
                "and tick Active in the admin to let them sign in."
            )
