"""The desk's editor bundle (gateway/static/desk/editor.js and its licence notices) is what the
committed sources and package-lock.json build: the packages installed are exactly the lock's
(`make test` runs `npm ci` first, `make desk-editor`), the build is run again into a temporary
folder, and both files must be byte for byte the committed ones. A change to the sources, the
lock or the bundle without rebuilding (`make desk-bundle`) fails here."""

import json
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EDITOR = ROOT / "gateway" / "desk_editor"
BUNDLED = ROOT / "gateway" / "static" / "desk"
OUTPUTS = ("editor.js", "editor.LICENSES.txt")
INSTALLED = EDITOR / "node_modules" / ".package-lock.json"


def _packages(lock_path):
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    return {
        path: (entry.get("version"), entry.get("integrity"))
        for path, entry in lock["packages"].items()
        if path.startswith("node_modules/")
    }


def test_the_installed_packages_are_the_lock_files():
    assert INSTALLED.exists(), "gateway/desk_editor/node_modules is missing: run `make desk-editor` (npm ci)"
    wanted = _packages(EDITOR / "package-lock.json")
    installed = _packages(INSTALLED)
    # npm ci leaves out the optional packages of other platforms (esbuild's binaries).
    missing = {path for path in wanted if path not in installed and "/@esbuild/" not in f"/{path}"}
    assert not missing, f"installed packages differ from package-lock.json: {sorted(missing)[:10]}"
    differing = {path for path, found in installed.items() if wanted.get(path) != found}
    assert not differing, f"installed packages differ from package-lock.json: {sorted(differing)[:10]}"


def test_the_committed_bundle_is_what_the_lock_file_builds(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed to build the desk's editor (make test installs npm, which brings it)"
    assert INSTALLED.exists(), "gateway/desk_editor/node_modules is missing: run `make desk-editor` (npm ci)"
    built = subprocess.run(
        [node, "build.mjs", str(tmp_path)], cwd=EDITOR, capture_output=True, text=True, timeout=120, check=False
    )
    assert built.returncode == 0, built.stderr
    for name in OUTPUTS:
        fresh, committed = (tmp_path / name).read_bytes(), (BUNDLED / name).read_bytes()
        assert fresh == committed, f"gateway/static/desk/{name} is not what the sources build: run `make desk-bundle`"


@pytest.mark.parametrize("needed", ["@tiptap/core", "@tiptap/starter-kit", "@tiptap/extension-table", "esbuild"])
def test_the_editor_is_built_from_pinned_permissive_packages(needed):
    manifest = json.loads((EDITOR / "package.json").read_text(encoding="utf-8"))
    version = manifest["devDependencies"][needed]
    assert version[0].isdigit(), f"{needed} must be pinned to an exact version, not {version!r}"
    locked = json.loads((EDITOR / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert locked[f"node_modules/{needed}"]["version"] == version
    assert locked[f"node_modules/{needed}"]["license"] == "MIT"
