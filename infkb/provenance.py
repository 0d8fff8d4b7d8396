"""Abstract models every curated record shares: who entered it and when, and its review state."""

from typing import Any

from django.conf import settings
from django.db import models


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Provenance(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who entered it. Empty for records loaded from the seed corpus.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReviewableQuerySet(models.QuerySet):
    """The one visibility rule: a record is public when it is published and so is every record it joins.

    `joins` names the foreign keys to other reviewable records that a row only links (a stance
    joins a statement and a claim): publishing the row does not publish them, so the rule checks
    them too. Records a published record *shows* (a statement's speaker and article) are
    published with it by claims/review.py and need no join here.
    Pages, API, filters, search, exports, the graph and the counters read through `published()`,
    `visible_to()` or `published_q()`; none writes the clause out.
    """

    joins: tuple[str, ...] = ()

    def published(self) -> "ReviewableQuerySet":
        return self.filter(published_q(self.model))

    def published_in_index_order(self) -> "ReviewableQuerySet":
        """published(), with each joined record checked as "not among the unpublished ones".

        The same rows. published() joins every row to the records it links, and the planner then
        hashes or probes those tables for each row; here the check is a filter on the row itself
        (a NOT IN over the few unpublished records, read once through the status index), so an
        index's order, and an index-only scan, survive: a hub's relations read newest first, or
        by id, stop after the rows shown (claims/graph.py, the claim page).
        """
        unpublished = [status for status in ReviewStatus.values if status != ReviewStatus.PUBLISHED]
        rows = self.filter(status=ReviewStatus.PUBLISHED)
        for join in self.joins:
            linked = self.model._meta.get_field(join).related_model._default_manager
            rows = rows.exclude(**{f"{join}__in": linked.filter(status__in=unpublished).values("pk")})
        return rows

    def drafts(self) -> "ReviewableQuerySet":
        return self.filter(status=ReviewStatus.DRAFT)

    def visible_to(self, user: Any) -> "ReviewableQuerySet":
        """What `user` may read: drafts too for editors of this model, published records for the rest."""
        return self if sees_drafts(user, self.model) else self.published()


def published_q(model: type[models.Model], prefix: str = "", *, joined_from: str = "") -> models.Q:
    """The rule as a condition, for `model` rows reached through a relation (`prefix` "stances__").

    Use it inside one filter() call with the relation's other conditions, so both read the same row.
    `joined_from` names the join back to the rows the query starts from ("statement" for a
    statement's stances): their own published() covers it, and checking it again costs a self-join.
    """
    joins = [join for join in model._default_manager.get_queryset().joins if join != joined_from]
    return models.Q(
        **{f"{prefix}status": ReviewStatus.PUBLISHED},
        **{f"{prefix}{join}__status": ReviewStatus.PUBLISHED for join in joins},
    )


def links_visible_to(links: models.QuerySet, end: str, user: Any) -> models.QuerySet:
    """The rows of a many-to-many table `links` whose `end` (a reviewable record) `user` may read.

    Publishing a record publishes what it links to (claims/review.py), but a link no signal saw
    (restored with a deleted record, loaded from a backup, written in bulk) can still join a
    published record to a draft: readers see the record without the draft.
    """
    model = links.model._meta.get_field(end).related_model
    return links if sees_drafts(user, model) else links.filter(published_q(model, f"{end}__"))


def publish_permission(model: type[models.Model]) -> str:
    """The permission that lets a reviewer publish `model` records or return them to draft."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def sees_drafts(user: Any, model: type[models.Model]) -> bool:
    """Editors (users who may view or change `model` records in the admin) see drafts; readers do not."""
    if user is None or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


class Reviewable(Provenance):
    """A record that is a draft until a reviewer publishes it.

    `version` grows by one at every save; an edit based on an older version is
    refused instead of silently overwriting someone else's (see infkb/concurrency.py).
    """

    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # The reverse relation whose records a reviewer publishes with this one (infkb/services.py).
    reviewed_with = ""

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED
