from django.utils.functional import SimpleLazyObject

from about.selectors import demo_loaded, statement_url


def footer(request):
    """The footer's link to the accessibility statement, looked up only when shown."""
    return {"accessibility_statement_url": SimpleLazyObject(statement_url)}


def demo_notice(request):
    """Whether demo content is loaded (the notice on every page), looked up only when shown."""
    return {"demo_content_loaded": SimpleLazyObject(demo_loaded)}
