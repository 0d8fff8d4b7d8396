"""The researchers' API for actors, weapon systems, events, claims, relations and statements.

Each viewset's `visible_queryset` says what the request's user may see
(anonymous users: published statements, claims, relations and stances only)
with everything its serializer reads fetched up front, so that a list costs
the same few queries whatever its page size.
"""

from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from claims.filters import (
    ActorFilter,
    ClaimFilter,
    ClaimRelationFilter,
    EventFilter,
    StatementFilter,
    WeaponSystemFilter,
    ordered_by_speaker_name,
)
from claims.formats.api import ClaimFormats
from claims.graph import MAX_DEPTH, MAX_NODES, claim_neighbourhood
from claims.list_serializers import (
    ClaimListSerializer,
    StatementListSerializer,
    claim_rows,
    statement_rows,
    url_maker,
)
from claims.models import Actor, Claim, ClaimRelation, Event, Role, Stance, Statement, WeaponSystem
from claims.names import to_latin
from claims.search import KINDS, QueryTooLong, query_terms
from claims.serializers import (
    RELATIONS_SHOWN,
    ActorSerializer,
    ClaimRelationSerializer,
    ClaimSerializer,
    EventSerializer,
    StatementSerializer,
    WeaponSystemSerializer,
)
from claims.statement_copy import statements_csv_select, statements_jsonl_select
from claims.top_hits import SEARCH_WINDOW, search_everything
from infkb.api import refuse_repeated, sees_drafts
from infkb.negotiation import UnknownFormatIs400
from infkb.provenance import published_q
from infkb.viewsets import SEARCH_PARAMETER, CuratedViewSet, searchable_schema

# The actions that read many records (a page, an export): they load only the columns their rows show.
READS_MANY = {"list", "export"}
STATEMENT_LIST_FIELDS = (
    *("kind", "text", "speaker", "reported_speaker", "speaker_role", "role", "article"),
    *("said_on", "said_precision", "venue", "start", "end", "status", "version"),
    *("speaker__name", "article__title", "article__published_on", "article__outlet__name"),
    *("speaker__wikidata_id", "article__outlet__wikidata_id"),
    *("article__translation", "article__original_language"),
)


@searchable_schema
class ActorViewSet(CuratedViewSet):
    """People, organisations and states, with their aliases and roles."""

    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    searchable = True
    ordering_fields = ["id", "name", "slug", "kind"]
    csv_columns = [
        *("id", "url", "slug", "name", "kind", "country", "country_name", "aliases", "description"),
        *("wikidata_id", "wikidata_url"),
    ]
    export_name = "actors"

    def visible_queryset(self) -> QuerySet:
        roles = Role.objects.select_related("organisation")
        return Actor.objects.select_related("country").prefetch_related(
            "aliases", Prefetch("roles", queryset=roles)
        )


class WeaponSystemViewSet(CuratedViewSet):
    """Missiles, launchers and other systems whose treaty status is argued about."""

    serializer_class = WeaponSystemSerializer
    filterset_class = WeaponSystemFilter
    ordering_fields = ["id", "name", "slug", "category"]
    csv_columns = [
        "id",
        "url",
        "slug",
        "name",
        "country",
        "country_name",
        "category",
        "basing",
        "designations.name",
        "wikidata_id",
        "wikidata_url",
    ]
    export_name = "weapon-systems"

    def visible_queryset(self) -> QuerySet:
        return WeaponSystem.objects.select_related("country").prefetch_related("designations")


