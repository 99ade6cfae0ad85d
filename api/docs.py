"""The API's browsable docs: Swagger UI from this site's static files
(drf-spectacular-sidecar), its start-up script a separate same-origin file
(``SpectacularSwaggerSplitView``) and its one ``<style>`` carrying the request's nonce, so
the page runs under the site's strict Content-Security-Policy (core.csp) unchanged.
(Redoc is left out: it injects style elements no nonce covers.)"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


def only_this_api(endpoints):
    """drf-spectacular's preprocessing hook: the schema describes /api/v1/ only (not
    Wagtail's own admin API, which also runs on DRF)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
