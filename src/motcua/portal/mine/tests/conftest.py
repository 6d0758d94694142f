import pytest

from motcua.workflow.tests.world import world as build_world


@pytest.fixture
def w(db, settings, tmp_path):
    """The test world with a fast password hasher, and uploads kept in this test's own
    folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    return build_world()
