"""What every endpoint of the researchers' API (/api/v1/) shares.

Pagination (a cursor, so that page 10,000 costs what page 1 costs), strict
filtering (an unknown parameter or a malformed value is a 400 naming it),
who sees drafts, the anonymous throttle, and streamed CSV/JSON exports.
"""

import calendar
import csv
import datetime
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from infkb import provenance
from infkb.client_ip import client_ip
from infkb.concurrency import EditConflict, bump_version, claim_version
from infkb.copy_stream import copy_chunks
from infkb.plain_text import CONTROL_CHARACTER, CONTROL_CHARACTER_MESSAGE
from infkb.provenance import ReviewStatus

# Parameters every list understands besides its filters (and ?q= where there is search).
COMMON_PARAMETERS = {"cursor", "page_size", "ordering", "format"}
EXPORT_CHUNK = 1000
FOREIGN_CURSOR = "This cursor is not one the API gave: follow the next/previous links."


# ---------------------------------------------------------------- who sees what


def sees_drafts(request: Request, model: type[Model]) -> bool:
    """Editors (users who may view or change `model` records) see drafts; everyone else does not."""
    return provenance.sees_drafts(request.user, model)


class EditorsWrite(DjangoModelPermissionsOrAnonReadOnly):
    """Everyone reads; writing needs the model permission (add, change or delete)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        # A read needs no model permission (DRF's perms_map is empty for GET, HEAD and OPTIONS), but
        # DRF would still build the view's queryset to learn its model: a second get_queryset() per
        # request, a fifth of a list page's CPU (docs/performance.md, "The API lists' fixed cost").
        if request.method in SAFE_METHODS:
            return bool(request.user)
        return super().has_permission(request, view)


# ---------------------------------------------------------------- pagination


class Cursor(CursorPagination):
    """Cursor pagination: no COUNT(*), no OFFSET over the whole table, a stable order.

    The order is the list's `ordering` (or relevance for ?q=), always ended by
    the primary key so that rows never swap between pages.
    """

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    ordering = ("-pk",)

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list | None:
        self._queryset = queryset  # decode_cursor checks the cursor's position against its fields
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Any:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [FOREIGN_CURSOR]}) from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        """A cursor's position must be a value of the first ordering field.

        The position is compared with that field in SQL: "abc" against an id, or a
        NUL byte in a text, would be a database error (a 500) instead of a 400.
        """
        name = self.ordering[0].lstrip("-")
        query = self._queryset.query
        opts = self._queryset.model._meta
        if name in query.annotations:
            field = query.annotations[name].output_field
        else:
            field = opts.pk if name == "pk" else opts.get_field(name)
        try:
            if "\x00" in position:
                raise DjangoValidationError("A NUL byte.")
            field.run_validators(field.to_python(position))
        except DjangoValidationError:
            raise ValidationError({"cursor": [FOREIGN_CURSOR]}) from None

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = int(value) if value.isascii() and value.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]})
        return size

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> tuple[str, ...]:
        searched = "search_rank" in queryset.query.annotations
        if searched and request.query_params.get("q") and not request.query_params.get("ordering"):
            return ("-search_rank", "pk")
        ordering = list(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in {"pk", "id"} for field in ordering):
            ordering.append("-pk" if ordering[0].startswith("-") else "pk")
        return tuple(ordering)


# ---------------------------------------------------------------- filtering


def refuse_repeated(params: Any, *, several: frozenset[str] = frozenset()) -> None:
    """A parameter given twice is a 400 naming it, unless it is one of `several`.

    Read as its last value, ?speaker=a&speaker=b would answer for b alone as if for both.
    """
    repeated = sorted(name for name in params if name not in several and len(params.getlist(name)) > 1)
    if repeated:
        raise ValidationError({name: ["Give this parameter once: it takes one value."] for name in repeated})


class StrictFilterBackend(DjangoFilterBackend):
    """Like DjangoFilterBackend, and a parameter the list does not know is a 400, not ignored."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON_PARAMETERS) | ({"q"} if getattr(view, "searchable", False) else set())
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [f"Unknown parameter. This list understands: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )
        refuse_repeated(request.query_params)
        if filterset_class is None or not issubclass(filterset_class, VisibilityFilterSet):
            return super().filter_queryset(request, queryset, view)
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        reads_a_page = getattr(view, "reads_a_page", lambda: False)()
        filterset = filterset_class(**kwargs, given_only=True, reads_a_page=reads_a_page)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs


def filter_joined_first(queryset: QuerySet, *conditions: Any, **lookups: Any) -> QuerySet:
    """queryset.filter(...), with the joins this filter adds written first, right after the base table.

    A list page's query is planned with its joins in the order written (viewsets.joins_as_written),
    and Django writes a filter's joins after those the query already has (the speaker, article…
    that each row shows). For a filter that keeps few rows of a big table, through an index of its
    own (the stances of one claim), that order would join every row shown to every row walked
    before the filter drops it: written first, the filter's table drives and the rest is joined to
    the rows kept (docs/performance.md, "Statements by claim and stance").
    Only for joins that keep at most one row per base row: they are joins, not semi-joins.
    """
    written = set(queryset.query.alias_map)
    filtered = queryset.filter(*conditions, **lookups)
    aliases = list(filtered.query.alias_map)
    added = [alias for alias in aliases if alias not in written]
    order = [aliases[0], *added, *(alias for alias in aliases[1:] if alias not in added)]
    filtered.query.alias_map = {alias: filtered.query.alias_map[alias] for alias in order}
    return filtered


class StrictOrdering(OrderingFilter):
    """?ordering=: an unknown field is a 400 naming the choices, not silently the default order."""

    def remove_invalid_fields(
        self, queryset: QuerySet, fields: list[str], view: Any, request: Request
    ) -> list:
        valid = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
        # One leading "-" means descending; "--id" is not a field (and would be a 500 in order_by).
        invalid = [field for field in fields if field.removeprefix("-") not in valid]
        if invalid:
            raise ValidationError(
                {
                    "ordering": [
                        f"Cannot order by {', '.join(invalid)}. Choose among: {', '.join(sorted(valid))}."
                    ]
                }
            )
        return fields


class RecordField(forms.CharField):
    """A form field that turns an id or a slug (or, with `lookup`, any other key) into a record."""

    def __init__(
        self, *, queryset: QuerySet, lookup: Any = None, noun: str = "record", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset
        self.lookup = lookup
        self.noun = noun

    def clean(self, value: Any) -> Model | None:
        value = super().clean(value)
        if value in (None, ""):
            return None
        # An id or a slug names one record at most: no order to compute (first() would sort by name).
        records = self.queryset.order_by()
        found = _only_one(records.filter(pk=int(value))) if value.isascii() and value.isdigit() else None
        found = found or _only_one(records.filter(slug=value))
        if found is None and self.lookup is not None:
            found = self.lookup(value)
            # The lookup searches every record (aliases…); the answer must be one this reader may see.
            found = found if found is not None and records.filter(pk=found.pk).exists() else None
        if found is None:
            # The value goes in params, not in the message: django-filter %-formats messages.
            raise forms.ValidationError(
                "No %(noun)s has the id or slug “%(value)s”.", params={"noun": self.noun, "value": value}
            )
        return found


def _only_one(records: QuerySet) -> Model | None:
    return next(iter(records[:1]), None)


class RecordFilter(django_filters.Filter):
    """Filter by a related record given by id or slug; an unknown one is a 400 naming the parameter."""

    field_class = RecordField


class YesNoField(forms.Field):
    """`true`/`false` (or `1`/`0`); anything else is an error, not "no filter" as NullBooleanField."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def clean(self, value: Any) -> bool | None:
        value = super().clean(value)
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError("Give true or false.")
        return self.VALUES[str(value).lower()]


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses a value it cannot read (?is_translation=maybe was the whole list)."""

    field_class = YesNoField


STATUS_HELP = "Review state: `draft` or `published`. Only editors see drafts."


class VisibilityFilterSet(django_filters.FilterSet):
    """A filterset of records under review: `status`, and drafts hidden from readers' filters too.

    A record named in a filter (by id, slug or alias) is looked up among what the reader may see.
    """

    status = django_filters.ChoiceFilter(
        field_name="status", lookup_expr="exact", choices=ReviewStatus.choices, help_text=STATUS_HELP
    )

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        given_only: bool = False,
        reads_a_page: bool = False,
    ) -> None:
        """`given_only`: build only the filters the query names (StrictFilterBackend's filtering).
        `reads_a_page`: the rows filtered are a page's, not an export's (a filter may choose the
        plan that finds a page's rows first).

        A filter whose parameter is absent filters nothing and cannot fail, but django-filter would
        still copy it, build its form field and clean it: with the statement list's 17 filters, a
        sixth of a page's CPU. (The browsable API's filter form, which shows them all, keeps them.)
        """
        self._label_base_filters()
        self.reads_a_page = reads_a_page
        if given_only and data is not None and prefix is None:
            # FilterSet.__init__ copies self.base_filters: these shadow the class's for this instance.
            self.base_filters = {
                name: each for name, each in self.base_filters.items() if _is_given(name, each, data)
            }
        super().__init__(data, queryset, request=request, prefix=prefix)
        if not self.drafts_visible:
            # A draft claim named in a filter must look unknown, not reveal that it exists.
            for record_filter in self.filters.values():
                records = (
                    record_filter.extra.get("queryset") if isinstance(record_filter, RecordFilter) else None
                )
                if records is not None and hasattr(records, "published"):
                    record_filter.extra["queryset"] = records.published()

    @classmethod
    def _label_base_filters(cls) -> None:
        """Work out each filter's label once per class, not once per request.

        A request's filterset deep-copies the class's filters, and django-filter derives the label of
        each copy (from the model's verbose names and its table of lookups) when it builds the form:
        an eighth of a list page's CPU. Labelled once here, the copies inherit the label.
        """
        if cls.__dict__.get("_base_filters_labelled"):
            return
        for base_filter in cls.base_filters.values():
            base_filter.model = cls._meta.model
            base_filter.label  # noqa: B018 (the property computes and keeps it)
        cls._base_filters_labelled = True

    @property
    def drafts_visible(self) -> bool:
        """Whether the filters may look at drafts: only for editors (as the list itself)."""
        return self.request is not None and sees_drafts(self.request, self._meta.model)

    def filter_nothing(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        """For a parameter another method reads (ClaimFilter's `relation` and `direction`, read by
        filter_related_to; StatementFilter's `claim` and `stance`, applied together in filter_queryset)."""
        return queryset


def _is_given(name: str, record_filter: django_filters.Filter, data: Any) -> bool:
    # A field of several inputs (a range's `_min` and `_max`) is read under other names: always kept.
    return name in data or issubclass(record_filter.field_class, forms.MultiValueField)


PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PARTIAL_DATE_HELP = "YYYY-MM-DD, or a month YYYY-MM or a year YYYY"


class PartialDateField(forms.DateField):
    """A day (YYYY-MM-DD), or a month or a year, as the API writes dates known only that far ("2018-10").

    A month or a year stands for its first day, or with `last_day` its last: `said_before=2018`
    is "on or before 31 December 2018", `said_after=2018-10` "on or after 1 October 2018".
    """

    default_error_messages = {"invalid": f"Give a date as {PARTIAL_DATE_HELP}."}

    def __init__(self, *, last_day: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_day = last_day

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        match = PARTIAL_DATE.fullmatch(str(value).strip())
        if not match:
            raise DjangoValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            if day is not None:
                return datetime.date(year, month, day)
            if month is not None:
                last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
                return datetime.date(year, month, last if self.last_day else 1)
            return datetime.date(year, 12, 31) if self.last_day else datetime.date(year, 1, 1)
        except ValueError:  # 2019-13, 2019-02-30, year 0
            raise DjangoValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDateFilter(django_filters.DateFilter):
    field_class = PartialDateField


def date_range_filters(
    field_name: str, what: str
) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """The `…_after` and `…_before` pair on a date field: "{what} on or after/before" a day, month or year."""
    return (
        PartialDateFilter(
            field_name=field_name, lookup_expr="gte", help_text=f"{what} on or after ({PARTIAL_DATE_HELP})."
        ),
        PartialDateFilter(
            field_name=field_name,
            lookup_expr="lte",
            last_day=True,
            help_text=f"{what} on or before ({PARTIAL_DATE_HELP}: its last day).",
        ),
    )


# ---------------------------------------------------------------- throttling


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous requests, per client address; the rate is settings.API_ANON_RATE (env API_ANON_PER_MINUTE).

    The counts live in the shared cache (settings.CACHES), so every worker and host sees them.
    """

    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: Any) -> bool:
        key = self.get_cache_key(request, view)
        if key is None or not settings.IS_POSTGRES:
            return super().allow_request(request, view)
        # DRF reads a client's history, then writes it back: without a lock, parallel requests served by
        # different workers each count from the same history (8 at a time let 188 of 400 through a limit
        # of 120). A transaction-scoped advisory lock per client makes the two steps one.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            return super().allow_request(request, view)


# ---------------------------------------------------------------- exports


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """One CSV row from a serialized record.

    Nested objects become `parent.child` columns; lists become one column whose
    values are joined by " | " (for lists of objects, one column per key).
    """
    row: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            row.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        if data and all(isinstance(item, dict) for item in data):
            keys = list(dict.fromkeys(key for item in data for key in item))
            for key in keys:
                row[f"{prefix}.{key}"] = " | ".join(_cell(item.get(key)) for item in data)
        else:
            row[prefix] = " | ".join(_cell(item) for item in data)
    else:
        row[prefix] = _cell(data)
    return row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet shows it but never runs it: a leading apostrophe before a formula.

    A plain number such as "-12" is no formula and stays a number. (No column of the
    exports holds a negative number today; ids, counts and offsets are never below zero.)
    """
    if cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _Echo:
    def write(self, value: str) -> str:
        return value


def _records(queryset: QuerySet, serializer_class: type[serializers.Serializer], context: dict) -> Iterator:
    """Serialized records, read in chunks so that memory stays flat whatever the table size.

    In a transaction: outside one, PostgreSQL's server-side cursor is declared WITH HOLD, and
    such a cursor computes and stores the whole result before the first row (18 s for a million
    statements, before the export sent a byte). No savepoint: inside a test's transaction it
    would count as two more queries, and an export writes nothing to undo.
    """
    with transaction.atomic(savepoint=False):
        for record in queryset.iterator(chunk_size=EXPORT_CHUNK):
            yield serializer_class(record, context=context).data


def stream_csv(
    queryset: QuerySet,
    serializer_class: type[serializers.Serializer],
    context: dict,
    *,
    columns: list[str],
    filename: str,
    copy_select: Callable[[QuerySet, dict, list[str]], str] | None = None,
) -> StreamingHttpResponse:
    """Stream `queryset` as CSV, one row per record, with the given columns (of `flatten`).

    No cell can run as a spreadsheet formula (see spreadsheet_safe); the JSON export is as stored.
    With `copy_select` (the same rows as one SELECT) PostgreSQL writes the rows itself, with COPY.
    """
    writer = csv.writer(_Echo(), lineterminator="\n")

    def rows() -> Iterator[str]:
        yield writer.writerow(columns)
        for data in _records(queryset, serializer_class, context):
            flat = flatten(data)
            yield writer.writerow([spreadsheet_safe(flat.get(column, "")) for column in columns])

    def copied() -> Iterator[str | bytes]:
        yield writer.writerow(columns)
        yield from copy_chunks(copy_select(queryset, context, columns))

    body = copied() if copy_select is not None and connection.vendor == "postgresql" else rows()
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def stream_json(
    queryset: QuerySet, serializer_class: type[serializers.Serializer], context: dict, *, filename: str
) -> StreamingHttpResponse:
    """Stream `queryset` as one JSON array, the records as the list endpoint shows them."""

    def chunks() -> Iterator[str]:
        yield "["
        for number, data in enumerate(_records(queryset, serializer_class, context)):
            yield ("," if number else "") + "\n" + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


# ---------------------------------------------------------------- writing


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _field_messages(error: DjangoValidationError) -> dict:
    """The model's errors as the API gives them: per field, the rest under non_field_errors.

    A constraint's generic message is left out when a field message already says what is wrong.
    """
    detail = serializers.as_serializer_error(error)
    general = detail.pop(NON_FIELD_ERRORS, [])
    if detail:
        general = [message for message in general if not str(message).startswith("Constraint “")]
    if general:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = general
    return detail


class CleanModelSerializer(serializers.ModelSerializer):
    """Validates a write with the model's own full_clean(), so the API obeys the admin's rules.

    (A quote must be verbatim in its article, an alias names one actor…) The
    model's errors come back as field messages. Reviewable records: a change
    of `status` needs the publish permission, and a write that sends the
    `version` it read is refused with 409 if someone saved in between.
    """

    def prepare(self, instance: Model, attrs: dict) -> None:
        """Hook: set what full_clean needs besides the model fields (e.g. a quote's occurrence)."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        control = {
            name: [CONTROL_CHARACTER_MESSAGE]
            for name, value in attrs.items()
            if isinstance(value, str) and CONTROL_CHARACTER.search(value)
        }
        if control:
            raise ValidationError(control)
        model = self.Meta.model
        fields = {field.name for field in model._meta.concrete_fields}
        instance = self.instance if self.instance is not None else model()
        status_before = getattr(instance, "status", None) if self.instance is not None else "draft"
        for name, value in attrs.items():
            if name in fields:
                setattr(instance, name, value)
        self.prepare(instance, attrs)
        self._check_status(instance, status_before)
        m2m = [field.name for field in model._meta.many_to_many]
        try:
            instance.full_clean(exclude=m2m)
        except DjangoValidationError as error:
            raise ValidationError(_field_messages(error)) from None
        self._cleaned = instance
        self._applied = {name for name in attrs if name in fields}
        return attrs

    def _check_status(self, instance: Model, before: str | None) -> None:
        if not hasattr(instance, "status") or instance.status == before:
            return
        user = self.context["request"].user
        opts = instance._meta
        if not user.has_perm(provenance.publish_permission(type(instance))):
            raise ValidationError(
                {
                    "status": [
                        f"Only a reviewer may publish {opts.verbose_name_plural} or return them to draft."
                    ]
                }
            )
        instance.reviewed_by = user
        instance.reviewed_at = timezone.now()
        self._published_now = instance.status == ReviewStatus.PUBLISHED

    def _save(self, validated_data: dict) -> Model:
        instance = self._cleaned
        fields = {field.name for field in instance._meta.concrete_fields}
        m2m = {}
        for name, value in validated_data.items():
            if name in fields and name not in self._applied:
                setattr(instance, name, value)
            elif name not in fields and name in {f.name for f in instance._meta.many_to_many}:
                m2m[name] = value
        instance._history_user = self.context["request"].user
        if instance.pk is not None and hasattr(instance, "version"):
            loaded = self.initial_data.get("version") if isinstance(self.initial_data, dict) else None
            try:
                if loaded is None:
                    bump_version(instance)
                else:
                    claim_version(instance, loaded_version=int(loaded))
            except (TypeError, ValueError):
                raise ValidationError({"version": ["A whole number: the version you read."]}) from None
            except EditConflict as conflict:
                raise Conflict(str(conflict)) from None
        instance.save()
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        if getattr(self, "_published_now", False):
            # As in the admin: publishing a statement publishes its stances with it.
            from infkb.services import records_publish  # here: DRF settings import this module early

            records_publish(
                records=type(instance).objects.filter(pk=instance.pk), reviewer=self.context["request"].user
            )
        return instance

    @transaction.atomic
    def create(self, validated_data: dict) -> Model:
        return self._save(validated_data)

    @transaction.atomic
    def update(self, instance: Model, validated_data: dict) -> Model:
        return self._save(validated_data)
