from django.core.management.base import BaseCommand, CommandError

from claims.seed import SeedError, load_corpus


class Command(BaseCommand):
    help = "Load the curated seed corpus (claims/seed/). Safe to run again: it changes nothing twice."

    def handle(self, *args, **options) -> None:
        try:
            report = load_corpus()
        except SeedError as error:
            raise CommandError(f"The seed corpus is invalid: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Seed corpus loaded: {report}."))
