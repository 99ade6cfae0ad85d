"""``/programmes/...`` routes (the programme pages themselves are Wagtail pages).

Each area keeps its own routes; they share the ``programmes`` namespace. Wagtail serves
``/programmes/<slug>/``, so the slugs used below are reserved (``ProgrammePage.clean``).
"""

from programmes.challenges.urls import urlpatterns as round_patterns
from programmes.exchanges.urls import urlpatterns as exchange_patterns
from programmes.partners.urls import urlpatterns as partner_patterns

app_name = "programmes"

RESERVED_SLUGS = ("rounds", "challenges", "exchanges", "visits", "partners", "reports")

urlpatterns = [*round_patterns, *exchange_patterns, *partner_patterns]
