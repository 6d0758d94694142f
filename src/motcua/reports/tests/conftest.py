import pytest

from motcua.workflow.tests.states import FAST_HASHERS
from motcua.workflow.tests.world import world as build_world


@pytest.fixture
def w(db, settings):
    """The dossier tests' world (workflow.tests.world), with a fast password hasher."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_world()
