"""The page head's shared parts: one title for ``<title>`` and Open Graph, the canonical
address on the base URL."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core import links

register = template.Library()

# Open Graph names a locale by language and territory.
OG_LOCALES = {"en": "en_GB", "pl": "pl_PL", "sl": "sl_SI", "lt": "lt_LT", "nb": "nb_NO"}


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # so that {% block %}s inside still take overrides

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}...{% endcapture %}``: render once, use as ``{{ name }}`` (the
    output is already escaped where it was rendered)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture name %} takes one name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address on the base URL: its path, and its page number if any (other
    query parameters are views of the same page)."""
    request = context.get("request")
    if request is None:
        return ""
    url = links.absolute_url(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return url


@register.simple_tag
def absolute_static(path: str) -> str:
    from django.templatetags.static import static

    return links.absolute_url(static(path))


@register.filter
def og_locale(language_code: str) -> str:
    return OG_LOCALES.get((language_code or "en").split("-")[0], "en_GB")
