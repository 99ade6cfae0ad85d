"""``{% fragment %}``: part of a template rendered once and kept (see ``core.fragments``).

    {% load fragment_tags %}
    {% fragment "practice-body" page.pk page.latest_revision_id page.last_published_at %}
        ...what every reader of this page sees, the same for all of them...
    {% endfragment %}

Optional keyword arguments after the version: ``topics="organisations,pages"`` (the
generations it also depends on) and ``audience=...`` (default ``"public"``: everything
inside must be the same for every reader who gets the page). The active language and the
request's content language are always part of the key. Never put the reader's own state,
a CSRF token or a control only some readers may use inside.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core import fragments

register = template.Library()


class FragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name, version, options):
        self.nodelist = nodelist
        self.name = name
        self.version = version
        self.options = options

    def render(self, context):
        name = self.name.resolve(context)
        version = [value.resolve(context) for value in self.version]
        options = {key: value.resolve(context) for key, value in self.options.items()}
        topics = [topic for topic in str(options.get("topics") or "").split(",") if topic]
        key = fragments.fragment_key(
            name,
            version,
            topics=topics,
            audience=str(options.get("audience") or "public"),
            request=context.get("request"),
        )
        return mark_safe(  # noqa: S308 (rendered by the template engine, escaped there)
            fragments.cached_fragment(key, lambda: self.nodelist.render(context))
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    name = parser.compile_filter(bits[0])
    version, options = [], {}
    for bit in bits[1:]:
        key, sep, value = bit.partition("=")
        if sep and key in ("topics", "audience"):
            options[key] = parser.compile_filter(value)
        else:
            version.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name, version, options)
