"""Fixtures of the portal's tests. The online-submission modules share one test world
per module; modules that define their own ``w`` keep theirs."""

from __future__ import annotations

import pytest

from motcua.workflow.tests.states import FAST_HASHERS, world_for_module


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One test world for the module, rolled back at its end (``world_for_module``)."""
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db, settings, tmp_path):
    """The module's world for one test, which runs in a savepoint rolled back after it;
    uploads go to this test's own folder, so ``blobs()`` counts only its files."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path
    return module_world
