import datetime
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from claims.models import Statement
from sources.models import Article
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


class ReaderText(HTMLParser):
    """The article text as the reader shows it: marked text per statement, and all text without labels."""

    def __init__(self) -> None:
        super().__init__()
        self.in_text = 0
        self.in_label = False
        self.open_marks: list[str] = []
        self.marked: dict[str, str] = {}
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "article" and attrs.get("class") == "article-text":
            self.in_text = 1
        elif self.in_text:
            if tag == "article":
                self.in_text += 1
            if tag == "a" and attrs.get("class") == "who":
                self.in_label = True
            if tag == "mark":
                self.open_marks.append(attrs["data-statement"])
                if "id" in attrs:
                    self.ids.add(attrs["id"])
            if tag == "p" and attrs.get("class") != "hash":
                self.paragraphs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.in_text:
            self.in_text -= 1
        if tag == "a":
            self.in_label = False
        if tag == "mark" and self.in_text:
            self.open_marks.pop()

    def handle_data(self, data: str) -> None:
        if not self.in_text or self.in_label:
            return
        self.text.append(data)
        for pk in self.open_marks:
            self.marked[pk] = self.marked.get(pk, "") + data


def read(client, article: Article) -> ReaderText:
    response = client.get(reverse("article-detail", kwargs={"slug": article.slug}))
    assert response.status_code == 200
    parser = ReaderText()
    parser.feed(response.content.decode())
    return parser


def test_article_index_lists_the_source_articles(client, corpus):
    response = client.get(reverse("article-list"))

    assert response.status_code == 200
    assert "<title>Source articles · INF KB</title>" in response.content.decode()
    assert response.context["page"].paginator.count == Article.objects.count() == 2


def test_article_index_pages_in_date_order_then_title(client, db, settings):
    for day in ("2031-01-02", "2031-01-01"):
        ArticleFactory.create_batch(15, published_on=day)
    ArticleFactory(published_on="2031-01-03", status="draft")

    shown = []
    for number in (1, 2):
        page = client.get(reverse("article-list"), {"page": number}).context["page"]
        shown += [(article.published_on, article.title) for article in page]

    expected = list(Article.objects.published().order_by("-published_on", "title")[:50])
    assert shown == [(article.published_on, article.title) for article in expected]
    assert shown[0][0] == datetime.date(2031, 1, 2) and len(shown) >= 30


def test_article_index_counts_each_articles_published_statements_in_constant_queries(
    client, corpus, django_assert_max_num_queries
):
    for _ in range(3):
        StatementFactory(article=ArticleFactory(published_on="2030-01-01"))  # the newest: page 1
    draft = StatementFactory(article=ArticleFactory(published_on="2030-01-02"), status="draft")

    with django_assert_max_num_queries(
        4
    ):  # the count, the page's ids, its articles, their statements counted
        response = client.get(reverse("article-list"))

    shown = {article.pk: article.n_statements for article in response.context["page"]}
    expected = {
        article.pk: Statement.objects.published().filter(article=article).count()
        for article in Article.objects.all()
    }
    assert shown == expected
    assert shown[draft.article_id] == 0
    seed = Article.objects.get(slug__startswith="russia-and-the-us")
    assert expected[seed.pk] > 1
    assert f'<td data-label="Statements" class="num">{expected[seed.pk]}</td>' in response.content.decode()


def test_the_reader_highlights_every_quote_of_the_article_at_its_place(client, corpus):
    for article in Article.objects.all():
        statements = Statement.objects.published().filter(article=article, start__isnull=False)

        reader = read(client, article)

        assert statements.count() > 5
        for statement in statements:
            assert f"statement-{statement.pk}" in reader.ids
            assert reader.marked[str(statement.pk)] == article.text[statement.start : statement.end]
        # Nothing added, nothing lost: the page's text, labels aside, is the article's text.
        assert "".join("".join(reader.text).split()) == "".join(article.text.split())


def test_each_highlight_names_its_speaker_and_links_to_its_statement(client, corpus):
    article = Article.objects.get(slug__startswith="russia-and-the-us")
    statement = Statement.objects.published().filter(article=article, speaker__slug="sergey-ryabkov").first()

    response = client.get(reverse("article-detail", kwargs={"slug": article.slug}))

    html = response.content.decode()
    assert f'<a class="who" href="#card-{statement.pk}"' in html
    assert f'id="card-{statement.pk}"' in html
    assert f'href="#statement-{statement.pk}"' in html
    assert "Sergey Ryabkov</a><mark" in html


def test_the_reader_lists_the_statements_beside_the_text_with_their_claims(client, corpus):
    article = Article.objects.get(slug__startswith="russia-and-the-us")

    response = client.get(reverse("article-detail", kwargs={"slug": article.slug}))

    html = unescape(response.content.decode())
    statements = list(response.context["statements"])
    assert len(statements) == Statement.objects.published().filter(article=article).count()
    # The note says it once: not "from RU." and then "from Russian." again.
    assert html.count("Machine translation from Russian.") == 1
    assert "from RU" not in html
    assert "Russia and the US continue to discuss the INF Treaty at expert level (RT) · INF KB" in html
    claim = statements[0].visible_stances[0].claim
    assert f'href="{claim.get_absolute_url()}"' in html


def test_overlapping_statements_are_both_highlighted(client, db):
    article = ArticleFactory(text="Alpha beta gamma delta.\n\nSecond paragraph here.")
    outer = StatementFactory(article=article, text="Alpha beta gamma")
    inner = StatementFactory(article=article, text="beta gamma delta")

    reader = read(client, article)

    assert reader.marked[str(outer.pk)] == "Alpha beta gamma"
    assert reader.marked[str(inner.pk)] == "beta gamma delta"
    assert {f"statement-{outer.pk}", f"statement-{inner.pk}"} <= reader.ids
    assert reader.paragraphs == 2


def test_the_reader_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    article = Article.objects.get(slug__startswith="lavrov")

    with django_assert_max_num_queries(3):
        assert client.get(reverse("article-detail", kwargs={"slug": article.slug})).status_code == 200


def test_the_reader_explains_its_two_highlights(client, corpus):
    article = Article.objects.get(slug__startswith="russia-and-the-us")

    html = client.get(reverse("article-detail", kwargs={"slug": article.slug})).content.decode()

    assert '<mark class="quote">a quote</mark>' in html
    assert '<mark class="paraphrase">a paraphrase</mark>' in html
