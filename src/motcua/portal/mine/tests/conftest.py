import pytest

from motcua.workflow.tests.states import FAST_HASHERS, world_for_module


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One test world per module, rolled back at its end (``world_for_module``)."""
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db, settings, tmp_path):
    """The module's world for one test, which runs in a savepoint rolled back after it:
    the fast password hasher the world was built with, and uploads kept in this test's
    own folder."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path
    return module_world
