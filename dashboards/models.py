"""Pre-aggregated activity the dashboards read: never the posts themselves.

``PersonDay`` is what one person did in one community on one day (counts only), with the
person's organisation, type, level, country, department and staff level copied in, so a
dashboard groups by any of them in one query. ``ThreadReach`` is one thread's spread:
how many organisations replied in it. Restricted (task-group) threads are never counted.
Both are kept up to date on commit (``dashboards.aggregates``) and by a periodic job,
and rebuilt from scratch by ``manage.py rebuild_dashboards``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The dashboards' periods: days back from today (None: all time).
PERIOD_DAYS = {"30d": 30, "quarter": 90, "year": 365, "all": None}
COUNTED = (
    "posts",
    "threads",
    "replies",
    "answers",
    "cross_org_replies",
    "cross_country_replies",
    "answers_to_other_org",
    "meetings_attended",
)


class PersonDay(models.Model):
    day = models.DateField()
    month = models.DateField()  # the first of ``day``'s month: trends group by it
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "communities.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_type = models.CharField(max_length=20, blank=True)
    government_level = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, blank=True)
    department = models.CharField(max_length=200, blank=True)
    staff_level = models.CharField(max_length=20, blank=True)
    posts = models.PositiveIntegerField(default=0)
    threads = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    cross_org_replies = models.PositiveIntegerField(default=0)
    cross_country_replies = models.PositiveIntegerField(default=0)
    answers_to_other_org = models.PositiveIntegerField(default=0)
    meetings_attended = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "community", "user"], name="one_person_day")
        ]
        indexes = [models.Index(fields=["community", "day"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id} on {self.day}"


class PersonPeriod(models.Model):
    """What one person did in one community over each dashboard period (the last 30 days,
    quarter, year, all time) as of ``AggregateVersion.periods_as_of``: the person-days
    summed, so a dashboard reads one row per person instead of one per day. Kept with the
    person-days it sums (on commit, the periodic job, the rebuild); recomputed whole when
    the day changes (the periodic job). The profile is copied in as on ``PersonDay``."""

    period = models.CharField(max_length=10)
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "communities.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posts = models.PositiveIntegerField(default=0)
    threads = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    cross_org_replies = models.PositiveIntegerField(default=0)
    cross_country_replies = models.PositiveIntegerField(default=0)
    answers_to_other_org = models.PositiveIntegerField(default=0)
    meetings_attended = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "community", "user"], name="one_person_period"
            )
        ]
        indexes = [models.Index(fields=["period", "community"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id} over {self.period}"


class CommunityActivity(models.Model):
    """Posts per community, organisation and week or month: the trends read these."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=5)  # "week" (starting on Monday) or "month"
    start = models.DateField()
    organisation = models.ForeignKey(
        "communities.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "start", "community"])]

    def __str__(self) -> str:
        return f"{self.community_id}, {self.kind} of {self.start}: {self.posts}"


class ThreadReach(models.Model):
    thread = models.OneToOneField(
        "discussions.Thread", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    replies = models.PositiveIntegerField(default=0)
    replier_organisations = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["community", "day"])]

    def __str__(self) -> str:
        return f"Thread {self.thread_id}: {self.replier_organisations} organisations"


class IllustrativeActivity(models.Model):
    """A community whose dated activity the demo seeded: its dashboard says so."""

    community = models.OneToOneField(
        "communities.CommunityPage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    seeded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Illustrative activity in {self.community_id}"


class AggregateVersion(models.Model):
    """One row, bumped whenever the aggregates change: computed dashboards are cached
    under it, so a cached one is never older than the aggregates (in any process)."""

    number = models.PositiveBigIntegerField(default=0)
    periods_as_of = models.DateField(null=True)  # the day PersonPeriod's windows end on

    def __str__(self) -> str:
        return f"Aggregates version {self.number}"
