import pytest

from motcua.workflow.tests.world import world as build_world


@pytest.fixture
def w(db):
    return build_world()
