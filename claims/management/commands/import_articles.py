from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.management.commands._options import add_article_options
from sources.importing import ArticleImportError, articles_import, read_file, read_folder, read_jsonl


class Command(BaseCommand):
    help = (
        "Import many source articles, all or nothing: a JSON Lines file (one object per line with text, "
        "outlet, url, published, language, title…) or a folder of .txt files, each with an optional .json "
        "sidecar of the same name holding its fields. The options give defaults for missing fields."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A .jsonl file or a folder.")
        add_article_options(parser, required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        defaults = {
            name: options[name]
            for name in ("outlet", "published", "language", "original_language", "translation")
            if options[name]
        }
        try:
            if path.is_dir():
                records = read_folder(path)
            elif path.is_file():
                records = read_jsonl(read_file(path), name=path.name)
            else:
                raise ArticleImportError(f"{path} is neither a folder nor a file.")
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        report = articles_import(records, defaults=defaults)
        if report.errors:
            raise CommandError(str(report))
        self.stdout.write(str(report))
