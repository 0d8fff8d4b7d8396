"""Every published quote as a W3C Web Annotation on its article (https://www.w3.org/TR/annotation-model/).

`/api/v1/annotations/` is an AnnotationCollection; `?after=ID` and `?before=ID` its
AnnotationPages, keyset pages in statement order (Web Annotation Protocol,
https://www.w3.org/TR/annotation-protocol/, section 4).
Each annotation targets the article with a TextQuoteSelector (the quote and 32
characters either side) and a TextPositionSelector (offsets in the stored text),
so an annotation client can put it back on the page; its body is the speaker and
the claims the quote asserts, denies or mentions.
"""

from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from claims.models import Statement
from infkb.api import refuse_repeated
from infkb.negotiation import UnknownFormatIs400
from sources.models import Article

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{CONTEXT}"'
CONTEXT_CHARS = 32  # of the article either side of the quote, in the TextQuoteSelector


class AnnotationRenderer(JSONRenderer):
    """JSON-LD with the Web Annotation profile (the response's Content-Type carries the profile:
    DRF would refuse a plain `Accept: application/ld+json` if the renderer's type required it)."""

    media_type = "application/ld+json"
    format = "jsonld"


def published_quotes() -> Any:
    """The statements that are annotations: published verbatim quotes, with what a body shows."""
    return (
        Statement.objects.for_readers()
        .filter(kind=Statement.Kind.QUOTE)
        .defer("article__text")
        .order_by("pk")
    )


def article_texts(statements: list[Statement]) -> dict[int, str]:
    """The stored texts of the statements' articles, each read once (one query)."""
    ids = {statement.article_id for statement in statements}
    return dict(Article.objects.filter(pk__in=ids).values_list("pk", "text"))