class EventViewSet(CuratedViewSet):
    """Dated happenings that statements refer to: the timeline."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    ordering_fields = ["id", "date", "title"]
    csv_columns = ["id", "url", "slug", "title", "when", "actor_names", "weapon_system_names", "description"]
    export_name = "events"

    def visible_queryset(self) -> QuerySet:
        user = self.request.user
        return Event.objects.prefetch_related(
            Prefetch("actors", Actor.objects.visible_to(user)),
            Prefetch("weapon_systems", WeaponSystem.objects.visible_to(user)),
        )


GRAPH_RESPONSE = inline_serializer(
    "ClaimGraph",
    {
        "root": serializers.IntegerField(),
        "depth": serializers.IntegerField(),
        "truncated": serializers.BooleanField(
            help_text=f"True when the neighbourhood had more than {MAX_NODES} claims and was cut there."
        ),
        "nodes": inline_serializer(
            "ClaimGraphNode",
            {
                "id": serializers.IntegerField(),
                "label": serializers.CharField(),
                "slug": serializers.CharField(),
                "text": serializers.CharField(),
                "url": serializers.URLField(),
                "n_asserting": serializers.IntegerField(),
                "n_denying": serializers.IntegerField(),
                "is_root": serializers.BooleanField(),
            },
            many=True,
        ),
        "edges": inline_serializer(
            "ClaimGraphEdge",
            {
                "id": serializers.IntegerField(),
                "source": serializers.IntegerField(),
                "target": serializers.IntegerField(),
                "kind": serializers.ChoiceField(choices=ClaimRelation.Kind.choices),
                "label": serializers.CharField(),
                "argued_by": serializers.CharField(
                    help_text="Who argued the relation, where cited: “argued by Sergey Lavrov, 2019-09”; "
                    "empty when no statement is cited."
                ),
                "evidence": inline_serializer(
                    "ClaimGraphEvidence",
                    {
                        "statement": serializers.IntegerField(),
                        "speaker": serializers.CharField(),
                        "date": serializers.CharField(
                            help_text="YYYY-MM-DD, YYYY-MM or YYYY, as precise as known."
                        ),
                        "reported": serializers.BooleanField(
                            help_text="True when the date is the article's (the statement has none)."
                        ),
                        "url": serializers.URLField(),
                    },
                    many=True,
                    help_text="The statements that argue the relation, oldest first.",
                ),
            },
            many=True,
        ),
    },
)


@searchable_schema
class ClaimViewSet(ClaimFormats, CuratedViewSet):
    """Propositions that statements assert or deny, with their place in the claim graph."""

    serializer_class = ClaimSerializer
    list_serializer_class = ClaimListSerializer
    filterset_class = ClaimFilter
    searchable = True
    ordering_fields = ["id", "text", "slug", "n_asserting", "n_denying"]
    csv_columns = [
        "id",
        "url",
        "slug",
        "text",
        "weapon_system_names",
        "subject_names",
        "n_asserting",
        "n_denying",
        "relations.kind",
        "relations.direction",
        "relations.claim",
        "status",
    ]
    export_name = "claims"

    def visible_queryset(self) -> QuerySet:
        if self.action in READS_MANY:
            return self.rows()
        claims = Claim.objects.visible_to(self.request.user)
        relations = ClaimRelation.objects.visible_to(self.request.user)
        if self.action == "graph":
            # The graph reads its own bounded neighbourhood: the claim's every relation is not needed.
            return claims
        return claims.with_stance_counts().prefetch_related(
            Prefetch("weapon_systems", WeaponSystem.objects.visible_to(self.request.user)),
            Prefetch("subjects", Actor.objects.visible_to(self.request.user)),
            # Each direction's first RELATIONS_SHOWN + 1 (the record shows RELATIONS_SHOWN and says
            # whether there are more): a hub claim's thousands were 0.8 MB and 1.9 s at 1M.
            Prefetch(
                "outgoing_relations",
                relations.select_related("target").order_by("pk")[: RELATIONS_SHOWN + 1],
                to_attr="visible_outgoing",
            ),
            Prefetch(
                "incoming_relations",
                relations.select_related("source").order_by("pk")[: RELATIONS_SHOWN + 1],
                to_attr="visible_incoming",
            ),
        )

    def rows(self) -> QuerySet:
        """A page, or an export, as rows in one query (claim_rows): what ClaimListSerializer reads
        and no more (not the search vector, not who edited when), with its relations, weapon
        systems and subjects as JSON lists.

        The query is the same for every reader who sees the same drafts, so each process builds it
        once per kind of reader and each request filters a copy, as DRF does with a view's
        `queryset`: building its four subqueries cost as much CPU as the rest of the request.
        """
        user = self.request.user
        bounded = self.reads_a_page()  # an export carries every relation
        kind_of_reader = (bounded, *(sees_drafts(self.request, model) for model in CLAIM_ROWS_DRAFTS))
        if kind_of_reader not in CLAIM_ROWS:
            claims = Claim.objects.visible_to(user).with_stance_counts()
            CLAIM_ROWS[kind_of_reader] = claim_rows(claims, user, bounded=bounded)
        return CLAIM_ROWS[kind_of_reader].all()

    def get_serializer_context(self) -> dict:
        # ClaimListSerializer: a page's rows hold a bounded slice of each claim's relations (rows()).
        return {**super().get_serializer_context(), "bounded_relations": self.reads_a_page()}

    @extend_schema(
        summary="The claim's neighbourhood in the claim graph",
        description=(
            "Claims within `depth` relations of this one (either direction) and the relations between "
            "them, as `nodes` and `edges` (`source`/`target` are node ids) that a graph library draws "
            f"directly. `depth` is 0 to {MAX_DEPTH} (larger values are capped); cycles are walked once. "
            f"At most {MAX_NODES} claims, the nearest first; `truncated` says when there were more."
        ),
        parameters=[OpenApiParameter("depth", OpenApiTypes.INT, description=f"0–{MAX_DEPTH}, default 1.")],
        responses=GRAPH_RESPONSE,
        filters=False,
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def graph(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        raw = request.query_params.get("depth", "1")
        if not raw.isdigit():
            raise ValidationError({"depth": [f"A whole number from 0 to {MAX_DEPTH}."]})
        depth = min(int(raw), MAX_DEPTH)
        published_only = not sees_drafts(request, Claim)
        graph = claim_neighbourhood(claim, depth=depth, published_only=published_only)  # with evidence
        # One reverse() per view, not one per node and statement (150 nodes: most of the request).
        claim_url = url_maker({"request": request}, "api:claim-detail")
        statement_url = url_maker({"request": request}, "api:statement-detail")
        for node in graph["nodes"]:
            node["label"] = node["text"]
            node["url"] = claim_url(node["id"])
        for edge in graph["edges"]:
            edge["label"] = ClaimRelation.Kind(edge["kind"]).label
            for cited in edge["evidence"]:
                cited["url"] = statement_url(cited["statement"])
        return Response({"root": claim.pk, "depth": depth, **graph})


# Whether the rows are a page's (bounded relations), and whether the reader sees drafts of each of
# these → the claims list's rows, unfiltered (ClaimViewSet.rows); what claim_rows shows depends on
# the reader through these alone.
CLAIM_ROWS_DRAFTS = (Claim, ClaimRelation, WeaponSystem, Actor)
CLAIM_ROWS: dict[tuple[bool, ...], QuerySet] = {}


class ClaimRelationViewSet(CuratedViewSet):
    """The edges of the claim graph: one claim supports, counters or responds to another."""

    serializer_class = ClaimRelationSerializer
    filterset_class = ClaimRelationFilter
    ordering_fields = ["id", "kind"]
    csv_columns = ["id", "url", "source", "source_text", "kind", "target", "target_text", "note", "status"]
    export_name = "claim-relations"

    def visible_queryset(self) -> QuerySet:
        relations = ClaimRelation.objects.visible_to(self.request.user).select_related("source", "target")
        # The statements cited as evidence: readers see the published ones only.
        cited = Statement.objects.visible_to(self.request.user)
        return relations.prefetch_related(Prefetch("evidence", queryset=cited.only("pk")))


@searchable_schema
class StatementViewSet(CuratedViewSet):
    """Who said what, where and when: quotes anchored in their articles, and paraphrases."""

    serializer_class = StatementSerializer
    list_serializer_class = StatementListSerializer
    filterset_class = StatementFilter
    searchable = True
    ordering_fields = ["id", "date", "published_on", "speaker_name"]
    csv_columns = [
        "id",
        "url",
        "kind",
        "text",
        "speaker",
        "speaker_name",
        "speaker_wikidata_id",
        "reported_speaker",
        "reported_speaker_name",
        "speaker_role",
        "role_held",
        "article",
        "article_title",
        "outlet_name",
        "outlet_wikidata_id",
        "published_on",
        "translation",
        "said",
        "venue",
        "start",
        "end",
        "stances.claim",
        "stances.claim_text",
        "stances.stance",
        "status",
    ]
    export_name = "statements"
    joins_as_written = True
    csv_copy_select = staticmethod(statements_csv_select)
    jsonl_copy_select = staticmethod(statements_jsonl_select)

    def visible_queryset(self) -> QuerySet:
        if self.reads_a_page():
            return self.page_rows()
        statements = Statement.objects.visible_to(self.request.user)
        stances = stances_of_listed(self.request).select_related("claim")
        events = Prefetch("events", Event.objects.visible_to(self.request.user))
        if self.action in READS_MANY:
            # What StatementListSerializer reads and no more: not the article's text (kilobytes a row).
            statements = statements.only(*STATEMENT_LIST_FIELDS)
            stances = stances.only("statement", "claim", "stance", "status", "claim__text")
            # A list, not a related manager per row (building one costs more than the row's JSON).
            events = Prefetch("events", events.queryset.only("id"), to_attr="listed_events")
        return (
            with_sort_keys(statements)
            .select_related("speaker", "reported_speaker", "role__organisation", "article__outlet")
            .prefetch_related(events, Prefetch("stances", queryset=stances, to_attr="visible_stances"))
        )

    def plans_joins_as_written(self) -> bool:
        # In their speaker's name order, the statements come from the actors' name index, each
        # actor's through the speaker index: the planner must be free to start from the actors
        # (as written, it sorted the million statements: 6.3 s at 1M, against 0.2 s).
        return not ordered_by_speaker_name(self.request.query_params)

    def page_rows(self) -> QuerySet:
        """A page of the list in one query, as rows (the exports keep models: their COPY reads the prefetch).

        The query is the same for every reader who sees the same drafts, so each process builds it
        once per kind of reader and each request filters a copy, as DRF does with a view's
        `queryset`: building it (ten annotations, two JSON subqueries) was a quarter of a page's
        CPU (docs/performance.md, "The API lists' fixed cost").
        """
        user = self.request.user
        kind_of_reader = tuple(sees_drafts(self.request, model) for model in STATEMENT_PAGE_ROWS_DRAFTS)
        if kind_of_reader not in STATEMENT_PAGE_ROWS:
            statements = with_sort_keys(Statement.objects.visible_to(user))
            stances = stances_of_listed(self.request)
            STATEMENT_PAGE_ROWS[kind_of_reader] = statement_rows(statements, stances, user)
        return STATEMENT_PAGE_ROWS[kind_of_reader].all()


# Whether the reader sees drafts of each of these → the statement list's page query, unfiltered
# (StatementViewSet.page_rows); what statement_rows shows depends on the reader through these alone.
STATEMENT_PAGE_ROWS_DRAFTS = (Statement, Stance, Event)
STATEMENT_PAGE_ROWS: dict[tuple[bool, ...], QuerySet] = {}


def stances_of_listed(request: Request) -> QuerySet:
    """The stances the reader may see, of statements the reader may see."""
    if not sees_drafts(request, Statement) and not sees_drafts(request, Stance):
        # Every statement this reader gets is published: checking each stance's statement again is
        # a self-join (the statements export's COPY walked a million statements for it, a page's
        # subquery one per row).
        return Stance.objects.filter(published_q(Stance, joined_from="statement"))
    return Stance.objects.visible_to(request.user)


def with_sort_keys(statements: QuerySet) -> QuerySet:
    """The statements with the list's sortable names, for `ordering` and the cursor (it reads the
    first ordering field from each row)."""
    return statements.annotate(
        # The date said, or the article's: reported_on holds it, indexed (Statement.save keeps it).
        date=F("reported_on"),
        published_on=F("article__published_on"),
        speaker_name=F("speaker__name"),
    )


class SearchView(UnknownFormatIs400, APIView):
    """One search across claims, statements, actors and articles."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search everything",
        description=(
            "Full-text search across the kinds of record (see `q` on the lists for the syntax). "
            f"Each kind ranks its newest {SEARCH_WINDOW} records that hold every word of the query "
            "(phrases and exclusions are then checked on those): `truncated` names the kinds that had "
            "more, whose older matches were not ranked. The lists' `q` and their exports find every match."
        ),
        parameters=[
            OpenApiParameter(
                "q", SEARCH_PARAMETER.type, required=True, description=SEARCH_PARAMETER.description
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                many=True,
                enum=list(KINDS),
                description="Only these kinds (repeat the parameter for several); all by default.",
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description="At most this many hits (1–100, default 20)."
            ),
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "query": serializers.CharField(),
                "terms": serializers.ListField(child=serializers.CharField()),
                "window": serializers.IntegerField(),
                "truncated": serializers.ListField(child=serializers.ChoiceField(choices=list(KINDS))),
                "results": inline_serializer(
                    "SearchHit",
                    {
                        "kind": serializers.ChoiceField(choices=list(KINDS)),
                        "id": serializers.IntegerField(),
                        "url": serializers.URLField(),
                        "title": serializers.CharField(),
                        "snippet": serializers.CharField(),
                        "score": serializers.FloatField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        unknown = sorted(set(request.query_params) - {"q", "kind", "limit", "format"})
        if unknown:
            raise ValidationError(
                {name: ["Unknown parameter. Search understands: q, kind, limit."] for name in unknown}
            )
        refuse_repeated(request.query_params, several=frozenset({"kind"}))
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": ["Give something to search for."]})
        kinds = request.query_params.getlist("kind") or list(KINDS)
        wrong = [kind for kind in kinds if kind not in KINDS]
        if wrong:
            raise ValidationError(
                {"kind": [f"Unknown kind {', '.join(wrong)}: choose among {', '.join(KINDS)}."]}
            )
        raw_limit = request.query_params.get("limit", "20")
        if not (raw_limit.isascii() and raw_limit.isdigit()) or not 1 <= int(raw_limit) <= 100:
            raise ValidationError({"limit": ["A whole number from 1 to 100."]})
        published_only = not sees_drafts(request, Statement)
        try:
            # Names are romanised and texts English: a Cyrillic query is searched in Latin letters.
            hits = search_everything(
                to_latin(query), kinds=kinds, limit=int(raw_limit), published_only=published_only
            )
        except QueryTooLong as error:
            raise ValidationError({"q": [str(error)]}) from None
        route = {
            "claim": "api:claim-detail",
            "statement": "api:statement-detail",
            "actor": "api:actor-detail",
        }
        results = [
            {
                "kind": hit.kind,
                "id": hit.obj.pk,
                "url": reverse(
                    route.get(hit.kind, "api:article-detail"), kwargs={"pk": hit.obj.pk}, request=request
                ),
                "title": hit.title,
                "snippet": hit.snippet,
                "score": round(hit.score, 6),
            }
            for hit in hits
        ]
        return Response(
            {
                "query": query,
                "terms": query_terms(query),
                "window": hits.window,
                "truncated": list(hits.crowded),
                "results": results,
            }
        )
