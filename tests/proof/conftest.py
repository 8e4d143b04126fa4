"""Fixtures of the fuzzing and abuse tests: the portal in-process with the demo content (one per
module that asks for it, on a throwaway data folder, so writes with the admin token are fine)."""

import pytest

from .inprocess import inprocess_portal


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with inprocess_portal(tmp_path_factory.mktemp("proof")) as portal:
        yield portal
