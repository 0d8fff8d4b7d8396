from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "INF KB editors"
admin.site.site_title = "INF KB"
admin.site.index_title = "Curate sources, statements and claims"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("infkb.api_urls")),
    path("", include("claims.urls")),
]
