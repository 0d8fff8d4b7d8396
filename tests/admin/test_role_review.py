"""A role of a published person shows on readers' pages at once, so editors cannot write one.

Role has no review status of its own: it is public as soon as its person is. Editors edit drafts; a
published person's roles are changed by those who may publish actors, as the person is.
"""

import pytest
from django.urls import reverse

from claims.management.commands.setup_groups import EDITOR, REVIEWER, setup_groups
from claims.models import Actor, Role
from infkb.provenance import ReviewStatus
from infkb.services import ReviewError, records_publish, records_return_to_draft
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


@pytest.fixture
def draft_organisation(db) -> Actor:
    organisation = Actor.objects.create(name="Qxv Directorate", slug="qxv-directorate", kind="organisation")
    assert organisation.status == ReviewStatus.DRAFT
    return organisation


def test_a_role_a_reviewer_adds_to_a_published_person_publishes_its_draft_organisation(
    client, people, draft_organisation
):
    published, _ = people
    data = {**new_role(published, "Envoy"), "organisation": str(draft_organisation.pk)}

    response = signed_in(client, REVIEWER).post(reverse("admin:claims_role_add"), data)

    assert response.status_code == 302
    organisation = Actor.objects.get(pk=draft_organisation.pk)
    assert organisation.status == ReviewStatus.PUBLISHED
    assert organisation.reviewed_by.username == "role-reviewer" and organisation.reviewed_at is not None
    assert organisation.history.first().history_change_reason.startswith("Published with role #")
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 200  # the name readers see is reviewed


def test_publishing_a_person_publishes_the_organisations_of_their_roles(client, people, draft_organisation):
    _, draft = people
    Role.objects.create(person=draft, title="Deputy Envoy", organisation=draft_organisation)
    reviewer = member_of(REVIEWER, "role-publisher")

    records_publish(records=Actor.objects.filter(pk=draft.pk), reviewer=reviewer)

    organisation = Actor.objects.get(pk=draft_organisation.pk)
    assert organisation.status == ReviewStatus.PUBLISHED and organisation.reviewed_by == reviewer


def test_an_organisation_stays_published_while_a_published_persons_role_names_it(people, draft_organisation):
    published, _ = people
    Role.objects.create(person=published, title="Envoy", organisation=draft_organisation)
    reviewer = member_of(REVIEWER, "role-withdrawer")

    with pytest.raises(ReviewError, match="“Qxv Directorate” stays published: 1 published role"):
        records_return_to_draft(records=Actor.objects.filter(pk=draft_organisation.pk), reviewer=reviewer)
    # The person's own roles do not hold the person: nothing else shows them.
    assert records_return_to_draft(records=Actor.objects.filter(pk=published.pk), reviewer=reviewer) == 1


def test_an_editor_cannot_restore_a_deleted_role_of_a_published_person(client, people, draft_organisation):
    published, _ = people
    Role.objects.create(person=published, title="Secret Envoy", organisation=draft_organisation).delete()
    deletion = Role.history.get(title="Secret Envoy", history_type="-")
    Actor.objects.filter(pk=draft_organisation.pk).update(status=ReviewStatus.DRAFT)  # as it was before

    response = signed_in(client, EDITOR).post(
        reverse("admin:claims_role_restore", args=[deletion.history_id])
    )

    assert response.status_code == 302
    assert not Role.objects.filter(title="Secret Envoy").exists()
    assert Actor.objects.get(pk=draft_organisation.pk).status == ReviewStatus.DRAFT
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == [
        "Anna Published is published: readers would see this role without review. "
        "Ask a reviewer to restore it."
    ]
