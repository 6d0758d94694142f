import pytest

from motcua.workflow.tests.world import world as build_world


@pytest.fixture
def w(db, settings):
    """The test world with a fast password hasher: nobody logs in in these tests, and
    the world's PBKDF2 hashes would cost seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()
