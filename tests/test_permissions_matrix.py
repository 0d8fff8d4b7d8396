"""Who may do what, in one table: admin views and API endpoints × roles × methods.

Roles: anonymous, signed in without a role, Editor, Reviewer, Admin (the groups of
`manage.py setup_groups`). Each row names a route, a method and the status each role gets; for
writes, the last column says whether the database must show the change afterwards. A role that
is refused must leave the record as it was, whatever the route — the history revert and the
publish action included.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from claims.management.commands.setup_groups import ADMIN, EDITOR, REVIEWER, setup_groups
from claims.models import Actor, Claim, ClaimRelation, Event, Role, Stance, Statement, WeaponSystem
from infkb.admin_base import is_reviewable
from infkb.provenance import ReviewStatus
from sources.models import Article, Outlet
from tests.factories import ClaimFactory
from tests.workbench.conftest import change_form_data

CURATED_MODELS = [Actor, Role, WeaponSystem, Event, Claim, ClaimRelation, Statement, Stance, Outlet, Article]
ROLES = ["anonymous", "no_role", "editor", "reviewer", "admin"]
PUB, DRAFT = ReviewStatus.PUBLISHED, ReviewStatus.DRAFT
NEW_TEXT = "The matrix claim was rewritten"


@dataclass
class Records:
    published: Claim
    draft: Claim


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[Records], str]
    expected: tuple[int, int, int, int, int]  # per role, in ROLES order
    data: Callable[[Records], dict] = lambda records: {}
    changed: Callable[[Records], bool] | None = None  # did the write reach the database?
    writers: tuple[str, ...] = ()  # roles whose write must show in the database
    json: bool = False


def admin_url(name: str, *args: Any) -> str:
    return reverse(f"admin:claims_claim_{name}", args=args)


def form_as_sent(url: str, **changes: Any) -> dict:
    """What a browser posts back from the admin form at `url` (as a superuser sees it), with `changes`."""
    superuser = User.objects.filter(username="matrix-superuser").first() or User.objects.create_superuser(
        "matrix-superuser", password="correct horse battery"
    )
    client = APIClient()
    client.force_login(superuser)
    return {**change_form_data(client.get(url)), **changes}


def text_of(claim: Claim) -> str:
    return Claim.objects.get(pk=claim.pk).text


def status_of(claim: Claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


def earliest_version(claim: Claim) -> int:
    return claim.history.order_by("history_date").first().history_id


LOGIN = 302  # the admin sends anonymous and role-less users to its login page
# The API refuses every write without the model permission with 403 before looking the record up
# (session authentication comes first, so anonymous clients get 403 rather than 401).

ROWS = [
    # ---------------------------------------------------------------- admin
    Row("admin changelist", "get", lambda r: admin_url("changelist"), (LOGIN, LOGIN, 200, 200, 200)),
    Row("admin add form", "get", lambda r: admin_url("add"), (LOGIN, LOGIN, 200, 200, 200)),
    Row(
        "admin add",
        "post",
        lambda r: admin_url("add"),
        (LOGIN, LOGIN, 302, 302, 302),
        data=lambda r: form_as_sent(admin_url("add"), text=NEW_TEXT, slug="matrix-new", status=DRAFT),
        changed=lambda r: Claim.objects.filter(slug="matrix-new").exists(),
        writers=("editor", "reviewer", "admin"),
    ),
    Row(
        "admin change form",
        "get",
        lambda r: admin_url("change", r.published.pk),
        (LOGIN, LOGIN, 200, 200, 200),
    ),
    Row(
        "admin change of a published record",
        "post",
        lambda r: admin_url("change", r.published.pk),
        (LOGIN, LOGIN, 403, 302, 302),
        data=lambda r: form_as_sent(admin_url("change", r.published.pk), text=NEW_TEXT),
        changed=lambda r: text_of(r.published) == NEW_TEXT,
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin change of a draft",
        "post",
        lambda r: admin_url("change", r.draft.pk),
        (LOGIN, LOGIN, 302, 302, 302),
        data=lambda r: form_as_sent(admin_url("change", r.draft.pk), text=NEW_TEXT),
        changed=lambda r: text_of(r.draft) == NEW_TEXT,
        writers=("editor", "reviewer", "admin"),
    ),
    Row(
        "admin change that publishes a draft",
        "post",
        lambda r: admin_url("change", r.draft.pk),
        (LOGIN, LOGIN, 302, 302, 302),  # the editor's form has no status field: saved as a draft
        data=lambda r: form_as_sent(admin_url("change", r.draft.pk), status=PUB),
        changed=lambda r: status_of(r.draft) == PUB,
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin delete",
        "post",
        lambda r: admin_url("delete", r.draft.pk),
        (LOGIN, LOGIN, 403, 302, 302),
        data=lambda r: {"post": "yes"},
        changed=lambda r: not Claim.objects.filter(pk=r.draft.pk).exists(),
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin history", "get", lambda r: admin_url("history", r.published.pk), (LOGIN, LOGIN, 200, 200, 200)
    ),
    Row(
        "admin revert of a published record",
        "post",
        lambda r: admin_url("simple_history", r.published.pk, earliest_version(r.published)),
        (LOGIN, LOGIN, 403, 302, 302),
        data=lambda r: form_as_sent(
            admin_url("simple_history", r.published.pk, earliest_version(r.published)), text=NEW_TEXT
        ),
        changed=lambda r: text_of(r.published) == NEW_TEXT,
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin revert that would publish a draft",
        "post",
        lambda r: admin_url("simple_history", r.draft.pk, earliest_version(r.draft)),
        (LOGIN, LOGIN, 302, 302, 302),  # the editor's revert is saved, as a draft
        data=lambda r: form_as_sent(
            admin_url("simple_history", r.draft.pk, earliest_version(r.draft)), status=PUB
        ),
        changed=lambda r: status_of(r.draft) == PUB,
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin publish action",
        "post",
        lambda r: admin_url("changelist"),
        (LOGIN, LOGIN, 200, 302, 302),  # an editor has no such action: the list again, unchanged
        data=lambda r: {"action": "publish_selected", "_selected_action": [r.draft.pk]},
        changed=lambda r: status_of(r.draft) == PUB,
        writers=("reviewer", "admin"),
    ),
    Row(
        "admin return-to-draft action",
        "post",
        lambda r: admin_url("changelist"),
        (LOGIN, LOGIN, 200, 302, 302),
        data=lambda r: {"action": "return_to_draft", "_selected_action": [r.published.pk]},
        changed=lambda r: status_of(r.published) == DRAFT,
        writers=("reviewer", "admin"),
    ),
    Row("admin recently deleted", "get", lambda r: admin_url("deleted"), (LOGIN, LOGIN, 200, 200, 200)),
    Row(
        "admin article import",
        "get",
        lambda r: reverse("admin:sources_article_import"),
        (LOGIN, LOGIN, 200, 200, 200),
    ),
    # ---------------------------------------------------------------- API
    Row("API list", "get", lambda r: reverse("api:claim-list"), (200, 200, 200, 200, 200)),
    Row(
        "API published detail",
        "get",
        lambda r: reverse("api:claim-detail", args=[r.published.pk]),
        (200,) * 5,
    ),
    Row(
        "API draft detail",
        "get",
        lambda r: reverse("api:claim-detail", args=[r.draft.pk]),
        (404, 404, 200, 200, 200),
    ),
    Row(
        "API create",
        "post",
        lambda r: reverse("api:claim-list"),
        (403, 403, 201, 201, 201),
        data=lambda r: {"text": NEW_TEXT, "slug": "matrix-new"},
        changed=lambda r: Claim.objects.filter(slug="matrix-new").exists(),
        writers=("editor", "reviewer", "admin"),
        json=True,
    ),
    Row(
        "API change of a published record",
        "patch",
        lambda r: reverse("api:claim-detail", args=[r.published.pk]),
        (403, 403, 403, 200, 200),
        data=lambda r: {"text": NEW_TEXT},
        changed=lambda r: text_of(r.published) == NEW_TEXT,
        writers=("reviewer", "admin"),
        json=True,
    ),
    Row(
        "API publishing a draft",
        "patch",
        lambda r: reverse("api:claim-detail", args=[r.draft.pk]),
        (403, 403, 400, 200, 200),
        data=lambda r: {"status": PUB},
        changed=lambda r: status_of(r.draft) == PUB,
        writers=("reviewer", "admin"),
        json=True,
    ),
    Row(
        "API delete",
        "delete",
        lambda r: reverse("api:claim-detail", args=[r.published.pk]),
        (403, 403, 403, 204, 204),
        changed=lambda r: not Claim.objects.filter(pk=r.published.pk).exists(),
        writers=("reviewer", "admin"),
    ),
]


def member_of(group: str | None, username: str) -> User:
    user = User.objects.create_user(username, password="correct horse battery", is_staff=group is not None)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def client_for(role: str) -> APIClient:
    client = APIClient()
    group = {"no_role": None, "editor": EDITOR, "reviewer": REVIEWER, "admin": ADMIN}.get(role, "")
    if role != "anonymous":
        client.force_login(member_of(group, f"matrix-{role}"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_each_role_gets_what_the_matrix_allows(row: Row, role: str) -> None:
    cache.clear()  # the anonymous throttle counts in the cache
    setup_groups()
    records = Records(
        published=ClaimFactory(text="Matrix published claim", slug="matrix-published", status=PUB),
        draft=ClaimFactory(text="Matrix draft claim", slug="matrix-draft", status=DRAFT),
    )
    client = client_for(role)
    send = getattr(client, row.method)
    data = row.data(records)

    response = send(row.url(records), data, format="json" if row.json else "multipart")

    assert response.status_code == row.expected[ROLES.index(role)]
    if row.changed is not None:
        assert row.changed(records) == (role in row.writers)


# ---------------------------------------------------------------- every model, every route

ADMIN_PAGES = ["changelist", "add", "change", "history", "deleted"]
API_ENDPOINTS = {
    "actor": Actor,
    "outlet": Outlet,
    "article": Article,
    "statement": Statement,
    "claim": Claim,
    "claimrelation": ClaimRelation,
    "weaponsystem": WeaponSystem,
    "event": Event,
}


def snapshot(record: Any) -> dict:
    stored = type(record).objects.filter(pk=record.pk).first()
    return (
        {}
        if stored is None
        else {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields}
    )


def a_published(model: type) -> Any:
    records = model.objects.published() if is_reviewable(model) else model.objects.all()
    return records.order_by("pk").first()


@pytest.mark.django_db
@pytest.mark.parametrize("model", CURATED_MODELS, ids=lambda model: model.__name__)
def test_every_admin_page_of_every_model_answers_each_role_as_the_matrix_says(model: type, corpus) -> None:
    """Pages open for the three roles and for nobody else; an editor cannot change, revert or delete
    a published record by any of them."""
    setup_groups()
    record = a_published(model)
    opts = model._meta
    clients = {role: client_for(role) for role in ROLES}
    for page in ADMIN_PAGES:
        args = [record.pk] if page in {"change", "history"} else []
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)
        for role, client in clients.items():
            expected = LOGIN if role in {"anonymous", "no_role"} else 200
            assert client.get(url).status_code == expected, (page, role)

    before = snapshot(record)
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
    version = record.history.order_by("history_date").first().history_id
    revert = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[record.pk, version])
    editor = clients["editor"]
    attempts = [(delete, {"post": "yes"})]
    if is_reviewable(model):  # editors change drafts only; other records are theirs to edit
        attempts += [(change, form_as_sent(change)), (revert, form_as_sent(revert))]
    for url, data in attempts:
        assert editor.post(url, data, format="multipart").status_code == 403, url
        assert snapshot(record) == before, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", API_ENDPOINTS, ids=str)
def test_every_api_endpoint_answers_each_role_as_the_matrix_says(name: str, corpus) -> None:
    """Everyone reads; only the roles write; an editor cannot delete or change what is published."""
    cache.clear()
    setup_groups()
    record = a_published(API_ENDPOINTS[name])
    before = snapshot(record)
    listing, detail = reverse(f"api:{name}-list"), reverse(f"api:{name}-detail", args=[record.pk])
    for role in ROLES:
        client = client_for(role)
        assert client.get(listing).status_code == 200, role
        assert client.get(detail).status_code == 200, role
        if role in {"anonymous", "no_role"}:
            assert client.post(listing, {}, format="json").status_code == 403, role
            assert client.patch(detail, {}, format="json").status_code == 403, role
        else:
            assert client.post(listing, {}, format="json").status_code == 400, role  # allowed, but empty
        if role in {"anonymous", "no_role", "editor"}:
            assert client.delete(detail).status_code == 403, role
        assert snapshot(record) == before, role
