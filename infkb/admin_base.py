"""What every admin page of the project shares: history, and who entered what."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


def _record_creator(request: HttpRequest, obj: models.Model) -> None:
    if hasattr(obj, "created_by_id") and obj.pk is None and obj.created_by_id is None:
        obj.created_by = request.user


class CuratedAdmin(SimpleHistoryAdmin):
    """Base admin: keeps history (with the editor's name) and records who created each record."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        _record_creator(request, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in instances:
            _record_creator(request, obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


PROVENANCE_FIELDS = ("created_by", "created_at", "updated_at")

admin.site.empty_value_display = "—"
