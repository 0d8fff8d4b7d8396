import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/actors/?country=%00", "/claims/?weapon=%00", "/timeline/?actor=x%00y", "/api/v1/claims/?q=%00"]
)
def test_a_nul_byte_in_a_parameter_is_a_400_not_a_server_error(client, corpus, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.text


@pytest.mark.django_db
def test_the_api_names_the_parameter_with_a_nul_byte_as_for_any_bad_value(client, corpus):
    response = client.get("/api/v1/claims/?q=%00")
    assert response.status_code == 400 and "q" in response.json()


@pytest.mark.django_db
def test_ordinary_parameters_pass(client, corpus):
    assert client.get("/actors/?kind=person").status_code == 200


def test_the_browsers_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/favicon.svg")