def annotation(statement: Statement, text: str, request: Request) -> dict:
    """`statement` as a Web Annotation on its article (without @context: a page carries it)."""
    article = statement.article
    start, end = statement.start, statement.end
    speaker_url = request.build_absolute_uri(statement.speaker.get_absolute_url())
    stances = [
        {
            "type": "SpecificResource",
            "purpose": "classifying",
            "label": stance.stance,
            "source": {
                "id": request.build_absolute_uri(stance.claim.get_absolute_url()),
                "label": stance.claim.text,
            },
        }
        for stance in statement.visible_stances
    ]
    summary = "; ".join(f"{stance.stance} “{stance.claim.text}”" for stance in statement.visible_stances)
    return {
        "id": reverse("api:annotation-detail", kwargs={"pk": statement.pk}, request=request),
        "type": "Annotation",
        "motivation": "identifying",
        "created": statement.created_at.isoformat(),
        "body": [
            {
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "value": f"{statement.attribution}"
                + (f" {summary}" if summary else " said this.")
                + (f" ({article.translation_display}.)" if article.is_translation else ""),
            },
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": {"id": speaker_url, "label": statement.speaker.name},
            },
            *stances,
        ],
        "target": {
            "source": article.url or request.build_absolute_uri(article.get_absolute_url()),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                    "suffix": text[end : end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def _answer(data: dict, request: Request) -> Response:
    data = {"@context": CONTEXT, **data}
    asked_json_ld = isinstance(request.accepted_renderer, AnnotationRenderer)
    return Response(data, content_type=MEDIA_TYPE if asked_json_ld else None)


def _whole_number(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name, str(default))
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({name: ["A whole number from 1" + (f" to {maximum}." if maximum else " up.")]})
    return min(int(raw), maximum) if maximum else int(raw)


ANNOTATION_SCHEMA = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=f"JSON-LD, `Content-Type: {MEDIA_TYPE}` (or plain JSON for `Accept: application/json`).",
)


class AnnotationCollectionView(UnknownFormatIs400, APIView):
    """Every published quote as a W3C Web Annotation, in an AnnotationCollection of pages.

    The pages are keyset pages in statement order: `?after=ID` holds the quotes after statement
    ID, `?before=ID` those before it, so that a page deep in a million quotes reads its own
    rows through the primary key, never counting or skipping the ones before it.
    """

    permission_classes = [AllowAny]
    renderer_classes = [AnnotationRenderer, JSONRenderer]

    @extend_schema(
        operation_id="annotations_list",
        summary="Published quotes as W3C Web Annotations",
        description=(
            "Without `after` or `before`: the AnnotationCollection (`total`, `first`, `last`). With "
            "`after=ID`: the AnnotationPage of the quotes after statement ID (`after=0`: the first "
            "page); with `before=ID`: the page of those before it. Follow `next` and `prev`. `items` are "
            "the annotations in statement order. Each targets its article with a TextQuoteSelector "
            "(32 characters of prefix and suffix) and a TextPositionSelector; its body is the speaker "
            "and the claims with the quote's stance on each."
        ),
        parameters=[
            OpenApiParameter(
                "after", OpenApiTypes.INT, description="0, or a statement id: the page after it."
            ),
            OpenApiParameter("before", OpenApiTypes.INT, description="A statement id: the page before it."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1–{settings.API_MAX_PAGE_SIZE}."),
        ],
        responses=ANNOTATION_SCHEMA,
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - {"after", "before", "page_size", "format"})
        if unknown:
            raise ValidationError(
                {
                    name: [
                        "Unknown parameter. The annotations understand: after, before, page_size "
                        "(follow first, next, prev)."
                    ]
                    for name in unknown
                }
            )
        refuse_repeated(request.query_params)
        if {"after", "before"} <= set(request.query_params):
            raise ValidationError({"before": ["Give `after` or `before`, not both."]})
        size = _whole_number(request, "page_size", settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)
        collection = reverse("api:annotations", request=request)
        extra = f"&page_size={size}" if "page_size" in request.query_params else ""

        def page_url(side: str, pk: int) -> str:
            return f"{collection}?{side}={pk}{extra}"

        label = "Published quotes of INF KB, anchored in their articles"
        quotes = published_quotes()
        if "after" not in request.query_params and "before" not in request.query_params:
            # The one count of the API's annotations: the collection's, not every page's.
            found = quotes.order_by().aggregate(total=Count("pk"), newest=Max("pk"))
            data = {"id": collection, "type": "AnnotationCollection", "label": label, "total": found["total"]}
            if found["total"]:
                data |= {"first": page_url("after", 0), "last": page_url("before", found["newest"] + 1)}
            return _answer(data, request)
        forward = "after" in request.query_params
        side = "after" if forward else "before"
        raw = request.query_params[side]
        # More than 18 digits could overflow the id's bigint: a database error, not a 400.
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
            raise ValidationError({side: ["A statement id (a whole number): follow first, next, prev."]})
        bound = int(raw)
        if forward:
            rows = list(quotes.filter(pk__gt=bound)[: size + 1])
        else:
            rows = list(quotes.filter(pk__lt=bound).reverse()[: size + 1])[::-1]
        more = len(rows) > size
        statements = rows[:size] if forward else rows[-size:]
        data = {
            "id": page_url(side, bound),
            "type": "AnnotationPage",
            "partOf": {"id": collection, "label": label},
            "items": [],
        }
        if forward and bound == 0:
            data["startIndex"] = 0
        if statements:
            texts = article_texts(statements)
            data["items"] = [annotation(s, texts[s.article_id], request) for s in statements]
            first, last = statements[0].pk, statements[-1].pk
            # The far side of this page holds quotes when the read found one too many; the side it
            # came from does when a quote lies there (one index probe).
            has_next = more if forward else quotes.filter(pk__gt=last).exists()
            has_prev = more if not forward else quotes.filter(pk__lt=first).exists()
            if has_next:
                data["next"] = page_url("after", last)
            if has_prev:
                data["prev"] = page_url("before", first)
        return _answer(data, request)


class AnnotationView(UnknownFormatIs400, APIView):
    """One published quote as a W3C Web Annotation."""

    permission_classes = [AllowAny]
    renderer_classes = [AnnotationRenderer, JSONRenderer]

    @extend_schema(
        operation_id="annotations_retrieve",
        summary="A published quote as a W3C Web Annotation",
        responses=ANNOTATION_SCHEMA,
    )
    def get(self, request: Request, pk: int) -> Response:
        statement = published_quotes().filter(pk=pk).first()
        if statement is None:
            raise Http404("No published quote has this id.")
        return _answer(
            annotation(statement, article_texts([statement])[statement.article_id], request), request
        )
