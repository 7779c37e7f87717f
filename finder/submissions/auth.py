"""The operator's password: from the environment or Streamlit's secrets, compared in constant time,
with a growing delay after each failed attempt (process-wide, so guessing from many sessions is slow too)."""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable, Mapping

PASSWORD_VARIABLE = "FINDER_OPERATOR_PASSWORD"  # noqa: S105 (the variable's name, not a password)
ENABLE_HINT = (
    "The operator page is switched off: no operator password is configured. To switch it on, set the "
    f'environment variable {PASSWORD_VARIABLE} for the app (or add `{PASSWORD_VARIABLE} = "..."` to '
    ".streamlit/secrets.toml) and restart it; then open this page again."
)


def configured_password(secrets: Mapping[str, object] | None = None) -> str:
    """The password from the environment, else from ``secrets``; "" when neither sets one."""
    from_env = os.environ.get(PASSWORD_VARIABLE, "")
    if from_env:
        return from_env
    try:
        value = (secrets or {}).get(PASSWORD_VARIABLE, "")
    except Exception:  # st.secrets raises when there is no secrets file at all
        value = ""
    return str(value or "")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class OperatorGate:
    """Checks passwords; each consecutive failure waits longer (1, 2, 4 … up to ``max_delay_s`` seconds)."""

    def __init__(
        self, *, base_delay_s: float = 1.0, max_delay_s: float = 8.0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.base_delay_s, self.max_delay_s, self._sleep = base_delay_s, max_delay_s, sleep
        self._failures = 0
        self._lock = threading.Lock()

    def check(self, password: str, attempt: str) -> bool:
        """True when ``attempt`` is the password (compared in constant time); a failure sleeps first."""
        ok = bool(password) and hmac.compare_digest(_digest(password), _digest(attempt))
        with self._lock:
            if ok:
                self._failures = 0
                return True
            self._failures += 1
            delay = min(self.base_delay_s * 2 ** (self._failures - 1), self.max_delay_s)
        self._sleep(delay)
        return False
