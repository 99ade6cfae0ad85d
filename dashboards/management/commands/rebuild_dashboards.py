from django.core.management.base import BaseCommand

from dashboards import aggregates


class Command(BaseCommand):
    help = "Recompute the dashboards' daily aggregates from the posts, meetings and people."

    def handle(self, *args, **options):
        counts = aggregates.rebuild()
        self.stdout.write(
            f"Rebuilt {counts['person_days']} person-days and {counts['threads']} threads."
        )
