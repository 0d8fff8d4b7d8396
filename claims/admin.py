from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from claims import article_admin  # noqa: F401  (registers the articles' admin: the editors' workbench)
from claims.admin_search import IndexSearchMixin, claim_search, statement_search
from claims.forms import DistinctNamesFormSet, StatementForm
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimedRange,
    ClaimRelation,
    Event,
    Role,
    Stance,
    Statement,
    WeaponDesignation,
    WeaponSystem,
)
from infkb.admin_base import (
    PROVENANCE_FIELDS,
    CuratedAdmin,
    ReviewableInlineMixin,
    can_publish,
    wikidata_link,
)
from infkb.admin_widgets import KeysOnlyAutocompleteFields
from infkb.date_forms import FuzzyDatesMixin
from infkb.provenance import ReviewStatus

# ---------------------------------------------------------------- actors


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    formset = DistinctNamesFormSet
    extra = 1


class RoleForm(FuzzyDatesMixin, forms.ModelForm):
    pass


class StandaloneRoleForm(RoleForm):
    """A published person's role is on readers' pages at once: only those who may publish actors add one.

    (On the person's own page the inline follows the person: a published person is locked for editors.)
    """

    may_publish_actors = True  # set per request by RoleAdmin.get_form

    def clean_person(self) -> Actor:
        person = self.cleaned_data["person"]
        if person.status == ReviewStatus.PUBLISHED and not self.may_publish_actors:
            raise forms.ValidationError(
                f"{person.name} is published: readers would see this role without review. "
                "Ask a reviewer to add it, or add it to a draft person."
            )
        return person


class RoleInline(KeysOnlyAutocompleteFields, admin.TabularInline):
    model = Role
    form = RoleForm
    fk_name = "person"
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    # statement_count is the counter column (published statements, claims/counters.py): no
    # Count() of every actor's statements before the sort (1.8 s at 1M, and never shown).
    list_display = ["name", "kind", "country", "alias_list", "statement_count", wikidata_link]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "=wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    readonly_fields = PROVENANCE_FIELDS
    inlines = [ActorAliasInline, RoleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("country").prefetch_related("aliases")

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple:
        """Also find actors by any spelling: "ermakov" finds Vladimir Yermakov."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            by_alias = queryset.filter(pk__in=Actor.objects.by_transliteration(search_term).values("pk"))
            results = results | by_alias
        return results, True if search_term else may_have_duplicates

    @admin.display(description="aliases")
    def alias_list(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(Role)
class RoleAdmin(CuratedAdmin):
    form = StandaloneRoleForm
    list_display = ["person", "title", "organisation", "period_display"]
    list_filter = ["organisation"]
    search_fields = ["person__name", "title", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]

    def has_change_permission(self, request: HttpRequest, obj: Role | None = None) -> bool:
        """A published person's roles are locked for editors, as the person is (is_locked_for)."""
        published_person = obj is not None and obj.person.status == ReviewStatus.PUBLISHED
        if published_person and not can_publish(request, Actor):
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request: HttpRequest, obj: Role | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish_actors = can_publish(request, Actor)
        return form

    def restore_refusal(self, request: HttpRequest, historical) -> str:
        """A restored role of a published person is public at once (and publishes its organisation)."""
        person = Actor.objects.filter(pk=historical.person_id).first()
        if person is not None and person.status == ReviewStatus.PUBLISHED and not can_publish(request, Actor):
            return (
                f"{person.name} is published: readers would see this role without review. "
                "Ask a reviewer to restore it."
            )
        return ""


# ---------------------------------------------------------------- weapon systems and events


class WeaponDesignationInline(admin.TabularInline):
    model = WeaponDesignation
    formset = DistinctNamesFormSet
    extra = 1


@admin.register(WeaponSystem)
class WeaponSystemAdmin(CuratedAdmin):
    list_display = ["name", "category", "basing", "country", "designation_list", wikidata_link]
    list_filter = ["category", "basing", "country"]
    search_fields = ["name", "designations__name", "description", "=wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    readonly_fields = PROVENANCE_FIELDS
    inlines = [WeaponDesignationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("country").prefetch_related("designations")

    @admin.display(description="designations")
    def designation_list(self, weapon: WeaponSystem) -> str:
        return ", ".join(d.name for d in weapon.designations.all())


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["title", "date_display", "date_precision"]
    list_filter = ["date_precision", "weapon_systems"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors", "weapon_systems"]
    readonly_fields = PROVENANCE_FIELDS

    @admin.display(description="date", ordering="date")
    def date_display(self, event: Event) -> str:
        return event.date_display


# ---------------------------------------------------------------- claims


# In tabular inlines a note is a remark on one row: a short box, not a page-wide essay.
ONE_LINE_NOTES = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 40})}}


class StanceInline(ReviewableInlineMixin, admin.TabularInline):
    model = Stance
    formfield_overrides = ONE_LINE_NOTES
    extra = 1
    autocomplete_fields = ["statement", "claim"]
    fields = ["statement", "claim", "stance", "status", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("statement__speaker", "claim")


class OutgoingRelationInline(ReviewableInlineMixin, admin.TabularInline):
    model = ClaimRelation
    fk_name = "source"
    formfield_overrides = ONE_LINE_NOTES
    extra = 1
    autocomplete_fields = ["target"]
    fields = ["kind", "target", "status", "note"]
    verbose_name = "relation from this claim"
    verbose_name_plural = "this claim supports, counters or responds to"


class IncomingRelationInline(ReviewableInlineMixin, admin.TabularInline):
    model = ClaimRelation
    fk_name = "target"
    formfield_overrides = ONE_LINE_NOTES
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "kind", "status", "note"]
    verbose_name = "relation to this claim"
    verbose_name_plural = "claims that support, counter or respond to this one"


