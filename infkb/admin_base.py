"""What every admin page of the project shares.

- history (django-simple-history: every change, who made it, revert to an earlier version);
- who created each record;
- optimistic locking: a change form based on an out-of-date copy is refused (infkb/concurrency.py);
- review: drafts become visible only when someone with the publish_<model> permission publishes them;
  without it, `status` is read-only;
- "Recently deleted": deleted records, listed from their history, restored with one click.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from infkb.admin_paginator import BoundedCountPaginator
from infkb.admin_widgets import KeysOnlyAutocompleteFields
from infkb.concurrency import (
    VERSION_FIELD,
    EditConflict,
    both_changed,
    bump_version,
    changes_since,
    check_token,
    claim_version,
    current_token,
    merge_retried_edit,
    state_at,
    token_field,
    token_from_str,
    token_to_str,
)
from infkb.date_forms import FuzzyDatesMixin, fuzzy_date_pairs
from infkb.plain_text import PlainTextFormMixin
from infkb.provenance import Reviewable, ReviewStatus, publish_permission
from infkb.services import (
    RestoreError,
    ReviewError,
    deleted_record_restore,
    deleted_records,
    draft_refusal,
    records_publish,
    records_return_to_draft,
)

LOADED_TOKEN = "loaded_token"
# The state the editor's edits start from: after a refusal, loaded_token moves on, this stays.
BASE_TOKEN = "base_token"
PROVENANCE_FIELDS = ("created_by", "created_at", "updated_at")


@admin.display(description="Wikidata", ordering="wikidata_id")
def wikidata_link(record: models.Model) -> str:
    """A list column: the record's Wikidata id, linked to its item (actors, outlets, weapon systems)."""
    if not record.wikidata_id:
        return ""
    return format_html('<a href="{}" rel="noopener">{}</a>', record.wikidata_url, record.wikidata_id)


def _record_creator(request: HttpRequest, obj: models.Model) -> None:
    if hasattr(obj, "created_by_id") and obj.pk is None and obj.created_by_id is None:
        obj.created_by = request.user


def is_reviewable(model: type[models.Model]) -> bool:
    return issubclass(model, Reviewable)


def can_publish(request: HttpRequest, model: type[models.Model]) -> bool:
    return request.user.has_perm(publish_permission(model))


class LockedForm(forms.ModelForm):
    """A change form that carries the state it was opened with and refuses to overwrite a newer one."""

    loaded_token = forms.CharField(widget=forms.HiddenInput, required=False)
    base_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded = None
        if self.instance.pk is not None:
            # The stored state, not the instance's: the "revert" form is built from an old version.
            current = current_token(type(self.instance), self.instance.pk)
            for name in (LOADED_TOKEN, BASE_TOKEN):
                self.fields[name].initial = "" if current is None else token_to_str(current)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        raw = cleaned.get(LOADED_TOKEN)
        if self.instance.pk is None or not raw:
            return cleaned
        model = type(self.instance)
        try:
            loaded = token_from_str(model, raw)
            base = token_from_str(model, cleaned.get(BASE_TOKEN) or raw)
        except (TypeError, ValueError):
            raise ValidationError("This form is damaged: reload the page and edit again.") from None
        try:
            check_token(self.instance, loaded)
        except EditConflict as conflict:
            self._refuse(conflict, base)
        self.loaded = loaded
        if base != loaded:
            # Saved again after a refusal: write only the fields this editor changed.
            state = state_at(self.instance, base)
            if state is not None:
                merge_retried_edit(
                    self.instance, cleaned, state, model._base_manager.get(pk=self.instance.pk)
                )
        return cleaned

    def _refuse(self, conflict: EditConflict, base: Any) -> None:
        """Refuse the save; a field both editors changed shows theirs beside this editor's own value."""
        model = type(self.instance)
        # Saving again now is a deliberate choice: it is checked against today's state, and merged
        # from the state the edits started from (base_token, posted unchanged).
        self.data = self.data.copy()
        self.data[self.add_prefix(LOADED_TOKEN)] = token_to_str(current_token(model, self.instance.pk))
        state = state_at(self.instance, base)
        message = str(conflict)
        if state is not None:
            theirs, _ = changes_since(self.instance, base)
            clashes = both_changed(self.instance, self.cleaned_data, state, theirs)
            for clash in clashes:
                self.add_error(
                    clash.field,
                    f"Changed by both of you. Theirs: “{clash.new if clash.new is not None else ''}”. "
                    "Yours is in the field: saving again keeps yours.",
                )
            if clashes:
                both = "; ".join(f"{c.field}: yours “{c.old}”, theirs “{c.new}”" for c in clashes)
                message += f" Changed by both of you: {both}."
        raise ValidationError(message, code="edit_conflict") from None


