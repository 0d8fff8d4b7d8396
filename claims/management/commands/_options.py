"""The article fields both import commands accept."""

from django.core.management.base import CommandParser


def add_article_options(parser: CommandParser, *, required: bool) -> None:
    parser.add_argument("--outlet", required=required, help="The outlet's slug or name, e.g. rt.")
    parser.add_argument(
        "--published", required=required, help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    parser.add_argument("--language", default="en", help="Language of the text (default: en).")
    parser.add_argument("--original-language", default="", help="If a translation: the original language.")
    parser.add_argument(
        "--translation",
        default="",
        choices=["", "original", "machine", "human"],
        help="original, machine or human (default: machine if --original-language is given, else original).",
    )
