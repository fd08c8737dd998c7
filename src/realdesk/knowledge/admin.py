"""The knowledge-base admin for agents: every save goes through the actions, so revisions
and the search table never miss an edit."""

from django.contrib import admin
from django.utils import timezone

from realdesk.knowledge.actions import translation_save
from realdesk.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleTranslation,
    Category,
)
from realdesk.knowledge.search import search_index
from realdesk.tickets.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class TranslationInline(admin.TabularInline):
    model = ArticleTranslation
    fields = ["language", "title", "status", "updated_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["slug", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["slug", "keywords", "translations__title"]
    filter_horizontal = ["related"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [TranslationInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
            obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
        for translation in obj.translations.all():  # the keywords are part of every row
            search_index(translation)


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    fields = ["created_at", "author", "title"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(admin.ModelAdmin):
    list_display = ["title", "article", "language", "status", "updated_at"]
    list_filter = ["status", "language"]
    search_fields = ["title", "article__slug"]
    fields = ["article", "language", "title", "body_html", "status"]
    inlines = [RevisionInline]

    def save_model(self, request, obj, form, change) -> None:
        """Translate, edit or publish through the action: sanitised, revised, indexed."""
        saved = translation_save(
            article=obj.article,
            language=obj.language,
            title=obj.title,
            body_html=obj.body_html,
            actor=request.user,
            publish=obj.status == "published",
        )
        obj.pk = saved.pk


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["article", "language", "helpful", "source", "created_at"]
    list_filter = ["helpful", "source", "language"]