class ReviewForm(forms.ModelForm):
    """A reviewer who sets `status` back to draft in the form is refused as the action refuses them.

    While published records still show this one ("3 published statements"), readers would meet
    them without it: the form answers with the action's message instead of saving.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None or cleaned.get("status") != ReviewStatus.DRAFT:
            return cleaned
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is not None and stored.status == ReviewStatus.PUBLISHED:
            refusal = draft_refusal(stored)
            if refusal:
                self.add_error("status", refusal)
        return cleaned


def is_locked_for(request: HttpRequest, obj: Any) -> bool:
    """A published record is changed only by those who may publish: editors edit drafts.

    Otherwise an editor's change would reach readers without review.
    """
    return (
        obj is not None
        and is_reviewable(type(obj))
        and obj.status == ReviewStatus.PUBLISHED
        and not can_publish(request, type(obj))
    )


class ReviewableInlineMixin(KeysOnlyAutocompleteFields):
    """Inline rows of drafts: `status` is read-only, and published rows too, for those who may not publish."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if is_reviewable(self.model) and not can_publish(request, self.model):
            readonly.append("status")
        return readonly

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        base_form = formset.form

        class RowForm(base_form):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                if is_locked_for(request, self.instance):
                    for field in self.fields.values():
                        field.disabled = True

        formset.form = RowForm
        return formset


