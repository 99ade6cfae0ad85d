from django.utils.functional import SimpleLazyObject

from about.selectors import statement_url


def footer(request):
    """The footer's link to the accessibility statement, looked up only when shown."""
    return {"accessibility_statement_url": SimpleLazyObject(statement_url)}
