"""A role of a published person shows on readers' pages at once, so editors cannot write one.

Role has no review status of its own: it is public as soon as its person is. Editors edit drafts; a
published person's roles are changed by those who may publish actors, as the person is.
"""

import pytest
from django.urls import reverse

from claims.management.commands.setup_groups import EDITOR, REVIEWER, setup_groups
from claims.models import Actor, Role
from infkb.provenance import ReviewStatus
from tests.test_permissions_matrix import form_as_sent, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(client):
    setup_groups()
    published = Actor.objects.create(name="Anna Published", slug="anna-published", kind="person")
    Actor.objects.filter(pk=published.pk).update(status=ReviewStatus.PUBLISHED)
    draft = Actor.objects.create(name="Boris Draft", slug="boris-draft", kind="person")
    Actor.objects.filter(pk=draft.pk).update(status=ReviewStatus.DRAFT)
    return Actor.objects.get(pk=published.pk), Actor.objects.get(pk=draft.pk)


def signed_in(client, group: str):
    client.force_login(member_of(group, f"role-{group.lower()}"))
    return client


def new_role(person: Actor, title: str) -> dict:
    add = reverse("admin:claims_role_add")
    return form_as_sent(add, person=str(person.pk), title=title, start_precision="day", end_precision="day")


def test_an_editor_cannot_add_a_role_to_a_published_person(client, people):
    published, _ = people
    data = new_role(published, "Secret Envoy")

    response = signed_in(client, EDITOR).post(reverse("admin:claims_role_add"), data)

    assert response.status_code == 200  # the form again, with its error
    assert "is published: readers would see this role without review" in response.content.decode()
    assert not Role.objects.filter(title="Secret Envoy").exists()
    page = client.get(published.get_absolute_url())
    assert "Secret Envoy" not in page.content.decode()


def test_an_editor_adds_a_role_to_a_draft_person(client, people):
    _, draft = people
    data = new_role(draft, "Deputy Envoy")

    response = signed_in(client, EDITOR).post(reverse("admin:claims_role_add"), data)

    assert response.status_code == 302
    assert Role.objects.filter(person=draft, title="Deputy Envoy").exists()


def test_an_editor_cannot_change_a_published_persons_role(client, people):
    published, _ = people
    role = Role.objects.create(person=published, title="Ambassador")
    change = reverse("admin:claims_role_change", args=[role.pk])
    data = form_as_sent(change, title="Former Ambassador and spy")

    response = signed_in(client, EDITOR).post(change, data)

    assert response.status_code == 403
    assert Role.objects.get(pk=role.pk).title == "Ambassador"


def test_a_reviewer_adds_a_role_to_a_published_person(client, people):
    published, _ = people
    data = new_role(published, "Envoy")

    response = signed_in(client, REVIEWER).post(reverse("admin:claims_role_add"), data)

    assert response.status_code == 302
    assert Role.objects.filter(person=published, title="Envoy").exists()
