"""Every published quote as a W3C Web Annotation on its article (https://www.w3.org/TR/annotation-model/).

`/api/v1/annotations/` is an AnnotationCollection; `?page=N` its AnnotationPages
(Web Annotation Protocol, https://www.w3.org/TR/annotation-protocol/, section 4).
Each annotation targets the article with a TextQuoteSelector (the quote and 32
characters either side) and a TextPositionSelector (offsets in the stored text),
so an annotation client can put it back on the page; its body is the speaker and
the claims the quote asserts, denies or mentions.
"""

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
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
    """Every published quote as a W3C Web Annotation, in an AnnotationCollection of pages."""

    permission_classes = [AllowAny]
    renderer_classes = [AnnotationRenderer, JSONRenderer]

    @extend_schema(
        operation_id="annotations_list",
        summary="Published quotes as W3C Web Annotations",
        description=(
            "Without `page`: the AnnotationCollection (`total`, `first`, `last`). With `page`: that "
            "AnnotationPage, its `items` the annotations in statement order. Each targets its article "
            "with a TextQuoteSelector (32 characters of prefix and suffix) and a TextPositionSelector; "
            "its body is the speaker and the claims with the quote's stance on each."
        ),
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="1, 2, …: an AnnotationPage."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1–{settings.API_MAX_PAGE_SIZE}."),
        ],
        responses=ANNOTATION_SCHEMA,
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - {"page", "page_size", "format"})
        if unknown:
            raise ValidationError({name: ["Unknown parameter: page, page_size."] for name in unknown})
        size = _whole_number(request, "page_size", settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)
        pages = Paginator(published_quotes(), size)
        collection = reverse("api:annotations", request=request)
        extra = f"&page_size={size}" if "page_size" in request.query_params else ""

        def page_url(number: int) -> str:
            return f"{collection}?page={number}{extra}"

        label = "Published quotes of INF KB, anchored in their articles"
        if "page" not in request.query_params:
            data = {"id": collection, "type": "AnnotationCollection", "label": label, "total": pages.count}
            if pages.count:
                data |= {"first": page_url(1), "last": page_url(pages.num_pages)}
            return _answer(data, request)
        number = _whole_number(request, "page", 1)
        try:
            page = pages.page(number)
        except EmptyPage:
            raise ValidationError({"page": [f"The last page is {pages.num_pages}."]}) from None
        statements = list(page.object_list)
        texts = article_texts(statements)
        data = {
            "id": page_url(number),
            "type": "AnnotationPage",
            "partOf": {"id": collection, "label": label, "total": pages.count},
            "startIndex": page.start_index() - 1,
            "items": [annotation(s, texts[s.article_id], request) for s in statements],
        }
        if page.has_next():
            data["next"] = page_url(number + 1)
        if page.has_previous():
            data["prev"] = page_url(number - 1)
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
