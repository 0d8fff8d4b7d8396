"""The article pages: the list of source articles and the reader view of one article.

Here, not in sources/: a page of an article shows the statements quoted from it (claims sit above sources).
"""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.models import Statement
from claims.views import paginate
from sources.models import Article


def article_list(request: HttpRequest) -> HttpResponse:
    # The page's ids first, from the index in the list's order (article_list_idx): a deep page reads
    # 50,000 index entries instead of sorting, or fetching, the 50,000 articles before it.
    ids = Article.objects.published().order_by("-published_on", "title").values_list("pk", flat=True)
    page = paginate(request, ids)
    articles = Article.objects.with_outlet().in_bulk(list(page))
    page.object_list = [articles[pk] for pk in page if pk in articles]  # unless deleted meanwhile
    # Counted for the page's articles alone: a Count() over the join grouped every statement of the
    # corpus before sorting (3 s at a million statements).
    counts = dict(
        Statement.objects.published()
        .filter(article__in=list(articles))
        .order_by()
        .values_list("article")
        .annotate(n=Count("pk"))
    )
    for article in page:
        article.n_statements = counts.get(article.pk, 0)
    return render(request, "sources/article_list.html", {"page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The reader view: the full text with every published statement highlighted where it is."""
    article = get_object_or_404(Article.objects.published().with_outlet(), slug=slug)
    statements = list(Statement.objects.for_readers().filter(article=article).order_by("start", "pk"))
    return render(
        request,
        "sources/article_detail.html",
        {"article": article, "statements": statements},
    )
