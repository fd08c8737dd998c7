"""The knowledge-base editor: list, write, translate, publish. Every write is a knowledge
action, so the same rules (who may write and who may publish: knowledge/policy.py,
sanitizing, revisions, search rows) hold here as in the API; a refusal by role answers
403 and changes nothing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from realdesk.console.knowledge_forms import ArticleNewForm, PreviewForm, TranslationForm
from realdesk.console.views.refusal import refused_page
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.knowledge import actions, selectors
from realdesk.knowledge.choices import BodyFormat
from realdesk.knowledge.models import Article, ArticleTranslation, QuestionCluster
from realdesk.knowledge.policy import may_publish, may_see_faq_candidates, may_write
from realdesk.knowledge.questions.actions import cluster_article_draft
from realdesk.knowledge.questions.candidates import faq_candidates, faq_followed
from realdesk.knowledge.richtext import render_markdown, sanitize_article_html


def _refused(form, error: ApplicationError) -> int:
    form.add_error(None, error.message)
    return 403 if isinstance(error, PermissionDeniedError) else 400


def _article(request, slug: str) -> Article:
    return get_object_or_404(selectors.articles_for_agents(actor=request.user), slug=slug)


def _language(code: str) -> str:
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    return code


@login_required
def article_list(request):
    articles = selectors.articles_for_editor(actor=request.user)
    context = {
        "rows": [(a, selectors.outdated_languages(article=a)) for a in articles],
        "may_write": may_write(request.user),
        "may_see_candidates": may_see_faq_candidates(request.user),
    }
    return render(request, "console/knowledge.html", context)


@login_required
def candidate_list(request):
    """Questions asked again and again with no good article (leads and admins)."""
    try:
        context = {
            "candidates": faq_candidates(actor=request.user),
            "followed": faq_followed(actor=request.user),
            "minimum": settings.REALDESK_FAQ_CANDIDATE_MIN,
        }
    except PermissionDeniedError as error:
        return refused_page(request, error)
    return render(request, "console/knowledge_candidates.html", context)


@login_required
@require_POST
def candidate_draft(request, pk: int):
    """Draft article: an unpublished article from the cluster's question and best answer."""
    try:
        written = cluster_article_draft(actor=request.user, cluster_id=pk)
    except QuestionCluster.DoesNotExist:
        raise Http404("No such candidate") from None
    except PermissionDeniedError as error:
        return refused_page(request, error)
    messages.success(request, _("Draft article saved: edit it, then publish it."))
    return redirect("console:knowledge_edit", written.article.slug, written.language)


@login_required
@require_http_methods(["GET", "POST"])
def article_new(request):
    form = ArticleNewForm(request.POST or None, initial={"language": settings.LANGUAGE_CODE})
    status = 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        try:
            written = actions.article_start(actor=request.user, **form.article_arguments())
        except ApplicationError as error:
            status = _refused(form, error)
        else:
            messages.success(request, _("Article saved as a draft."))
            return redirect("console:knowledge_edit", written.article.slug, written.language)
    return render(request, "console/knowledge_new.html", {"form": form}, status=status)


def _write(request, entry: Article, language: str, form: TranslationForm) -> None:
    """The text first: if it is refused, the shared keywords and category stay as they were."""
    actions.translation_save(
        article=entry, language=language, actor=request.user, **form.text_arguments()
    )
    data = form.cleaned_data
    actions.article_update(
        article=entry, actor=request.user, category=data["category"], keywords=data["keywords"]
    )


def _edit_context(entry: Article, language: str, translation: ArticleTranslation | None) -> dict:
    """The page's reading side: a translation is written beside its source language, and
    marked outdated when the source changed after it was written."""
    by_language = {t.language: t for t in entry.translations.all()}
    source = by_language.get(settings.LANGUAGE_CODE) if language != settings.LANGUAGE_CODE else None
    return {
        "article": entry,
        "language": language,
        "translation": translation,
        "source": source,
        "outdated": selectors.outdated_languages(article=entry),
        "revisions": selectors.translation_revisions(translation=translation)
        if translation
        else [],
        "missing": [(code, name) for code, name in settings.LANGUAGES if code not in by_language],
    }


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, slug: str, language: str):
    """One language of an article; a language it lacks yet starts empty (Add translation)."""
    entry = _article(request, slug)
    language = _language(language)
    translation = entry.translations.filter(language=language).first()
    initial = {"keywords": entry.keywords, "category": entry.category}
    if translation:
        initial |= {
            "title": translation.title,
            "body": translation.body_source
            if translation.body_format == BodyFormat.MARKDOWN
            else translation.body_html,
            "body_format": translation.body_format,
            "spoken_text": translation.spoken_text,
        }
    form = TranslationForm(request.POST or None, initial=initial)
    status = 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        try:
            _write(request, entry, language, form)
        except ApplicationError as error:
            status = _refused(form, error)
        else:
            messages.success(request, _("Saved. A new revision is in the history."))
            return redirect("console:knowledge_edit", entry.slug, language)
    context = _edit_context(entry, language, translation) | {
        "form": form,
        "may_write": may_write(request.user),
        "may_publish": may_publish(request.user),
    }
    return render(request, "console/knowledge_edit.html", context, status=status)


@login_required
@require_POST
def article_preview(request):
    """The text as customers will read it, rendered and sanitised as saving would, while
    the writer types (the editor posts it, debounced)."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose Markdown or HTML."))
    body, body_format = form.cleaned_data["body"], form.cleaned_data["body_format"]
    html = (
        render_markdown(body) if body_format == BodyFormat.MARKDOWN else sanitize_article_html(body)
    )
    return render(request, "console/knowledge_preview.html", {"html": html})


@login_required
@require_POST
def translation_publish(request, slug: str, language: str):
    entry = _article(request, slug)
    translation = get_object_or_404(ArticleTranslation, article=entry, language=language)
    publish = request.POST.get("publish") == "yes"
    try:
        actions.translation_set_published(
            translation=translation, publish=publish, actor=request.user
        )
    except PermissionDeniedError as error:
        return refused_page(request, error)
    messages.success(
        request, _("Published.") if publish else _("Back to draft: customers no longer see it.")
    )
    return redirect("console:knowledge_edit", entry.slug, language)


urlpatterns = [
    path("", article_list, name="knowledge"),
    path("new/", article_new, name="knowledge_new"),
    path("preview/", article_preview, name="knowledge_preview"),
    path("candidates/", candidate_list, name="knowledge_candidates"),
    path("candidates/<int:pk>/draft/", candidate_draft, name="knowledge_candidate_draft"),
    path("<slug:slug>/<str:language>/", translation_edit, name="knowledge_edit"),
    path("<slug:slug>/<str:language>/publish/", translation_publish, name="knowledge_publish"),
]
