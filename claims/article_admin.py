"""The articles' admin: the editors' workbench.

Importing articles (sources/importing.py), and on an article's page its statements and the
quote candidates proposed in it, each accepted as a statement or rejected (claims/candidates.py).
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from claims.admin_search import IndexSearchMixin, article_search
from claims.candidates import (
    CandidateError,
    candidate_accept,
    candidate_reject,
    candidate_reopen,
    candidates_generate,
    full_name,
    next_pending_candidate,
)
from claims.forms import CandidateAcceptForm, CandidateCorrectionForm, StatementForm, StatementInlineFormSet
from claims.models import QuoteCandidate, Stance, Statement
from infkb.admin_base import PROVENANCE_FIELDS, CuratedAdmin, ReviewableInlineMixin
from sources.forms import ArticleImportForm, BulkImportForm
from sources.importing import ArticleImportError, article_import, articles_import, records_from_upload
from sources.models import Article

# Characters of article text shown either side of a candidate.
CANDIDATE_CONTEXT_CHARS = 160


def article_statements(article: Article) -> QuerySet:
    """The article's statements as the compact list on its page shows them, in reading order."""
    return (
        Statement.objects.filter(article=article)
        .select_related("speaker")
        .prefetch_related(Prefetch("stances", Stance.objects.select_related("claim")))
        .order_by(F("start").asc(nulls_last=True), "pk")
    )


class StatementInline(ReviewableInlineMixin, admin.StackedInline):
    """A new article's first quotes, pasted in the same save; an existing article lists them compactly."""

    model = Statement
    form = StatementForm
    formset = StatementInlineFormSet
    extra = 1
    autocomplete_fields = ["speaker"]
    fields = [
        ("speaker", "kind", "status"),
        "text",
        ("occurrence", "anchor"),
        ("speaker_role", "venue"),
        ("said_on", "said_precision"),
    ]
    readonly_fields = ["anchor"]
    show_change_link = True

    @admin.display(description="anchored at")
    def anchor(self, statement: Statement) -> str:
        if statement.start is None:
            return "not anchored" if statement.pk else "found when you save"
        return f"characters {statement.start}–{statement.end}"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("speaker")


