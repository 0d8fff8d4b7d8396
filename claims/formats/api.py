"""The claim in other formats, as actions of the claims API: /api/v1/claims/{id}/aif/ (docs/formats.md)."""

from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims.formats.aif import claim_aif
from claims.formats.jsonld import claim_jsonld_chunks
from claims.graph import MAX_DEPTH
from claims.models import Claim


def published_claim(pk: str) -> Claim:
    """The published claim `pk`: the formats for other tools carry published records only."""
    claim = Claim.objects.published().filter(pk=pk).first() if str(pk).isdigit() else None
    if claim is None:
        raise Http404("No published claim has this id.")
    return claim


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class ClaimFormats:
    """For ClaimViewSet: a claim's neighbourhood as AIF, and the claim as schema.org JSON-LD."""

    @extend_schema(
        summary="The claim as schema.org Claim JSON-LD",
        description=(
            "What the claim's page embeds for search engines and fact-checking tools: a schema.org "
            "`Claim` whose `appearance` is every published statement on it, oldest first, as a "
            "`Quotation` with `spokenByCharacter`, `creator`, `isBasedOn` (the article) and "
            "`dateCreated`; `firstAppearance` (the oldest) comes last. One document however big the "
            "claim (tens of thousands of statements for the biggest), streamed as it is read."
        ),
        responses=OpenApiResponse(OpenApiTypes.OBJECT, description="application/ld+json"),
        filters=False,
    )
    @action(
        detail=True,
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[JSONLDRenderer, JSONRenderer],
    )
    def jsonld(self, request: Request, pk: str) -> StreamingHttpResponse:
        chunks = claim_jsonld_chunks(published_claim(pk), request.build_absolute_uri)
        return StreamingHttpResponse(chunks, content_type=request.accepted_renderer.media_type)

    @extend_schema(
        summary="The claim's neighbourhood as AIF (Argument Interchange Format)",
        description=(
            "The published claims within `depth` relations of this one, as the JSON AIFdb and OVA read: "
            "`nodes` (I: claims; L: statements, “Speaker: words”; YA: a statement's stance on a claim; "
            "RA: supports; CA: counters; TA: a statement answering an earlier one), `edges` "
            "(`fromID` → `toID`), `locutions` (an L-node's speaker, `personID`, and place in its "
            "article) and `participants`. Mapping: docs/formats.md."
        ),
        parameters=[OpenApiParameter("depth", OpenApiTypes.INT, description=f"0–{MAX_DEPTH}, default 1.")],
        responses=OpenApiResponse(OpenApiTypes.OBJECT, description="AIF JSON"),
        filters=False,
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def aif(self, request: Request, pk: str) -> Response:
        claim = published_claim(pk)
        raw = request.query_params.get("depth", "1")
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError({"depth": [f"A whole number from 0 to {MAX_DEPTH}."]})
        return Response(claim_aif(claim, min(int(raw), MAX_DEPTH)))
