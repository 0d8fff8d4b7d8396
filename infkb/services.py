"""Writes every curated record shares: publishing, returning to draft, undoing a deletion.

Each runs in one transaction and records who did it in the history. What a record needs published
with it (a statement's speaker…) is the apps' business: claims/review.py answers the post_save.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from infkb.concurrency import bump_version
from infkb.provenance import Reviewable, ReviewStatus, publish_permission


class ReviewError(Exception):
    """A review action that would leave readers with a record nobody reviewed."""


def _require_publish_permission(model: type[models.Model], reviewer: Any) -> None:
    if not reviewer.has_perm(publish_permission(model)):
        raise PermissionDenied(f"Only a reviewer may publish {model._meta.verbose_name_plural}.")


def _set_status(records: Iterable[Reviewable], *, status: str, reviewer: Any) -> int:
    """Set status on each record that differs, one save each so that history records who and when."""
    now = timezone.now()
    changed = 0
    for record in records:
        if record.status == status:
            continue
        bump_version(record)
        record.status = status
        record.reviewed_by = reviewer
        record.reviewed_at = now
        record._history_user = reviewer
        record.save()
        changed += 1
    return changed


def published_dependents(record: Reviewable) -> list[str]:
    """What still shows `record` to readers: published records that point at it ("3 statements").

    Links (stances, claim relations: models whose QuerySet `joins` its ends) do not count: the
    visibility rule hides a link whose end is a draft, so a link never holds its ends published.
    A record without a status of its own that is public with another (`public_with`: a role with
    its person) counts while that one is published.
    """
    found = []
    for relation in record._meta.related_objects:
        related = relation.related_model
        if _is_link(getattr(relation, "through", None)):
            continue  # a many-to-many through links (a claim's `statements`: their stances)
        if issubclass(related, Reviewable) and not _is_link(related):
            published = {"status": ReviewStatus.PUBLISHED}
        elif getattr(related, "public_with", "") not in ("", relation.field.name):  # not its own roles
            published = {f"{related.public_with}__status": ReviewStatus.PUBLISHED}
        else:
            continue
        accessor = relation.get_accessor_name()
        manager = getattr(record, accessor, None)
        if manager is None or not hasattr(manager, "filter"):
            continue
        count = manager.filter(**published).count()
        if count:
            name = related._meta.verbose_name if count == 1 else related._meta.verbose_name_plural
            found.append(f"{count} published {name}")
    return found


def _is_link(model: type[models.Model] | None) -> bool:
    """A reviewable model whose rows join two records (a stance, a claim relation)."""
    return (
        model is not None
        and issubclass(model, Reviewable)
        and bool(model._default_manager.get_queryset().joins)
    )


@transaction.atomic
def records_publish(*, records: models.QuerySet, reviewer: Any) -> int:
    """Publish the drafts among `records`; return how many were published.

    Records of the model's `reviewed_with` relation are published with them (a statement's
    stances: a stance is the statement's link to a claim and is reviewed with it).
    """
    _require_publish_permission(records.model, reviewer)
    pks = list(records.values_list("pk", flat=True))
    locked = records.model.objects.filter(pk__in=pks).select_for_update()
    count = _set_status(locked, status=ReviewStatus.PUBLISHED, reviewer=reviewer)
    if records.model.reviewed_with:
        relation = records.model._meta.get_field(records.model.reviewed_with)
        companions = relation.related_model.objects.filter(**{f"{relation.field.name}__in": pks})
        _set_status(companions.select_for_update(), status=ReviewStatus.PUBLISHED, reviewer=reviewer)
    return count


@transaction.atomic
def records_return_to_draft(*, records: models.QuerySet, reviewer: Any) -> int:
    """Take published records back to draft (hidden from readers); return how many changed."""
    _require_publish_permission(records.model, reviewer)
    pks = list(records.values_list("pk", flat=True))
    locked = records.model.objects.filter(pk__in=pks).select_for_update()
    for record in locked:
        refusal = draft_refusal(record)
        if refusal:
            raise ReviewError(refusal)
    return _set_status(locked, status=ReviewStatus.DRAFT, reviewer=reviewer)


def draft_refusal(record: Reviewable) -> str:
    """Why `record` may not go back to draft (published records still show it), or "" if it may.

    Every route to draft in the admin asks: the changelist action, the change form and a revert.
    (The API writes the status of claims, relations and statements only, which nothing holds.)
    """
    needed_by = published_dependents(record)
    if not needed_by:
        return ""
    return (
        f"“{record}” stays published: {', '.join(needed_by)} show it to readers. Return those to draft first."
    )


# ---------------------------------------------------------------- undoing a deletion

# Records deleted along with the one being restored (its stances, aliases…) are
# those whose deletion the history dates within this window of its own.
CASCADE_WINDOW = datetime.timedelta(seconds=60)
DELETED_LIST_LIMIT = 200


class RestoreError(ValueError):
    """The deleted record cannot be restored; the message says why. Nothing was changed."""


def deleted_records(*, model: type[models.Model]) -> list[Any]:
    """The deletion entries of `model`'s history whose record is still gone, newest first."""
    history = model.history.model
    live = model._base_manager.values("pk")
    entries = (
        history.objects.filter(history_type="-")
        .exclude(**{f"{model._meta.pk.attname}__in": live})
        .select_related("history_user")
        .order_by("-history_date")
    )
    seen, result = set(), []
    for entry in entries[: DELETED_LIST_LIMIT * 2]:
        entry.record_pk = getattr(entry, model._meta.pk.attname)
        if entry.record_pk not in seen:
            seen.add(entry.record_pk)
            result.append(entry)
    return result[:DELETED_LIST_LIMIT]


