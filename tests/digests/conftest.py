from tests.discussions.conftest import relaxed_limits  # noqa: F401
