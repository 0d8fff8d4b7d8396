"""manage.py export_aif FILE: the whole published claim graph as AIF JSON (docs/formats.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.formats.aif import write_corpus_aif


class Command(BaseCommand):
    help = "Write the published claim graph, statements and speakers as AIF JSON (AIFdb, OVA) to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the JSON (overwritten).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        # Written as it is read: the whole corpus in constant memory (claims/formats/aif.py).
        with file.open("w", encoding="utf-8") as out:
            counts = write_corpus_aif(out)
        kinds = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in ("I", "L", "YA", "RA", "CA", "TA"))
        self.stdout.write(f"Wrote {file}: {kinds} nodes, {counts['edges']} edges.")
