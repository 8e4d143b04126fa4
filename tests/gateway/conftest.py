"""Gateway fixtures. `app` points at backends that are not there unless a test starts them."""

import pytest

from gateway import create_app
from tests.conftest import TEST_ADMIN_TOKEN
from tools.processes import free_port


@pytest.fixture
def dead_backends():
    # Free ports with nothing listening: every call is refused at once.
    return {
        f"{name}_URL": f"http://127.0.0.1:{free_port()}"
        for name in ("ARTICLES", "MEDIA", "EXAMS", "ACCOUNTS", "DOCUMENTS")
    }


@pytest.fixture
def app(tmp_path, dead_backends):
    return create_app({"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "TESTING": True, **dead_backends})
