from sources.models import Article
from tests.api.conftest import all_pages, results

URL = "/api/v1/articles/"


def test_it_filters_articles_by_outlet_date_and_language(api, corpus):
    assert len(all_pages(api, URL, outlet="rt")) == Article.objects.filter(outlet__slug="rt").count() == 2
    later = all_pages(api, URL, published_after="2019-01-01")
    assert [a["published"] for a in later] == ["2019-09"]
    assert len(all_pages(api, URL, published_before="2018-12-31", language="en")) == 1
    assert all_pages(api, URL, language="de") == []


def test_the_list_leaves_out_the_full_text_that_the_detail_gives(api, corpus):
    article = Article.objects.first()

    listed = results(api.get(URL))
    detail = api.get(f"{URL}{article.pk}/").json()

    assert "text" not in listed[0]
    assert detail["text"] == article.text
    assert detail["content_hash"] == article.content_hash


def test_q_searches_titles_and_texts(api, corpus):
    found = results(api.get(URL, {"q": "moratorium"}))

    assert [a["slug"] for a in found] == list(
        Article.objects.filter(text__icontains="moratorium").values_list("slug", flat=True)
    )


def test_a_malformed_date_is_a_400_naming_the_parameter(api, corpus):
    response = api.get(URL, {"published_after": "2019-13"})

    assert response.status_code == 400
    assert list(response.json()) == ["published_after"]


def test_is_translation_takes_true_or_false_and_refuses_anything_else(api, corpus):
    original = Article.objects.order_by("pk").first()
    original.translation = Article.Translation.ORIGINAL
    original.save()
    translated = Article.objects.exclude(pk=original.pk).get()

    for value in ("false", "0", "False"):
        assert [a["id"] for a in all_pages(api, URL, is_translation=value)] == [original.pk], value
    for value in ("true", "1", "True"):
        assert [a["id"] for a in all_pages(api, URL, is_translation=value)] == [translated.pk], value
    for value in ("maybe", "yes", "2"):  # was the whole list, unfiltered
        response = api.get(URL, {"is_translation": value})
        assert response.status_code == 400, value
        assert list(response.json()) == ["is_translation"]
