"""The article pages: the list of source articles and the reader view of one article.

Here, not in sources/: a page of an article shows the statements quoted from it (claims sit above sources).
"""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.models import Statement
from claims.views import paginate
from infkb.provenance import published_q
from sources.models import Article


def article_list(request: HttpRequest) -> HttpResponse:
    published = published_q(Statement, "statements__")
    articles = (
        Article.objects.published()
        .with_outlet()
        .annotate(n_statements=Count("statements", filter=published))
        .order_by("-published_on", "title")
    )
    return render(request, "sources/article_list.html", {"page": paginate(request, articles)})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The reader view: the full text with every published statement highlighted where it is."""
    article = get_object_or_404(Article.objects.published().with_outlet(), slug=slug)
    statements = list(Statement.objects.for_readers().filter(article=article).order_by("start", "pk"))
    return render(
        request,
        "sources/article_detail.html",
        {"article": article, "statements": statements},
    )