class HistoryChanges(HistoricalRecordContextHelper):
    """The "Changes" column of a history: an empty link reads as empty, not as a deleted record."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "(empty)"
        return super().prepare_delta_change_value(change, value)


class CuratedAdmin(KeysOnlyAutocompleteFields, SimpleHistoryAdmin):
    """Base admin: history, creators, optimistic locking, review and undo of deletion."""

    change_list_template = "admin/curated/change_list.html"
    object_history_list_template = "admin/curated/object_history_list.html"
    # Lists and autocompletes count their rows only up to a bound (infkb/admin_paginator.py); a
    # filtered list says "Show all" rather than counting the whole table (Django's option).
    paginator = BoundedCountPaginator
    show_full_result_count = False

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        if token_field(model) is not None and not issubclass(self.form, LockedForm):
            self.form = type(f"Locked{self.form.__name__}", (LockedForm, self.form), {})
        if is_reviewable(model) and not issubclass(self.form, ReviewForm):
            self.form = type(f"Reviewed{self.form.__name__}", (ReviewForm, self.form), {})
        if fuzzy_date_pairs(model) and not issubclass(self.form, FuzzyDatesMixin):
            self.form = type(f"FuzzyDates{self.form.__name__}", (FuzzyDatesMixin, self.form), {})
        if not issubclass(self.form, PlainTextFormMixin):
            self.form = type(f"PlainText{self.form.__name__}", (PlainTextFormMixin, self.form), {})

    # ------------------------------------------------------------ bounded inlines

    # A change form draws at most this many rows of an inline. The biggest claim has 50,000
    # stances and a hub 4,000 relations: at a million statements its form took 13 minutes and
    # 8,888 queries to draw. Past the bound the rows are edited in their own list, filtered.
    max_inline_rows = 200

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list:
        inlines = super().get_inline_instances(request, obj)
        return [inline for inline in inlines if not self._inline_rows_beyond_bound(request, inline, obj)]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        for inline in super().get_inline_instances(request, obj) if obj is not None else []:
            rows = self._inline_rows_beyond_bound(request, inline, obj)
            if rows:
                messages.info(
                    request,
                    format_html(
                        "{} has more than {} {}: they are not shown here. "
                        '<a href="{}">Edit them in their list</a>.',
                        obj,
                        self.max_inline_rows,
                        inline.verbose_name_plural,
                        rows,
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _inline_rows_beyond_bound(self, request: HttpRequest, inline: Any, obj: Any) -> str:
        """The URL of the inline's rows of `obj`, filtered, when there are more than max_inline_rows.

        Django asks for the inlines several times a request (the message above, the formsets, the
        page): each inline's rows are counted once per request, remembered on it.
        """
        if obj is None or obj.pk is None:
            return ""
        link = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name).name
        remembered = request.__dict__.setdefault("_inline_rows_beyond_bound", {})
        key = (inline.model, link, type(obj), obj.pk)
        if key not in remembered:
            rows = inline.model._default_manager.filter(**{link: obj})
            remembered[key] = rows[: self.max_inline_rows + 1].count() > self.max_inline_rows
        if not remembered[key]:
            return ""
        opts = inline.model._meta
        return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{link}__id__exact={obj.pk}"

    # ------------------------------------------------------------ saving

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if token_field(self.model) is None or LOADED_TOKEN in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], LOADED_TOKEN, BASE_TOKEN]}), *fieldsets[1:]]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not is_locked_for(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if is_reviewable(self.model):
            # Set by the publish actions only, so that they always say who published.
            readonly += ["reviewed_by", "reviewed_at"]
            if not can_publish(request, self.model):
                readonly.append("status")
        return readonly

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        _record_creator(request, obj)
        self._keep_what_the_form_cannot_change(request, obj)
        self._record_reviewer(request, obj, change)
        if change and token_field(type(obj)) == VERSION_FIELD:
            loaded = getattr(form, "loaded", None)
            if loaded is None:
                bump_version(obj)
            else:
                claim_version(obj, loaded_version=loaded)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in instances:
            _record_creator(request, obj)
            bump_version(obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # Only when two saves raced past the form check (SQLite has no row locks); rolled back.
            messages.error(request, str(conflict))
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ):
        """Revert to an earlier version: checked like any edit of the stored record, and all or nothing.

        django-simple-history checks only the *old version's* view permission, so without this an
        editor could POST a published version over a draft, or any version over a published record,
        and publish without review.
        """
        stored = self._stored(object_id)
        if stored is None:
            raise Http404(f"No {self.model._meta.verbose_name} with id {object_id}: see “Recently deleted”.")
        if request.method == "POST" and not self.has_change_permission(request, stored):
            raise PermissionDenied
        request._revert_base = stored
        version = None
        if str(version_id).isdigit():
            version = self.model.history.filter(
                history_id=version_id, **{self.model._meta.pk.attname: stored.pk}
            )
            version = version.first()
        request._revert_version_date = version.history_date if version is not None else None
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict as conflict:
            messages.error(request, str(conflict))
            return HttpResponseRedirect(request.get_full_path())

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        # Nothing here sets a change reason: the column shows only if some version has one.
        own = {self.model._meta.pk.attname: object_id}
        reasons = self.model.history.filter(**own).exclude(history_change_reason__isnull=True)
        reasons = reasons.exclude(history_change_reason="")
        extra_context = {**(extra_context or {}), "show_change_reasons": reasons.exists()}
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record: Any) -> Any:
        return HistoryChanges(self.model, historical_record)

    def message_user(
        self, request: HttpRequest, message: Any, level: int = messages.INFO, *args, **kwargs
    ) -> None:
        """After a revert, say so, and to which version: not the change form's "changed successfully"."""
        reverted_to = getattr(request, "_revert_version_date", None)
        if reverted_to is not None and level == messages.SUCCESS:
            message = (
                f"The {self.model._meta.verbose_name} “{request._revert_base}” was reverted to the version "
                f"of {date_format(timezone.localtime(reverted_to), 'DATETIME_FORMAT')}."
            )
        super().message_user(request, message, level, *args, **kwargs)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        """Judged on the stored record: an old version's review state says nothing about today's."""
        stored = self._stored(obj.pk) if obj is not None else None
        return super().revert_disabled(request, stored)

    def _record_reviewer(self, request: HttpRequest, obj: models.Model, change: bool) -> None:
        """A reviewer who publishes or withdraws from a form is recorded, as the actions record them."""
        if not (change and is_reviewable(type(obj))):
            return
        stored = self._stored(obj.pk)
        if stored is not None and stored.status != obj.status:
            obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()

    def _stored(self, object_id: Any) -> models.Model | None:
        return self.model._default_manager.filter(pk=object_id).first()

    def _keep_what_the_form_cannot_change(self, request: HttpRequest, obj: models.Model) -> None:
        """A revert writes back only what this user could have typed into the change form.

        Read-only fields (review state for editors, who reviewed, who created) keep their stored
        values instead of the old version's, so a revert never publishes or un-publishes by itself.
        """
        stored = getattr(request, "_revert_base", None)
        if stored is None or stored.pk != obj.pk:
            return
        concrete = {field.name: field for field in obj._meta.concrete_fields}
        for name in self.get_readonly_fields(request, stored):
            if name in concrete:
                attname = concrete[name].attname
                setattr(obj, attname, getattr(stored, attname))

    # ------------------------------------------------------------ review

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if is_reviewable(self.model) and can_publish(request, self.model):
            for action in (publish_selected, return_to_draft):
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    # ------------------------------------------------------------ recently deleted

    def get_urls(self) -> list:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=f"{name}_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Recently deleted {self.model._meta.verbose_name_plural}",
            "records": deleted_records(model=self.model),
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/curated/deleted_list.html", context)

    def restore_view(self, request: HttpRequest, history_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(self._deleted_url())
        if not self.has_add_permission(request):
            raise PermissionDenied
        historical = get_object_or_404(self.model.history.model, history_id=history_id, history_type="-")
        refusal = self.restore_refusal(request, historical)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self._deleted_url())
        try:
            record, children = deleted_record_restore(historical_record=historical, user=request.user)
        except RestoreError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self._deleted_url())
        restored = f" with {children} related record(s)" if children else ""
        messages.success(request, f"Restored “{record}”{restored}.")
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        )

    def restore_refusal(self, request: HttpRequest, historical: Any) -> str:
        """Why `request.user` may not restore this deleted record, or "" (a hook: see RoleAdmin)."""
        return ""

    def _deleted_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")


@admin.action(description="Publish selected %(verbose_name_plural)s")
def publish_selected(modeladmin: CuratedAdmin, request: HttpRequest, queryset: models.QuerySet) -> None:
    if not can_publish(request, modeladmin.model):
        raise PermissionDenied
    count = records_publish(records=queryset, reviewer=request.user)
    modeladmin.message_user(request, f"Published {count} {modeladmin.model._meta.verbose_name_plural}.")


@admin.action(description="Return selected %(verbose_name_plural)s to draft")
def return_to_draft(modeladmin: CuratedAdmin, request: HttpRequest, queryset: models.QuerySet) -> None:
    if not can_publish(request, modeladmin.model):
        raise PermissionDenied
    try:
        count = records_return_to_draft(records=queryset, reviewer=request.user)
    except ReviewError as refusal:
        modeladmin.message_user(request, str(refusal), level=messages.ERROR)
        return
    modeladmin.message_user(
        request, f"Returned {count} {modeladmin.model._meta.verbose_name_plural} to draft."
    )


admin.site.empty_value_display = "—"