class ClaimedRangeInline(KeysOnlyAutocompleteFields, admin.StackedInline):
    model = ClaimedRange
    extra = 0
    autocomplete_fields = ["weapon_system"]


@admin.register(Claim)
class ClaimAdmin(IndexSearchMixin, CuratedAdmin):
    index_search = claim_search
    list_display = ["text", "status", "asserting", "denying"]
    list_filter = ["status", "weapon_systems"]
    search_fields = ["text", "description"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["weapon_systems", "subjects"]
    readonly_fields = PROVENANCE_FIELDS
    inlines = [ClaimedRangeInline, StanceInline, OutgoingRelationInline, IncomingRelationInline]
    fieldsets = [
        (None, {"fields": ["text", "slug", "description", ("weapon_systems", "subjects")]}),
        ("Review", {"fields": [("status", "reviewed_by", "reviewed_at")]}),
        ("Provenance", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_stance_counts()

    @admin.display(description="asserting", ordering="n_asserting")
    def asserting(self, claim: Claim) -> int:
        return claim.n_asserting

    @admin.display(description="denying", ordering="n_denying")
    def denying(self, claim: Claim) -> int:
        return claim.n_denying


@admin.register(ClaimRelation)
class ClaimRelationAdmin(CuratedAdmin):
    list_display = ["source", "kind", "target", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["source__text", "target__text", "note"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]
    readonly_fields = PROVENANCE_FIELDS


# ---------------------------------------------------------------- statements


class SpeakerKindFilter(admin.ChoicesFieldListFilter):
    """The speaker's kind, titled apart from the statement's own kind (both fields are called "kind")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = "speaker's kind"


@admin.register(Statement)
class StatementAdmin(IndexSearchMixin, CuratedAdmin):
    # On PostgreSQL through the indexes (claims/admin_search.py): 24 s at 1M as Django's LIKEs.
    index_search = statement_search
    form = StatementForm
    list_display = ["__str__", "speaker", "kind", "stance_list", "article_display", "said_display", "status"]
    list_filter = [
        "status",
        "kind",
        "article__outlet",
        ("speaker__kind", SpeakerKindFilter),
        "said_precision",
        # The review list of anchors an edit of their article moved (sources/reanchoring.py).
        "anchor_drift",
    ]
    search_fields = ["text", "speaker__name", "speaker__aliases__name", "article__title"]
    autocomplete_fields = ["article", "speaker", "reported_speaker", "events"]
    readonly_fields = ["start", "end", "anchor_prefix", "anchor_suffix", *PROVENANCE_FIELDS]
    actions = ["mark_anchors_checked"]
    list_select_related = ["speaker", "article__outlet"]
    inlines = [StanceInline]
    fieldsets = [
        (None, {"fields": ["article", ("speaker", "reported_speaker"), ("kind", "status"), "text"]}),
        ("Role at the time", {"fields": [("role", "speaker_role")]}),
        (
            "Anchor",
            {"fields": ["occurrence", ("start", "end"), ("anchor_prefix", "anchor_suffix"), "anchor_drift"]},
        ),
        ("When and where", {"fields": [("said_on", "said_precision"), "venue", "events"]}),
        ("Provenance", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Here, not in list_select_related (which a select_related here turns off): the autocomplete's
        # labels need the speaker too (a statement is "speaker: “text”").
        queryset = super().get_queryset(request).select_related(*self.list_select_related)
        return queryset.prefetch_related("stances__claim")

    @admin.action(description="Mark the anchors of selected statements as checked")
    def mark_anchors_checked(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Saved one by one so that the history records who checked them.
        checked = 0
        for statement in queryset.exclude(anchor_drift=""):
            statement.anchor_drift = ""
            statement._history_user = request.user
            statement._change_reason = "Anchor checked after an edit of the article text"
            statement.save(update_fields=["anchor_drift", "updated_at"])
            checked += 1
        self.message_user(request, f"{checked} anchor(s) marked as checked.")

    @admin.display(description="claims")
    def stance_list(self, statement: Statement) -> str:
        return "; ".join(f"{s.stance} “{s.claim}”" for s in statement.stances.all())

    @admin.display(description="article", ordering="article__published_on")
    def article_display(self, statement: Statement) -> str:
        """Outlet and date, short enough for the column; the whole title shows on hover."""
        article = statement.article
        return format_html(
            '<span title="{}">{}, {}</span>', article.title, article.outlet.name, article.published_display
        )

    @admin.display(description="said", ordering="said_on")
    def said_display(self, statement: Statement) -> str:
        return statement.said_display


@admin.register(Stance)
class StanceAdmin(CuratedAdmin):
    list_display = ["statement", "stance", "claim", "status"]
    list_filter = ["stance", "status"]
    search_fields = ["statement__text", "statement__speaker__name", "claim__text"]
    autocomplete_fields = ["statement", "claim"]
    list_select_related = ["statement__speaker", "claim"]
    readonly_fields = PROVENANCE_FIELDS
