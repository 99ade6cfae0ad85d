"""Threads and posts for tests.

``ThreadFactory`` goes through ``services.thread_create`` (the real path, with counters,
follows and read state). ``PostFactory.create_batch`` writes rows in bulk and then calls
``services.refresh_thread_counters``, for tests that need many posts quickly (query counts,
pagination); the counters end up exactly as the service would leave them.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from discussions import services
from discussions.models import Post, Thread
from discussions.rendering import render_markdown

_sequence = count(1)


class ThreadFactory:
    @staticmethod
    def create(*, community, author, title=None, source=None, tags=None, language=None) -> Thread:
        n = next(_sequence)
        return services.thread_create(
            author=author,
            community=community,
            title=title or f"How do you brief external experts? ({n})",
            source=source or f"We start every contract with a workshop. Opening post {n}.",
            tags=tags,
            language=language,
        )


class PostFactory:
    @staticmethod
    def create(*, thread, author, source=None, reply_to_id=None, language=None) -> Post:
        n = next(_sequence)
        return services.post_create(
            author=author,
            thread=thread,
            source=source or f"In our office we do it differently, reply {n}.",
            reply_to_id=reply_to_id,
            language=language,
        )

    @staticmethod
    def create_batch(*, thread, authors, size: int) -> list[Post]:
        """``size`` visible posts, authors taken in turn, one second apart, in order."""
        start = timezone.now() - timedelta(seconds=size + 1)
        posts = []
        for i in range(size):
            n = next(_sequence)
            source = f"Post **{n}** about briefing experts."
            posts.append(
                Post(
                    thread=thread,
                    author=authors[i % len(authors)],
                    source=source,
                    html=render_markdown(source),
                    created_at=start + timedelta(seconds=i),
                )
            )
        created = Post.objects.bulk_create(posts)
        services.refresh_thread_counters(thread)
        return created
