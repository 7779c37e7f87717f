"""The fuzz suite: hypothesis against the CSV loader, the geocoder and the favourites import.

Two sizes: ``ci`` (the default, under a minute in all on a 2-core machine) and ``fuzz`` for a developer
(`make fuzz`, many more and larger examples). A failure prints the example and a reproduction blob.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_COMMON = {
    "deadline": None,  # timings are the benchmark's business, not the fuzzer's
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
}
# CI reports a failing example as found (with its reproduction blob) instead of shrinking it for minutes;
# `make fuzz` shrinks.
settings.register_profile(
    "ci", max_examples=30, database=None, phases=[Phase.explicit, Phase.generate, Phase.target], **_COMMON
)
settings.register_profile("fuzz", max_examples=2_000, **_COMMON)
settings.load_profile(os.environ.get("FINDER_FUZZ_PROFILE", "ci"))
