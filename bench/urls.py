"""The benchmark's URLconf: the product's URLs, plus the naive baseline under /naive/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench import naive
from infkb.urls import urlpatterns as product_urls

router = SimpleRouter()
router.register("statements", naive.StatementViewSet, basename="naive-statement")
router.register("claims", naive.ClaimViewSet, basename="naive-claim")

urlpatterns = [path("naive/", include(router.urls)), *product_urls]
