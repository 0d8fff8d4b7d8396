"""Users from the real groups (manage.py setup_groups), and a helper to post admin change forms back."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from claims.management.commands.setup_groups import EDITOR, REVIEWER, setup_groups


def _member(name: str, group: str) -> User:
    setup_groups()
    user = User.objects.create_user(name, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def desk_editor(db) -> User:
    """A member of the Editor group: creates and edits drafts, cannot publish or delete."""
    return _member("desk-editor", EDITOR)


@pytest.fixture
def reviewer(db) -> User:
    """A member of the Reviewer group: may also publish, return to draft and delete."""
    return _member("reviewer", REVIEWER)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk_editor_client(desk_editor) -> Client:
    return _client_for(desk_editor)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def other_editor_client(db) -> Client:
    """A second editor in another browser, for concurrent edits."""
    return _client_for(_member("other-editor", EDITOR))


def _form_values(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def change_form_data(response: Any) -> dict[str, Any]:
    """What a browser would post back from an admin change (or revert) page, unchanged."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(_form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_values(form))
    return data


@pytest.fixture
def form_data() -> Callable[[Any], dict[str, Any]]:
    return change_form_data
