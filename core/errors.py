"""The one domain error: a refused write, with a message fit for the user and its HTTP status.

Services raise it; the view adapter (``core.views``) and the socket consumers turn it into
the same answer: the message, the status, and ``Retry-After`` when it is 429.
"""

from __future__ import annotations

# Codes that mean something other than "the input was refused" (400).
STATUS_FOR_CODE = {
    "rate_limited": 429,
    "duplicate_text": 429,
    "forbidden": 403,
    "not_member": 403,
    "locked": 403,
    "not_found": 404,
}


class ServiceError(Exception):
    """A refused write; ``message`` is shown to the user as it is, nothing was changed."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        status: int | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status or STATUS_FOR_CODE.get(code, 400)
        self.retry_after = retry_after
        if self.status == 429 and self.retry_after is None:
            self.retry_after = 5
