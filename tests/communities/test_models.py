import pytest
from django.core.exceptions import ValidationError

from communities.models import CommunityPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("topic", ["", "Innovation", "HR things", "Climate policy"])
def test_a_community_without_a_clear_topic_cannot_be_published(tree, topic):
    page = CommunityPage(title="Climate policy", slug="climate", topic=topic)
    with pytest.raises(ValidationError) as error:
        tree.add_child(instance=page)
    assert "topic" in error.value.message_dict
    assert not CommunityPage.objects.filter(slug="climate").exists()


def test_specific_topic_is_accepted_and_tidied(tree):
    page = CommunityPage(
        title="Climate policy",
        slug="climate",
        topic="  How  municipalities plan and finance   adaptation to heat and floods ",
    )
    tree.add_child(instance=page)
    assert page.topic == "How municipalities plan and finance adaptation to heat and floods"
