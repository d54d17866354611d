"""Shared test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` runs more examples (CI); the default ``dev`` profile keeps a local
run fast; ``stress`` runs many more, for a search by hand. Nothing depends on the clock: no
deadline, and no "too slow" health check, so a busy machine cannot fail a test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("dev", _UNTIMED, max_examples=25)
settings.register_profile("ci", _UNTIMED, max_examples=100, print_blob=True, database=None)
# For a search by hand before a change lands (HYPOTHESIS_PROFILE=stress pytest -k perturbed).
settings.register_profile("stress", _UNTIMED, max_examples=1500, print_blob=True, database=None)
# CI (which sets CI=true) runs the thorough profile unless told otherwise.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
