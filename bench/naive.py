"""The naive baseline: the API's main lists written the default DRF way, for the benchmark only.

ModelSerializers with nested serializers, page-number pagination (which
COUNTs the whole filtered list), django-filter's generated filters, DRF's
SearchFilter (icontains), and no select_related/prefetch_related tuning:
what a first version of the API would look like. Served only by the bench's
own URLconf (bench/urls.py), never by the product.
"""

from django.db.models import Q
from rest_framework import filters, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from claims.models import Actor, Claim, ClaimRelation, Stance, Statement
from infkb.provenance import ReviewStatus
from sources.models import Article, Outlet


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "slug"]


class ArticleSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer()

    class Meta:
        model = Article
        fields = ["id", "title", "slug", "published_on", "outlet"]


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "slug", "kind"]


class ClaimBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "slug", "text"]


class StanceSerializer(serializers.ModelSerializer):
    claim = ClaimBriefSerializer()

    class Meta:
        model = Stance
        fields = ["claim", "stance", "status"]


class StatementSerializer(serializers.ModelSerializer):
    speaker = ActorSerializer()
    article = ArticleSerializer()
    stances = StanceSerializer(many=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "kind",
            "text",
            "speaker",
            "speaker_role",
            "article",
            "said_on",
            "said_precision",
            "venue",
            "start",
            "end",
            "events",
            "stances",
            "status",
            "version",
        ]


class RelationSerializer(serializers.ModelSerializer):
    source = ClaimBriefSerializer()
    target = ClaimBriefSerializer()

    class Meta:
        model = ClaimRelation
        fields = ["id", "kind", "source", "target"]


class ClaimSerializer(serializers.ModelSerializer):
    weapon_systems = serializers.StringRelatedField(many=True)
    subjects = serializers.StringRelatedField(many=True)
    n_asserting = serializers.SerializerMethodField()
    n_denying = serializers.SerializerMethodField()
    outgoing_relations = RelationSerializer(many=True)
    incoming_relations = RelationSerializer(many=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "text",
            "description",
            "weapon_systems",
            "subjects",
            "n_asserting",
            "n_denying",
            "outgoing_relations",
            "incoming_relations",
            "status",
            "version",
        ]

    def get_n_asserting(self, claim: Claim) -> int:
        return claim.stances.filter(
            stance="asserts", status="published", statement__status="published"
        ).count()

    def get_n_denying(self, claim: Claim) -> int:
        return claim.stances.filter(
            stance="denies", status="published", statement__status="published"
        ).count()


class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Statement.objects.filter(status=ReviewStatus.PUBLISHED).order_by("-id")
    serializer_class = StatementSerializer
    pagination_class = Pages
    permission_classes = [AllowAny]
    filter_backends = [filters.SearchFilter]
    search_fields = ["text"]

    def get_queryset(self):  # noqa: ANN201 - the default way: filters by hand from the query string
        statements = super().get_queryset()
        params = self.request.query_params
        if "speaker" in params:
            statements = statements.filter(speaker__slug=params["speaker"])
        if "claim" in params:
            stances = Stance.objects.filter(
                claim__slug=params["claim"], stance=params.get("stance", "asserts")
            )
            statements = statements.filter(pk__in=stances.values("statement_id"))
        if "said_after" in params:
            statements = statements.filter(said_on__gte=params["said_after"])
        if "said_before" in params:
            statements = statements.filter(said_on__lte=params["said_before"])
        return statements


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Claim.objects.filter(status=ReviewStatus.PUBLISHED).order_by("-id")
    serializer_class = ClaimSerializer
    pagination_class = Pages
    permission_classes = [AllowAny]

    @action(detail=True)
    def graph(self, request: Request, pk: str) -> Response:
        """Breadth-first, one query per claim reached."""
        depth = int(request.query_params.get("depth", "1"))
        seen, frontier, edges = {int(pk)}, [int(pk)], {}
        for _ in range(depth):
            reached = []
            for claim_id in frontier:
                for relation in ClaimRelation.objects.filter(Q(source_id=claim_id) | Q(target_id=claim_id)):
                    edges[relation.pk] = RelationSerializer(relation).data
                    for other in (relation.source_id, relation.target_id):
                        if other not in seen:
                            seen.add(other)
                            reached.append(other)
            frontier = reached
        nodes = ClaimSerializer(Claim.objects.filter(pk__in=seen), many=True).data
        return Response({"root": int(pk), "nodes": nodes, "edges": list(edges.values())})
