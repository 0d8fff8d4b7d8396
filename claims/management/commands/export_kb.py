from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup import BackupError, export_knowledge_base


class Command(BaseCommand):
    help = (
        "Write the whole knowledge base (apps sources and claims, with history) to FILE: "
        "JSON Lines, gzip-compressed if FILE ends in .gz. Restore it with import_kb."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write, e.g. infkb-2026-12-03.jsonl.gz")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="leave out the history of changes (a smaller file; the restored records have no history)",
        )

    def handle(self, *args, file: str, no_history: bool, **options) -> None:
        try:
            counts = export_knowledge_base(file, history=not no_history)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was exported. {error}") from error
        records = sum(n for label, n in counts.items() if ".historical" not in label)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {records} records and {sum(counts.values()) - records} history rows to {file}."
            )
        )
