"""Threads, posts and reports in the Wagtail admin ("Discussions"): lists with filters
and search, inspect views and each object's history (moderation is logged through
Wagtail's ``log_action``, see ``discussions.services._record``). Read-only: moderation
itself stays in the community's moderation pages, which go through the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from core.admin_views import ReadOnlyModelViewSet, register_view_only

from .models import MODERATION_ACTION_LABELS, Flag, Post, Thread

# The actions ``discussions.services`` records, with their labels in the admin history.
MODERATION_LOG_ACTIONS = {
    f"praxis.{action}": labels for action, labels in MODERATION_ACTION_LABELS.items()
}


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, (label, message) in MODERATION_LOG_ACTIONS.items():
        actions.register_action(action, label, message)


register_view_only(Thread, Post, Flag)


class ThreadViewSet(ReadOnlyModelViewSet):
    model = Thread
    icon = "comment"
    menu_label = _("Threads")
    form_fields = ["title"]
    list_display = [
        "title",
        "community",
        "status",
        Column("post_count", label=_("posts")),
        "pinned",
        "locked",
        DateColumn("last_activity_at", label=_("last activity")),
    ]
    list_filter = ["community", "status", "pinned", "locked", "restricted", "created_at"]
    search_fields = ["title"]
    list_export = ["title", "community", "status", "post_count", "created_at", "last_activity_at"]
    export_filename = "threads"
    inspect_view_fields = [
        "title",
        "community",
        "author",
        "status",
        "language",
        "pinned",
        "locked",
        "restricted",
        "created_at",
        "last_activity_at",
        "post_count",
        "participant_count",
        "organisation_count",
    ]

    def get_index_queryset(self):
        return Thread.objects.select_related("community")


class PostViewSet(ReadOnlyModelViewSet):
    model = Post
    icon = "doc-full"
    menu_label = _("Posts")
    form_fields = ["source"]
    list_display = [
        Column("__str__", label=_("post")),
        Column("thread", label=_("thread")),
        Column("author", label=_("author")),
        DateColumn("created_at", label=_("created")),
        DateColumn("hidden_at", label=_("hidden")),
    ]
    list_filter = {
        "thread__community": ["exact"],
        "created_at": ["gte", "lte"],
        "hidden_at": ["isnull"],
        "deleted_at": ["isnull"],
    }
    search_fields = ["source"]
    inspect_view_fields = [
        "thread",
        "author",
        "language",
        "source",
        "created_at",
        "edited_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "deleted_at",
    ]

    def get_index_queryset(self):
        return Post.objects.select_related("thread", "author")


class FlagViewSet(ReadOnlyModelViewSet):
    model = Flag
    icon = "warning"
    menu_label = _("Reported posts")
    form_fields = ["reason"]
    list_display = [
        Column("__str__", label=_("report")),
        "reason",
        Column("reporter", label=_("reported by")),
        DateColumn("created_at", label=_("reported")),
        DateColumn("resolved_at", label=_("handled")),
        "resolution",
    ]
    list_filter = {
        "post__thread__community": ["exact"],
        "created_at": ["gte", "lte"],
        "resolved_at": ["isnull"],
        "resolution": ["exact"],
    }
    search_fields = ["reason"]
    list_export = [
        "post_id",
        "post.thread.title",
        "post.thread.community.title",
        "reason",
        "reporter",
        "created_at",
        "resolved_at",
        "resolved_by",
        "resolution",
    ]
    export_headings = {
        "post_id": _("Post"),
        "post.thread.title": _("Thread"),
        "post.thread.community.title": _("Community"),
        "reporter": _("Reported by"),
        "created_at": _("Reported"),
        "resolved_at": _("Handled"),
        "resolved_by": _("Handled by"),
        "resolution": _("Resolution"),
    }
    export_filename = "reports"
    inspect_view_fields = [
        "post",
        "reporter",
        "reason",
        "created_at",
        "resolved_at",
        "resolved_by",
        "resolution",
    ]

    def get_index_queryset(self):
        return Flag.objects.select_related("post__thread__community", "reporter", "resolved_by")


class DiscussionsViewSetGroup(ViewSetGroup):
    menu_label = _("Discussions")
    menu_icon = "comment"
    items = (ThreadViewSet("threads"), PostViewSet("posts"), FlagViewSet("reports"))


@hooks.register("register_admin_viewset")
def register_discussions_viewsets():
    return DiscussionsViewSetGroup()
