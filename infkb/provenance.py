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
    def published(self) -> "ReviewableQuerySet":
        return self.filter(status=ReviewStatus.PUBLISHED)

    def drafts(self) -> "ReviewableQuerySet":
        return self.filter(status=ReviewStatus.DRAFT)

    def visible_to(self, user: Any) -> "ReviewableQuerySet":
        """What `user` may read: drafts too for editors of this model, published records for the rest."""
        return self if sees_drafts(user, self.model) else self.published()


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
    refused instead of silently overwriting someone else's (see claims/concurrency.py).
    """

    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED
