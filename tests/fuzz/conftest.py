"""Hypothesis profiles for the property-based tests in this folder.

- "default": bounded and derandomized, so `make test` and CI run the same examples every time
  and the whole folder takes well under a minute;
- "fuzz": many more examples per test, a fresh random seed each run (`make fuzz`).

HYPOTHESIS_PROFILE picks one (default "default"). Failing examples found by a fuzz run are kept
as explicit `@example(...)` lines on their test, so the default profile covers them for good.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "default",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,  # derandomized runs replay nothing: what they test is what the code says
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "fuzz",
    max_examples=5000,
    deadline=None,
    derandomize=False,
    # Failures found are replayed first on the next fuzz run; .tmp/ is git-ignored.
    database=DirectoryBasedExampleDatabase(Path(__file__).resolve().parents[2] / ".tmp" / "hypothesis"),
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """5,000 examples of a slow reader take longer than the suite's 300 s per test: under the
    fuzz profile each test here gets an hour."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
        for item in items:
            if item.path.parent == Path(__file__).parent:
                item.add_marker(pytest.mark.timeout(3600))
