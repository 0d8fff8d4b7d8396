"""/api/v1/: the researchers' REST API (docs/api.md), its OpenAPI schema and its documentation pages."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import (
    ActorViewSet,
    ClaimRelationViewSet,
    ClaimViewSet,
    EventViewSet,
    SearchView,
    StatementViewSet,
    WeaponSystemViewSet,
)
from claims.formats.annotations import AnnotationCollectionView, AnnotationView
from infkb.lockout import TokenView
from sources.api import ArticleViewSet, OutletViewSet

app_name = "api"

router = DefaultRouter()
router.register("actors", ActorViewSet, basename="actor")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("articles", ArticleViewSet, basename="article")
router.register("statements", StatementViewSet, basename="statement")
router.register("claims", ClaimViewSet, basename="claim")
router.register("claim-relations", ClaimRelationViewSet, basename="claimrelation")
router.register("weapon-systems", WeaponSystemViewSet, basename="weaponsystem")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("annotations/", AnnotationCollectionView.as_view(), name="annotations"),
    path("annotations/<int:pk>/", AnnotationView.as_view(), name="annotation-detail"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc runs its search in a worker it makes from a blob: URL; only this page may.
    path(
        "redoc/",
        csp_update({"worker-src": ["blob:"]})(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path("", include(router.urls)),
]
