"""Fixtures shared by the functional tests: a simulated LMS for the LTI tests."""

from __future__ import annotations

import pytest

from tests.functional.lti_platform import FakePlatform, https_client, register


@pytest.fixture
def lms_client(app):
    """A test client on https, as an LMS-embedded browser would be."""
    return https_client(app)


@pytest.fixture
def platform(app, lms_client) -> FakePlatform:
    """A simulated LMS platform, registered with the tool."""
    return register(app, FakePlatform(), lms_client)
