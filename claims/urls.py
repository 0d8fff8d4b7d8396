"""The analysts' pages. Every page has a stable URL built from slugs."""

from django.urls import path

from claims import article_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("articles/", article_views.article_list, name="article-list"),
    path("articles/<slug:slug>/", article_views.article_detail, name="article-detail"),
    path("weapons/", views.weapon_list, name="weapon-list"),
    path("weapons/<slug:slug>/", views.weapon_detail, name="weapon-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("search/", views.search, name="search"),
]