@admin.register(Article)
class ArticleAdmin(IndexSearchMixin, CuratedAdmin):
    # On PostgreSQL through the full-text index (claims/admin_search.py): 26 s at 1M as LIKEs.
    index_search = article_search
    change_list_template = "admin/sources/article/change_list.html"
    list_display = ["title", "outlet", "published_display", "language", "translation", "statement_count"]
    list_filter = ["outlet", "language", "translation", "published_precision"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet"]
    readonly_fields = ["content_hash", *PROVENANCE_FIELDS]
    fieldsets = [
        (None, {"fields": ["title", "slug", "outlet", "url", ("published_on", "published_precision")]}),
        ("Text", {"fields": ["text", "content_hash"]}),
        (
            "Language",
            {
                "fields": [("language", "translation", "original_language"), "translation_note"],
                "classes": ["collapse"],
            },
        ),
        ("Provenance", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
    ]

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> list:
        # Stacked statement forms weigh 0.5 MB on a long article: its page lists them compactly instead.
        return [StatementInline] if obj is None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Counted per listed article (a subquery PostgreSQL runs for the page's rows only, after
        # its LIMIT), not by a Count() grouping every statement before the sort: 2.9 s at 1M.
        statements = Statement.objects.filter(article=OuterRef("pk")).order_by().values("article")
        counted = Subquery(statements.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
        return super().get_queryset(request).select_related("outlet").annotate(n_statements=counted)

    @admin.display(description="published", ordering="published_on")
    def published_display(self, article: Article) -> str:
        return article.published_display

    # Not sortable: sorting by it would count every article's statements.
    @admin.display(description="statements")
    def statement_count(self, article: Article) -> int:
        return article.n_statements or 0

    # ------------------------------------------------------------ the workbench: import and candidates

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        candidate = "<path:object_id>/candidates/<int:candidate_id>"
        return [
            path("import/", view(self.import_view), name="sources_article_import"),
            path("import/bulk/", view(self.bulk_import_view), name="sources_article_import_bulk"),
            path(
                "<path:object_id>/candidates/propose/",
                view(self.propose_view),
                name="sources_article_propose",
            ),
            path(f"{candidate}/accept/", view(self.accept_view), name="sources_article_candidate_accept"),
            path(f"{candidate}/reject/", view(self.reject_view), name="sources_article_candidate_reject"),
            path(f"{candidate}/reopen/", view(self.reopen_view), name="sources_article_candidate_reopen"),
            path(f"{candidate}/correct/", view(self.correct_view), name="sources_article_candidate_correct"),
            *super().get_urls(),
        ]

    def _page(self, request: HttpRequest, title: str, **context: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **context}

    def _change_url(self, article_id: Any, candidate_id: int | None = None) -> str:
        fragment = f"#candidate-{candidate_id}" if candidate_id else "#candidates"
        return reverse("admin:sources_article_change", args=[article_id]) + fragment

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Paste (or upload) one article; its quote candidates are proposed at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                article, created = article_import(**form.article_fields(), user=request.user)
            except ArticleImportError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    count = article.candidates.filter(status=QuoteCandidate.Status.PENDING).count()
                    messages.success(
                        request, f"Imported “{article}”: {count} quote candidate(s) to review below."
                    )
                else:
                    messages.warning(
                        request, f"This article is already stored as “{article}”. Nothing was changed."
                    )
                return HttpResponseRedirect(self._change_url(article.pk))
        return TemplateResponse(
            request, "admin/sources/article/import.html", self._page(request, "Import an article", form=form)
        )

    def bulk_import_view(self, request: HttpRequest) -> HttpResponse:
        """Import a JSON Lines file or a folder of .txt files: all or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                records = records_from_upload(form.uploaded())
            except ArticleImportError as error:
                form.add_error(None, str(error))
            else:
                report = articles_import(records, user=request.user, defaults=form.defaults())
                if not report.errors:
                    messages.success(request, str(report))
        return TemplateResponse(
            request,
            "admin/sources/article/bulk_import.html",
            self._page(request, "Import articles in bulk", form=form, report=report),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        article = self.get_object(request, object_id)
        extra = {**(extra_context or {})}
        if article is not None:
            can_decide = self._can_decide(request)
            rows = [
                self._candidate_row(article, c, with_form=can_decide)
                for c in article.candidates.select_related("speaker", "statement", "duplicate_of")
            ]
            extra["candidates"] = rows
            extra["can_decide"] = can_decide
            extra["article_statements"] = article_statements(article)
            extra["candidate_media"] = next((r["form"].media for r in rows if r.get("form")), None)
        return super().change_view(request, object_id, form_url, extra)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        # The candidates' autocompletes and the script that accepts without leaving the page.
        if context.get("candidate_media"):
            script = forms.Media(js=["js/candidates.js"])
            context["media"] = context["media"] + context["candidate_media"] + script
        return super().render_change_form(request, context, *args, **kwargs)

    def _can_decide(self, request: HttpRequest) -> bool:
        return request.user.has_perms(["claims.change_quotecandidate", "claims.add_statement"])

    def _candidate_row(
        self, article: Article, candidate: QuoteCandidate, with_form: bool = False
    ) -> dict[str, Any]:
        text = article.text
        before = text[max(0, candidate.start - CANDIDATE_CONTEXT_CHARS) : candidate.start]
        after = text[candidate.end : candidate.end + CANDIDATE_CONTEXT_CHARS]
        context = format_html("…{}<mark>{}</mark>{}…", before, text[candidate.start : candidate.end], after)
        row = {"candidate": candidate, "context": context}
        undecided = candidate.status in (QuoteCandidate.Status.PENDING, QuoteCandidate.Status.DUPLICATE)
        if with_form and undecided:
            row["form"] = CandidateAcceptForm(candidate=candidate)
            if candidate.speaker_id is None and candidate.speaker_name.strip():
                # What accepting will create, as it will be named: "Nauert" becomes "Heather Nauert".
                row["new_actor"] = full_name(candidate.speaker_name.strip(), text)
        return row

    def _candidate(self, request: HttpRequest, object_id: str, candidate_id: int) -> QuoteCandidate:
        if not self._can_decide(request):
            raise PermissionDenied
        return get_object_or_404(QuoteCandidate, pk=candidate_id, article_id=_article_id(object_id))

    def propose_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method == "POST":
            if not self._can_decide(request):
                raise PermissionDenied
            article = get_object_or_404(Article, pk=_article_id(object_id))
            count = len(candidates_generate(article=article))
            messages.success(request, f"{count} quote candidate(s) proposed.")
        return HttpResponseRedirect(self._change_url(object_id))

    def accept_view(self, request: HttpRequest, object_id: str, candidate_id: int) -> HttpResponse:
        """Accept from the article's page: the speaker, claim and stance chosen in the candidate's row.

        Answered in JSON to the page's script (the editor stays where they are)
        and with a redirect to the next candidate without it.
        """
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(object_id))
        candidate = self._candidate(request, object_id, candidate_id)
        form = CandidateAcceptForm(request.POST, candidate=candidate)
        if form.is_valid():
            self._check_stance_permissions(request, form.cleaned_data)
            try:
                statement = candidate_accept(candidate=candidate, user=request.user, **form.cleaned_data)
            except CandidateError as error:
                form.add_error(None, str(error))
        if form.errors:
            if self._wants_json(request):
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            messages.error(request, "Not accepted: " + " ".join(m for ms in form.errors.values() for m in ms))
            return HttpResponseRedirect(self._change_url(object_id, candidate.pk))
        message = f"Draft statement created: {statement}"
        following = next_pending_candidate(candidate)
        if self._wants_json(request):
            url = reverse("admin:claims_statement_change", args=[statement.pk])
            return JsonResponse(
                {
                    "message": message,
                    "statement": {"id": statement.pk, "url": url},
                    "next": following.pk if following else None,
                }
            )
        messages.success(request, message)
        return HttpResponseRedirect(self._change_url(object_id, following.pk if following else None))

    @staticmethod
    def _wants_json(request: HttpRequest) -> bool:
        return request.headers.get("Accept", "").startswith("application/json")

    @staticmethod
    def _check_stance_permissions(request: HttpRequest, choice: dict[str, Any]) -> None:
        needed = ["claims.add_stance"] if choice.get("claim") or choice.get("new_claim") else []
        if choice.get("new_claim"):
            needed.append("claims.add_claim")
        if not request.user.has_perms(needed):
            raise PermissionDenied

    def reject_view(self, request: HttpRequest, object_id: str, candidate_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(object_id))
        candidate = self._candidate(request, object_id, candidate_id)
        try:
            candidate_reject(candidate=candidate, user=request.user)
        except CandidateError as error:
            if self._wants_json(request):
                return JsonResponse({"errors": {"__all__": [{"message": str(error)}]}}, status=400)
            messages.error(request, str(error))
            return HttpResponseRedirect(self._change_url(object_id, candidate.pk))
        following = next_pending_candidate(candidate)
        if self._wants_json(request):
            return JsonResponse({"message": "Rejected.", "next": following.pk if following else None})
        return HttpResponseRedirect(self._change_url(object_id, following.pk if following else None))

    def reopen_view(self, request: HttpRequest, object_id: str, candidate_id: int) -> HttpResponse:
        if request.method == "POST":
            candidate = self._candidate(request, object_id, candidate_id)
            try:
                candidate_reopen(candidate=candidate, user=request.user)
            except CandidateError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Reopened: “{candidate.text[:60]}” is waiting for a decision again."
                )
        return HttpResponseRedirect(self._change_url(object_id))

    def correct_view(self, request: HttpRequest, object_id: str, candidate_id: int) -> HttpResponse:
        """Accept with corrections: another speaker, a trimmed quote, another role or venue."""
        candidate = self._candidate(request, object_id, candidate_id)
        form = CandidateCorrectionForm(request.POST or None, candidate=candidate)
        if request.method == "POST" and form.is_valid():
            try:
                statement = candidate_accept(candidate=candidate, user=request.user, **form.cleaned_data)
            except CandidateError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Draft statement created: {statement}")
                return HttpResponseRedirect(self._change_url(object_id))
        context = self._page(
            request,
            "Correct and accept a quote candidate",
            form=form,
            candidate=candidate,
            row=self._candidate_row(candidate.article, candidate),
            media=self.media + form.media,
        )
        return TemplateResponse(request, "admin/sources/article/candidate_correct.html", context)


def _article_id(object_id: str) -> int:
    """The article's id from its admin address; anything else there is a 404, not a ValueError."""
    if not (object_id.isascii() and object_id.isdigit()):
        raise Http404("No article has this address.")
    return int(object_id)
