"""The API's browsable docs: Swagger UI from this site's static files
(drf-spectacular-sidecar), its start-up script a separate same-origin file
(``SpectacularSwaggerSplitView``) and its one ``<style>`` carrying the request's nonce, so
the page runs under the site's strict Content-Security-Policy (core.csp) unchanged.
(Redoc is left out: it injects style elements no nonce covers.)"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
