"""manage.py export_aif FILE: the whole published claim graph as AIF JSON (docs/formats.md)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.formats.aif import corpus_aif


class Command(BaseCommand):
    help = "Write the published claim graph, statements and speakers as AIF JSON (AIFdb, OVA) to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the JSON (overwritten).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        document = corpus_aif()
        file.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = {kind: 0 for kind in ("I", "L", "YA", "RA", "CA", "TA")}
        for node in document["nodes"]:
            counts[node["type"]] += 1
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Wrote {file}: {summary} nodes, {len(document['edges'])} edges.")
