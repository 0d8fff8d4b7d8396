"""A large synthetic corpus for benchmarks: many articles, statements and stances, bulk-inserted."""

import datetime
import random

from django.db import transaction

from claims.models import Actor, Claim, Stance, Statement
from infkb.provenance import ReviewStatus
from sources.models import Article, Outlet, content_hash

SENTENCES_PER_ARTICLE = 20
WORDS = [
    "missile",
    "treaty",
    "range",
    "launcher",
    "compliance",
    "violation",
    "deployment",
    "Europe",
    "Washington",
    "Moscow",
    "negotiations",
    "moratorium",
    "cruise",
    "ballistic",
    "kilometres",
    "test",
    "allies",
    "security",
    "stability",
]


@transaction.atomic
def add_synthetic_corpus(*, statements: int, seed: int = 1) -> dict[str, int]:
    """Add `statements` published quotes (20 per article) by existing actors on existing claims."""
    rng = random.Random(seed)
    outlet = Outlet.objects.first()
    speakers = list(Actor.objects.persons())
    claims = list(Claim.objects.all())
    n_articles = max(1, statements // SENTENCES_PER_ARTICLE)
    articles = []
    for number in range(n_articles):
        sentences = [
            f"Sentence {i} of article {number}: " + " ".join(rng.choices(WORDS, k=12)) + "."
            for i in range(SENTENCES_PER_ARTICLE)
        ]
        text = "\n\n".join(f"“{sentence}” said the speaker." for sentence in sentences)
        articles.append(
            Article(
                outlet=outlet,
                title=f"Synthetic article {number}",
                slug=f"synthetic-{number}",
                url=f"https://bench.invalid/{number}",
                published_on=datetime.date(2019, 1, 1) + datetime.timedelta(days=number % 365),
                text=text,
                content_hash=content_hash(text),
            )
        )
    Article.objects.bulk_create(articles, batch_size=500)
    articles = list(Article.objects.filter(slug__startswith="synthetic-").order_by("pk"))
    new_statements = []
    for article in articles:
        cursor = 0
        for _ in range(SENTENCES_PER_ARTICLE):
            start = article.text.index("“", cursor) + 1
            end = article.text.index("”", start)
            cursor = end
            new_statements.append(
                Statement(
                    article=article,
                    speaker=rng.choice(speakers),
                    text=article.text[start:end],
                    start=start,
                    end=end,
                    status=ReviewStatus.PUBLISHED,
                )
            )
    Statement.objects.bulk_create(new_statements, batch_size=1000)
    created = Statement.objects.filter(article__slug__startswith="synthetic-").values_list("pk", flat=True)
    Stance.objects.bulk_create(
        [
            Stance(
                statement_id=pk,
                claim=rng.choice(claims),
                stance=rng.choice(["asserts", "denies"]),
                status=ReviewStatus.PUBLISHED,
            )
            for pk in created.iterator()
        ],
        batch_size=1000,
    )
    return {"articles": len(articles), "statements": len(new_statements)}