def _cascaded_children(model: type[models.Model], pk: Any, deleted_at: datetime.datetime) -> list[Any]:
    """Deletion entries of the records that `model`'s deletion cascaded to, still gone."""
    children = []
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is not models.CASCADE:
            continue
        child_model = relation.related_model
        if not hasattr(child_model, "history"):
            continue
        entries = child_model.history.model.objects.filter(
            history_type="-",
            history_date__range=(deleted_at - CASCADE_WINDOW, deleted_at + CASCADE_WINDOW),
            **{relation.field.attname: pk},
        ).exclude(**{f"{child_model._meta.pk.attname}__in": child_model._base_manager.values("pk")})
        children.extend(entries)
    return children


def _restore_one(historical: Any, user: Any) -> models.Model:
    record = historical.instance
    record._state.adding = True
    try:
        record.full_clean()
    except ValidationError as error:
        raise RestoreError(f"“{record}” cannot be restored: {' '.join(error.messages)}") from None
    record._history_user = user
    record._change_reason = "Restored after deletion"
    if isinstance(record, Reviewable) and not user.has_perm(publish_permission(type(record))):
        # Whoever may not publish may undo a deletion, but not make anything live by it.
        record.status = ReviewStatus.DRAFT
    record.save(force_insert=True)
    _restore_links(record, historical)
    return record


def _restore_links(record: models.Model, deletion: Any) -> None:
    """Give the record back the many-to-many links it had (its events, weapon systems…).

    The deletion entry's copy of the links is empty (Django removes them before
    the entry is written), so they come from the last entry before it.
    """
    fields = getattr(deletion, "_history_m2m_fields", [])
    if not fields:
        return
    before = (
        type(deletion)
        .objects.filter(**{record._meta.pk.attname: record.pk}, history_date__lt=deletion.history_date)
        .exclude(history_type="-")
        .order_by("-history_date")
        .first()
    )
    if before is None:
        return
    for field in fields:
        target_id = f"{field.m2m_reverse_field_name()}_id"
        ids = [getattr(link, target_id) for link in getattr(before, field.name).all()]
        getattr(record, field.name).set(field.related_model._base_manager.filter(pk__in=ids))


@transaction.atomic
def deleted_record_restore(*, historical_record: Any, user: Any) -> tuple[models.Model, int]:
    """Bring a deleted record back from its history, with what its deletion took along.

    Returns (record, number of related records restored). Related records are
    those deleted by cascade with it (a statement's stances, an actor's aliases
    and roles…) that can still be restored; one whose other end is gone too (a
    stance on a deleted claim) stays deleted. Many-to-many links (a statement's
    events, a claim's weapon systems) come back as they were before the deletion.
    """
    model = historical_record.instance_type
    pk = getattr(historical_record, model._meta.pk.attname)
    if model._base_manager.filter(pk=pk).exists():
        raise RestoreError(f"“{historical_record.instance}” exists: it was already restored.")
    try:
        with transaction.atomic():
            record = _restore_one(historical_record, user)
    except IntegrityError as error:
        raise RestoreError(f"“{historical_record.instance}” cannot be restored: {error}") from None
    restored_children = 0
    for child in _cascaded_children(model, pk, historical_record.history_date):
        try:
            with transaction.atomic():
                _restore_one(child, user)
            restored_children += 1
        except (RestoreError, IntegrityError, ObjectDoesNotExist):
            continue
    return record, restored_children
