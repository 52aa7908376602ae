"""The retry policy of the fetcher: which failures are retried, how often, how long to wait.

One :class:`RetryPolicy` (``FetchSettings.retry``) decides every retry of a run:

- an HTTP status in :attr:`RetryPolicy.statuses` (408, 429, 5xx) is retried; any other
  status is final;
- any other :class:`~newsclean.errors.FetchError` is retried when the transport marked it
  ``retryable`` (a transient failure while connecting: connect timeout, refused or reset
  connection, a dropped TLS handshake); a read timeout, a truncated body, a refused
  certificate or a blocked address are final;
- at most :attr:`RetryPolicy.retries` retries per request hop, each after an exponential
  backoff with full jitter, never shorter than the server's ``Retry-After``; a
  ``Retry-After`` above :attr:`RetryPolicy.retry_after_cap` is not waited for (the failure
  is final and its message says so).

Each retry is counted under :meth:`RetryPolicy.count_key` (``retry/timeout``,
``retry/http_503``, ...): those counts reach the run summary.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from newsclean.errors import FetchError, HTTPStatusError
from newsclean.outcomes import FetchOutcome

logger = logging.getLogger(__name__)

#: statuses worth another try: request timeout, too many requests, server errors
RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
#: failures that say the host itself is in trouble (counted towards giving it up)
_HOST_TROUBLE = frozenset({FetchOutcome.TIMEOUT, FetchOutcome.NETWORK_ERROR})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Which failures are retried, how many times and after how long (see the module)."""

    retries: int = 2                      # retries after the first try, per request hop
    backoff_base: float = 0.5             # seconds; doubled per retry, with full jitter
    retry_after_cap: float = 30.0         # a longer Retry-After is not waited for
    statuses: frozenset[int] = RETRY_STATUSES

    def is_retried(self, exc: FetchError) -> bool:
        """Whether ``exc`` is worth another try at all (attempts aside)."""
        if isinstance(exc, HTTPStatusError):
            return exc.status in self.statuses
        return exc.retryable

    def delay(self, exc: FetchError, attempt: int) -> float | None:
        """Seconds to wait before retrying after try number ``attempt`` (0 for the first)
        failed with ``exc``; None when ``exc`` is final. A Retry-After over the cap makes
        it final and is noted in ``exc``'s message."""
        if attempt >= self.retries or not self.is_retried(exc):
            return None
        retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
        if retry_after is not None and retry_after > self.retry_after_cap:
            logger.info("%s: Retry-After %.0fs over cap, not retrying", exc.url, retry_after)
            exc.args = (f"{exc}; Retry-After {retry_after:.0f}s over cap",)
            return None
        return self.backoff(attempt, retry_after)

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Exponential backoff with full jitter; never shorter than ``retry_after``."""
        exponential = self.backoff_base * (2 ** attempt)
        jittered = random.uniform(exponential / 2, exponential)
        return max(jittered, retry_after or 0.0)

    def is_host_trouble(self, exc: FetchError) -> bool:
        """Failures that count against the host: timeouts, network errors, retried statuses."""
        if exc.reason in _HOST_TROUBLE:
            return True
        return isinstance(exc, HTTPStatusError) and exc.status in self.statuses

    @staticmethod
    def count_key(exc: FetchError) -> str:
        """The run-summary key of a retry after ``exc``: ``retry/http_<status>`` for a
        status, else ``retry/<outcome>`` (``retry/timeout``, ``retry/network_error``)."""
        if isinstance(exc, HTTPStatusError):
            return f"retry/http_{exc.status}"
        return f"retry/{exc.reason}"
