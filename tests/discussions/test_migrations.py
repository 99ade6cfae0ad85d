"""A database at the layout before posts carried a language migrates forward intact:
every existing post and thread is English."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from discussions.models import Post, Thread
from tests.db_state import content_type_ids, restore_migrated_state

BEFORE = [("discussions", "0002_thread_readers_promoted")]


@pytest.mark.django_db(transaction=True)
def test_existing_posts_and_threads_become_english():
    content_types = content_type_ids()
    executor = MigrationExecutor(connection)
    old = executor.migrate(BEFORE).clone().apps
    user = old.get_model("communities", "User").objects.create(username="earlier")
    community_model = old.get_model("communities", "CommunityPage")
    root = old.get_model("wagtailcore", "Page").objects.get(depth=1)
    content_type, _created = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="communities", model="communitypage"
    )
    community = community_model.objects.create(
        title="Earlier community",
        draft_title="Earlier community",
        slug="earlier",
        path=f"{root.path}9999",
        depth=2,
        numchild=0,
        url_path="/earlier/",
        live=True,
        locale=old.get_model("wagtailcore", "Locale").objects.first(),
        content_type=content_type,
        topic="How earlier members discussed their work before languages",
    )
    thread = old.get_model("discussions", "Thread").objects.create(
        community_id=community.pk, title="An earlier thread", author_id=user.pk
    )
    post = old.get_model("discussions", "Post").objects.create(
        thread_id=thread.pk, author_id=user.pk, source="Earlier words.", html="<p>Earlier</p>"
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Post.objects.get(pk=post.pk).language == "en"
    assert Post.objects.get(pk=post.pk).source == "Earlier words."
    assert Thread.objects.get(pk=thread.pk).language == "en"
    restore_migrated_state(content_types)
