"""The article's admin page, saved as a browser saves it."""

import pytest
from django.urls import reverse

from sources.models import Article


@pytest.mark.django_db
def test_an_article_saved_unchanged_from_the_browser_keeps_its_text_and_every_anchor(
    client, admin_user, form_data, corpus
):
    article = Article.objects.get(text__contains="Russian violations")  # a quote that occurs twice
    anchors = sorted(article.statements.values_list("pk", "start", "end"))
    url = reverse("admin:sources_article_change", args=[article.pk])
    client.force_login(admin_user)
    data = form_data(client.get(url))
    data["text"] = data["text"].replace("\n", "\r\n")  # what a browser sends from a textarea

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    saved = Article.objects.get(pk=article.pk)
    assert (saved.text, saved.content_hash) == (article.text, article.content_hash)
    assert sorted(saved.statements.values_list("pk", "start", "end")) == anchors
