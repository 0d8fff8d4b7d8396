from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.management.commands._options import add_article_options
from sources.importing import ArticleImportError, article_import, decode_text, read_file


class Command(BaseCommand):
    help = (
        "Import one source article from a UTF-8 text file and propose its quote candidates. "
        "An article already stored (same URL or same text) is left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The article's text, UTF-8.")
        add_article_options(parser, required=True)
        parser.add_argument("--url", default="", help="The article's address.")
        parser.add_argument("--title", default="", help="Default: the first line of the text.")
        parser.add_argument("--translation-note", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if not path.is_file():
                raise ArticleImportError(f"{path} is not a file.")
            article, created = article_import(
                text=decode_text(read_file(path), name=str(path)),
                outlet=options["outlet"],
                url=options["url"],
                published=options["published"],
                language=options["language"],
                original_language=options["original_language"],
                translation=options["translation"],
                title=options["title"],
                translation_note=options["translation_note"],
            )
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        if created:
            count = article.candidates.filter(status="pending").count()
            self.stdout.write(f"Imported “{article}” (#{article.pk}): {count} quote candidate(s) to review.")
        else:
            self.stdout.write(f"Already stored as “{article}” (#{article.pk}); nothing changed.")
