"""The base viewset of the researchers' API: list, detail, writes and streamed exports."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model, ProtectedError, QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from psycopg2.extensions import TRANSACTION_STATUS_INERROR
from rest_framework import renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from infkb.api import Conflict, Cursor, stream_csv, stream_json
from infkb.negotiation import STREAMED_FORMATS, STREAMED_RENDERERS, UnknownFormatIs400, stream_jsonl
from infkb.provenance import ReviewStatus, publish_permission

# The project's search (settings.SEARCH_MODULE): an app above this plumbing provides it.
search = import_module(settings.SEARCH_MODULE)


def is_published(record: Model) -> bool:
    return getattr(record, "status", None) == ReviewStatus.PUBLISHED


def may_publish(user: Any, record: Model) -> bool:
    return user.has_perm(publish_permission(type(record)))


SEARCH_PARAMETER = OpenApiParameter(
    "q",
    {"type": "string", "maxLength": search.MAX_QUERY_CHARS},
    description=(
        "Full-text search, as in a web search box: words (stemmed: `violation` finds `violations`), "
        '`"exact phrase"`, `-excluded`, `a OR b`. '
        "Without `ordering`, results are the most relevant first, among the newest "
        f"{search.LIST_SEARCH_WINDOW:,} records holding every word of the query (a phrase counted as its "
        "words): older matches of a common word are not ranked. With `ordering` (e.g. `-id`), every "
        "match, in that order. The export (`export/csv/`, `?format=csv`…) has every match, ranked. "
        f"At most {search.MAX_QUERY_CHARS} characters and {search.MAX_QUERY_TERMS} words or phrases."
    ),
)


# For a viewset with `searchable = True`: documents ?q= on its list and on its export.
searchable_schema = extend_schema_view(
    list=extend_schema(parameters=[SEARCH_PARAMETER]), export=extend_schema(parameters=[SEARCH_PARAMETER])
)


# Sent with each query of a joins_as_written() block, in the same round trip (see there).
PLAN_AS_WRITTEN = "SET LOCAL join_collapse_limit = 1; "


@contextmanager
def joins_as_written() -> Iterator[None]:
    """PostgreSQL: plan the queries of this block with their joins in the order written.

    A list page's query starts from its table (filtered, ordered, limited) and joins to each row the
    records it shows, by primary key: that order is the plan. Searching every join order for
    seven tables and their indexes cost 13–30 ms per request at a million statements, against
    2–7 ms this way, for the same plans (docs/performance.md, "The API lists").

    Outside a transaction (a request: autocommit) each query is sent as `SET LOCAL …; SELECT …`:
    PostgreSQL runs a query string of several statements as one implicit transaction, so the
    setting holds for that query alone and costs no round trip of its own. Inside a transaction
    (a test, an atomic block) SET LOCAL would outlive the block: there it is SET, then RESET.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        with connection.execute_wrapper(_plan_as_written):
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET join_collapse_limit = 1")
    try:
        yield
    finally:
        # After an error that aborted the transaction, PostgreSQL refuses every statement until the
        # rollback ("current transaction is aborted"): a RESET would replace the error raised with
        # that one. The rollback undoes the SET too, which ran in the same transaction.
        if not _transaction_aborted():
            with connection.cursor() as cursor:
                cursor.execute("RESET join_collapse_limit")


def _transaction_aborted() -> bool:
    return connection.connection.info.transaction_status == TRANSACTION_STATUS_INERROR


