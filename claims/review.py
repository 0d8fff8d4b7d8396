"""What a published record needs is published with it: readers never meet a record nobody reviewed.

Actors, articles, outlets, events and weapon systems are drafts when an editor creates them (a new
speaker accepted from a quote candidate, an imported article). They become public when a reviewer
publishes them, or when a reviewer publishes a record that shows them: a statement shows its
speaker (and whom it reports), its article (and the article's outlet) and its events; a claim
shows its weapon systems and the actors it is about; a person shows the organisations of their roles
(a role has no status of its own: it is public with its person). The signals below catch every way of
publishing — the admin's actions, change forms and reverts, the API, undoing a deletion — so no
path can publish a statement whose speaker stays a draft.
"""

from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from claims.models import Actor, Claim, Event, Role, Statement, WeaponSystem
from infkb.concurrency import bump_version
from infkb.history import HistoricalRecords
from infkb.provenance import Reviewable, ReviewStatus
from sources.models import Article, Outlet


def records_needed(record: models.Model) -> list[Reviewable]:
    """The records a page showing `record` shows with it."""
    if isinstance(record, Statement):
        reported = [record.reported_speaker] if record.reported_speaker_id else []
        return [record.speaker, *reported, record.article, *record.events.all()]
    if isinstance(record, Claim):
        return [*record.weapon_systems.all(), *record.subjects.all()]
    if isinstance(record, Event):
        return [*record.actors.all(), *record.weapon_systems.all()]
    if isinstance(record, Article):
        return [record.outlet]
    if isinstance(record, Actor | Outlet | WeaponSystem):
        country = [record.country] if record.country_id else []
        if isinstance(record, Actor):
            # A person's page, the actor API and statements' role_held show each role's organisation.
            roles = record.roles.filter(organisation__isnull=False).select_related("organisation")
            return [*country, *(role.organisation for role in roles)]
        return country
    return []


def needed_records_publish(record: Reviewable) -> int:
    """Publish the drafts `record` needs, as published by whoever published `record`."""
    return _publish(
        records_needed(record),
        shown_by=record,
        reviewer=record.reviewed_by,
        history_user=getattr(record, "_history_user", None) or record.reviewed_by,
    )


def _publish(records: list[Reviewable], *, shown_by: models.Model, reviewer: Any, history_user: Any) -> int:
    published = 0
    for needed in records:
        if needed.status == ReviewStatus.PUBLISHED:
            continue
        bump_version(needed)
        needed.status = ReviewStatus.PUBLISHED
        needed.reviewed_by = reviewer
        needed.reviewed_at = getattr(shown_by, "reviewed_at", None) or timezone.now()
        needed._history_user = history_user
        needed._change_reason = f"Published with {shown_by._meta.verbose_name} #{shown_by.pk}"
        needed.save()  # its own post_save publishes what it needs in turn (an article's outlet…)
        published += 1
    return published


SHOWS_OTHERS = (Statement, Claim, Event, Article, Actor, Outlet, WeaponSystem)


@receiver(post_save)
def publish_what_a_published_record_needs(
    sender: type, instance: Any, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not isinstance(instance, SHOWS_OTHERS) or instance.status != ReviewStatus.PUBLISHED:
        return
    needed_records_publish(instance)


@receiver(post_save, sender=Role)
def publish_the_organisation_a_published_persons_role_shows(
    sender: type, instance: Role, raw: bool = False, **kwargs: Any
) -> None:
    """A role has no status: it shows as soon as its person is published, and its organisation with it.

    Only those who may publish actors save a published person's role (RoleAdmin, is_locked_for,
    CuratedAdmin.restore_refusal), so the organisation is published by them.
    """
    if raw or not instance.organisation_id or instance.person.status != ReviewStatus.PUBLISHED:
        return
    saver = _who_saved(instance)
    _publish([instance.organisation], shown_by=instance, reviewer=saver, history_user=saver)


def _who_saved(record: models.Model) -> Any:
    """Who saves `record`: set by the admin and the API, else the request's user (django-simple-history's
    middleware); None in a script."""
    user = getattr(record, "_history_user", None)
    if user is None:
        user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(m2m_changed)
def publish_what_is_linked_to_a_published_record(
    sender: type, instance: Any, action: str, reverse: bool, model: type, pk_set: Any, **kwargs: Any
) -> None:
    """A draft event added to a published statement (or a draft actor to a published claim) is published.

    From either end: `actor.claims_about.add(claim)` publishes the actor as `claim.subjects.add(actor)` does.
    """
    showing_model = model if reverse else type(instance)
    if action != "post_add" or not issubclass(showing_model, SHOWS_OTHERS):
        return
    if getattr(instance, "skip_history_when_saving", False):
        return  # a fixture being loaded (claims/apps.py): it brings its records' states with it
    showing = model._base_manager.filter(pk__in=pk_set) if reverse else [instance]
    for record in showing:
        if record.status == ReviewStatus.PUBLISHED:
            needed_records_publish(record)
