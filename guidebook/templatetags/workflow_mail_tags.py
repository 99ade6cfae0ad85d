"""Tags for the review workflow's e-mails (``templates/wagtailadmin/notifications/``):
the public address of a page on ``PRAXIS_BASE_URL``, and whether the recipient works in
the admin (editors and moderators get admin links, a practitioner the public site)."""

from django import template
from django.urls import reverse

from core.links import absolute_url, page_url
from guidebook.permissions import can_use_admin

register = template.Library()


@register.simple_tag
def public_page_url(page) -> str:
    return page_url(page)


@register.simple_tag
def my_submissions_url() -> str:
    return absolute_url(reverse("practice_submissions"))


@register.filter
def uses_admin(user) -> bool:
    return can_use_admin(user)
