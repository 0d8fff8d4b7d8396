"""Content negotiation the DRF way: a list answers `?format=csv`, `Accept: text/csv` and `?format=jsonl`.

The renderers below only let DRF's content negotiation choose the format: a
list asked for one of them streams the whole filtered list past the renderer
(CuratedViewSet.list returns a StreamingHttpResponse, as the export paths do),
so a million rows never sit in memory. CSV is written by infkb.api.stream_csv,
the same code as `export/csv/`, so its columns and cell rules are the export's.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from infkb.api import _records
from infkb.copy_stream import AS_IS, copy_chunks


class StreamedRenderer(renderers.BaseRenderer):
    """A format the list streams itself. Rendering here only happens for an error, which
    CuratedViewSet.finalize_response sends as JSON instead; this is the fallback."""

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


class CSVRenderer(StreamedRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class JSONLinesRenderer(StreamedRenderer):
    # JSON Lines (https://jsonlines.org): one record a line, UTF-8.
    media_type = "application/jsonl"
    format = "jsonl"
    charset = None


class UnknownFormatIs400:
    """For an APIView: an unknown ?format= is a 400 naming the formats offered, not DRF's bare 404."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple:
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            offered = ", ".join(renderer.format for renderer in self.get_renderers())
            raise ValidationError({"format": [f"Unknown format. This address offers: {offered}."]}) from None


STREAMED_RENDERERS = (CSVRenderer, JSONLinesRenderer)
STREAMED_FORMATS = {renderer.format for renderer in STREAMED_RENDERERS}


def stream_jsonl(
    queryset: QuerySet,
    serializer_class: type[serializers.Serializer],
    context: dict,
    *,
    filename: str,
    copy_select: Callable[[QuerySet, dict], str] | None = None,
) -> StreamingHttpResponse:
    """Stream `queryset` as JSON Lines: each record as the list shows it, one a line.

    With `copy_select` (a SELECT of each record's JSON text) PostgreSQL writes the lines, with COPY.
    """

    def lines() -> Iterator[str]:
        for data in _records(queryset, serializer_class, context):
            yield json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"

    if copy_select is not None and connection.vendor == "postgresql":
        body = copy_chunks(copy_select(queryset, context), options=AS_IS)
    else:
        body = lines()
    response = StreamingHttpResponse(body, content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonl"'
    return response


FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": (
        "`csv` (or `Accept: text/csv`): the whole filtered list as CSV, streamed, the columns of "
        "`export/csv/`; `jsonl`: JSON Lines, one record a line as the list shows it. Both ignore "
        "`cursor` and `page_size`: they are the whole list, in the list's order."
    ),
    "schema": {"type": "string", "enum": ["json", "csv", "jsonl"]},
}
STREAMED_CONTENT = {
    CSVRenderer.media_type: {"schema": {"type": "string", "description": "CSV with a header row."}},
    JSONLinesRenderer.media_type: {
        "schema": {"type": "string", "description": "One JSON object a line, as in `results`."}
    },
}


def document_streamed_formats(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular postprocessing hook: a list's CSV and JSON Lines answers are text, not the
    paginated JSON object drf-spectacular would give every renderer; and `format` is a parameter."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            if CSVRenderer.media_type not in content:
                continue
            content.update(STREAMED_CONTENT)
            parameters = operation.setdefault("parameters", [])
            if not any(parameter.get("name") == "format" for parameter in parameters):
                parameters.append(FORMAT_PARAMETER)
    return result
