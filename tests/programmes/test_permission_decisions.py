"""Decisions the programme pages used to take in their templates, now in
``programmes.permissions``: who sees a challenge's contact e-mail, and whose turn it is to
confirm an exchange (as listed on "My exchanges")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from programmes import permissions
from programmes.exchanges import selectors
from tests.programmes.test_exchanges_services import TODAY, Cast

pytestmark = pytest.mark.django_db


def test_contact_email_is_for_signed_in_people():
    from tests.factories import UserFactory

    challenge = object()  # the rule does not depend on the challenge today
    assert not permissions.can_see_challenge_contact(AnonymousUser(), challenge)
    assert permissions.can_see_challenge_contact(UserFactory(), challenge)


def _must_confirm(user, exchange) -> bool:
    listed = {e.pk: e for e in selectors.my_exchanges(user=user)}
    assert listed[exchange.pk].must_confirm == permissions.must_confirm_exchange(user, exchange)
    return listed[exchange.pk].must_confirm


def test_each_side_confirms_until_it_has_confirmed():
    from programmes.exchanges import services

    cast = Cast()
    exchange = cast.match(starts_on=TODAY - timedelta(days=6), ends_on=TODAY + timedelta(days=1))
    assert _must_confirm(cast.civil_servant, exchange) and _must_confirm(cast.host, exchange)
    assert not permissions.must_confirm_exchange(cast.outsider, exchange)
    assert not permissions.must_confirm_exchange(AnonymousUser(), exchange)

    exchange = services.exchange_confirm(actor=cast.civil_servant, exchange=exchange)
    assert not _must_confirm(cast.civil_servant, exchange)
    assert _must_confirm(cast.host, exchange)

    exchange = services.exchange_confirm(actor=cast.host, exchange=exchange)  # agreed
    assert _must_confirm(cast.civil_servant, exchange) and _must_confirm(cast.host, exchange)

    exchange = services.exchange_cancel(actor=cast.host, exchange=exchange)
    assert not _must_confirm(cast.civil_servant, exchange)
    assert not _must_confirm(cast.host, exchange)
