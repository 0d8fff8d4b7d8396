from infkb.api import AnonymousThrottle


def test_anonymous_requests_beyond_the_rate_get_429_with_retry_after(api, corpus, settings, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "3/min")

    statuses = [api.get("/api/v1/claims/").status_code for _ in range(4)]
    refused = api.get("/api/v1/claims/")

    assert statuses == [200, 200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower() or "request" in refused.json()["detail"].lower()


def test_editors_are_not_throttled(editor_api, corpus, monkeypatch):
    monkeypatch.setattr(AnonymousThrottle, "get_rate", lambda self: "1/min")

    assert [editor_api.get("/api/v1/claims/").status_code for _ in range(3)] == [200, 200, 200]
