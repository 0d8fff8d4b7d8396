import factory

from claims.models import Actor, Claim, ClaimRelation, Stance, Statement
from infkb.provenance import ReviewStatus
from sources.models import Article, Outlet

ARTICLE_TEXT = (
    "The minister said on Monday that talks would continue. "
    "“We are ready to talk,” the minister said. "
    "“Nobody has asked us,” he added. “We are ready to talk,” he repeated."
)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    kind = Outlet.Kind.NEWS_AGENCY
    status = ReviewStatus.PUBLISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    url = factory.Sequence(lambda n: f"https://example.org/article-{n}")
    published_on = factory.Faker("date_object")
    text = factory.Sequence(lambda n: f"Article number {n}. {ARTICLE_TEXT}")
    status = ReviewStatus.PUBLISHED


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    kind = Actor.Kind.PERSON
    status = ReviewStatus.PUBLISHED


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Proposition number {n} holds")
    slug = factory.Sequence(lambda n: f"proposition-{n}")
    status = ReviewStatus.PUBLISHED


class StatementFactory(factory.django.DjangoModelFactory):
    """A quote anchored at the first occurrence of `text` in its article."""

    class Meta:
        model = Statement

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(ActorFactory)
    kind = Statement.Kind.QUOTE
    text = "Nobody has asked us"
    start = factory.LazyAttribute(lambda s: s.article.text.index(s.text))
    end = factory.LazyAttribute(lambda s: s.start + len(s.text))
    status = ReviewStatus.PUBLISHED


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    statement = factory.SubFactory(StatementFactory)
    claim = factory.SubFactory(ClaimFactory)
    stance = Stance.Kind.ASSERTS
    status = ReviewStatus.PUBLISHED


class ClaimRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimRelation

    source = factory.SubFactory(ClaimFactory)
    target = factory.SubFactory(ClaimFactory)
    kind = ClaimRelation.Kind.COUNTERS
    status = ReviewStatus.PUBLISHED