def _plan_as_written(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    return execute(PLAN_AS_WRITTEN + sql, params, many, context)


class CuratedViewSet(UnknownFormatIs400, viewsets.ModelViewSet):
    """A resource of the API: list (filtered, searchable, cursor-paginated), detail, writes, exports.

    Subclasses set `queryset_for(request)` (what this user may see, with what
    the serializer reads prefetched), serializer classes and `csv_columns`.
    """

    searchable = False
    list_serializer_class: type[serializers.Serializer] | None = None
    csv_columns: list[str] = []
    # Optional: (queryset, serializer context, csv_columns) → one SELECT of the CSV rows, which
    # PostgreSQL then writes itself with COPY (infkb.copy_stream), for the lists that can be huge.
    csv_copy_select: Callable[[QuerySet, dict, list[str]], str] | None = None
    # Likewise for JSON Lines: (queryset, context) → one SELECT of each record's JSON text.
    jsonl_copy_select: Callable[[QuerySet, dict], str] | None = None
    export_name = "export"
    # The page's query joins its row's records (speaker, article…) to the rows: plan it in that order
    # (see joins_as_written).
    joins_as_written = False

    def visible_queryset(self) -> QuerySet:
        raise NotImplementedError

    def plans_joins_as_written(self) -> bool:
        """Whether this request's page query is planned with its joins in the order written."""
        return self.joins_as_written

    def get_queryset(self) -> QuerySet:
        records = self.visible_queryset()
        # Every reviewable resource: drafts for editors only, whatever the subclass adds.
        return records.visible_to(self.request.user) if hasattr(records, "visible_to") else records

    def reads_a_page(self) -> bool:
        """Whether this request answers one JSON page of the list (not a streamed export of it)."""
        chosen = getattr(getattr(self.request, "accepted_renderer", None), "format", None)
        return self.action == "list" and chosen not in STREAMED_FORMATS

    def get_renderers(self) -> list[renderers.BaseRenderer]:
        # A list also answers ?format=csv|jsonl and Accept: text/csv (after JSON, the default).
        extra = [renderer() for renderer in STREAMED_RENDERERS] if self.action == "list" else []
        return super().get_renderers() + extra

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response | StreamingHttpResponse:
        chosen = getattr(request.accepted_renderer, "format", None)
        if chosen in STREAMED_FORMATS:
            return self.stream(chosen)
        if not self.plans_joins_as_written():
            return super().list(request, *args, **kwargs)
        with joins_as_written():
            return super().list(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An error (a 400 naming a bad filter…) asked for as CSV or JSON Lines is sent as JSON.
        chosen = getattr(getattr(request, "accepted_renderer", None), "format", None)
        if isinstance(response, Response) and chosen in STREAMED_FORMATS:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"list", "export"} and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        query = self.request.query_params.get("q", "") if self.searchable else ""
        if query.strip():
            # Ranking costs what it ranks: a page ranks a bounded window of the newest matches; with
            # `ordering` nothing is ranked (the matches are read in the list's order, as far as the
            # page goes); an export, which sends every match anyway, ranks them all.
            ordered = bool(self.request.query_params.get("ordering"))
            window = None if ordered or not self.reads_a_page() else search.LIST_SEARCH_WINDOW
            try:
                queryset = search.search_queryset(queryset, query, ranked=not ordered, window=window)
            except search.QueryTooLong as error:
                raise ValidationError({"q": [str(error)]}) from None
        return queryset

    def perform_create(self, serializer: serializers.Serializer) -> None:
        serializer.save(created_by=self.request.user)

    def _reread(self, instance: Model) -> dict:
        """The saved record as a read shows it (counts and embedded relations included)."""
        fresh = self.visible_queryset().get(pk=instance.pk)
        return self.get_serializer(fresh).data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self._reread(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        if is_published(instance) and not may_publish(request.user, instance):
            raise PermissionDenied(
                f"This {instance._meta.verbose_name} is published: only a reviewer may change it. "
                "Ask one to return it to draft."
            )
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self._reread(serializer.instance))

    def perform_destroy(self, instance: Model) -> None:
        try:
            instance.delete()
        except ProtectedError as error:
            blocking = sorted({f"{type(o)._meta.verbose_name} #{o.pk}" for o in error.protected_objects})
            shown = ", ".join(blocking[:20]) + (" …" if len(blocking) > 20 else "")
            raise Conflict(
                f"This {instance._meta.verbose_name} cannot be deleted: evidence refers to it ({shown}). "
                "Delete or re-attribute those first."
            ) from None

    @extend_schema(
        summary="Export the filtered list, streamed",
        description=(
            "The whole filtered list (same filters, search and ordering as the list, no pagination), "
            "streamed as CSV (one row per record; lists joined by ` | `) or as one JSON array."
        ),
        parameters=[
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "json"]),
        ],
        responses={200: OpenApiResponse(description="text/csv or application/json, streamed")},
        filters=True,  # the list's filters apply: list them here too
    )
    @action(detail=False, url_path=r"export/(?P<fmt>csv|json)", pagination_class=None)
    def export(self, request: Request, fmt: str) -> StreamingHttpResponse:
        return self.stream(fmt)

    def stream(self, fmt: str) -> StreamingHttpResponse:
        """The whole filtered list in `fmt` (csv, json or jsonl), streamed in the list's order."""
        request = self.request
        if "format" in request.query_params:
            # DRF's reverse() would append ?format=csv to every record's `url`: they are JSON addresses.
            query = request._request.GET.copy()
            query.pop("format")
            request._request.GET = query
        queryset = self.filter_queryset(self.get_queryset())
        queryset = queryset.order_by(*Cursor().get_ordering(request, queryset, self))
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        if fmt == "csv":
            return stream_csv(
                queryset,
                serializer_class,
                context,
                columns=self.csv_columns,
                filename=self.export_name,
                copy_select=self.csv_copy_select,
            )
        if fmt == "jsonl":
            return stream_jsonl(
                queryset,
                serializer_class,
                context,
                filename=self.export_name,
                copy_select=self.jsonl_copy_select,
            )
        return stream_json(queryset, serializer_class, context, filename=self.export_name)
