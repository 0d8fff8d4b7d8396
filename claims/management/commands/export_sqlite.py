"""manage.py export_sqlite FILE: the published knowledge base as a Datasette-ready SQLite file."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.formats.sqlite import metadata, write_sqlite

NO_LICENCE = "Not stated: ask the knowledge base's maintainers before republishing."


class Command(BaseCommand):
    help = (
        "Write the published knowledge base to FILE (SQLite, overwritten) and its Datasette "
        "metadata beside it (metadata.json): datasette FILE -m metadata.json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--metadata", type=Path, help="Default: metadata.json beside FILE.")
        parser.add_argument("--license", default=NO_LICENCE, help="The licence to state in the metadata.")
        parser.add_argument("--license-url", default="")
        parser.add_argument("--source-url", default="", help="Where the knowledge base is served.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        counts = write_sqlite(file)
        described = metadata(
            file.stem,
            license=options["license"],
            license_url=options["license_url"],
            source_url=options["source_url"],
        )
        target = options["metadata"] or file.with_name("metadata.json")
        target.write_text(json.dumps(described, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        summary = ", ".join(f"{count} {table}" for table, count in counts.items())
        self.stdout.write(f"Wrote {file} ({summary}) and {target}.")
