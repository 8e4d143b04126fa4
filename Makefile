# The two commands: `make run` (the whole portal, embedded storage, demo content) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install clean bench browser-deps server-deps
.PHONY: backup restore
.PHONY: desk-editor desk-bundle

$(STAMP): requirements-dev.txt portal_common/requirements.txt gateway/requirements.txt services/*/requirements.txt tools/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# EDGE=1 make run: nginx (deploy/edge/) in front of the gateway too, on 127.0.0.1:EDGE_PORT (8080).
run: $(STAMP)
	$(PY) -m tools.run_portal

# Lint first: a ruff finding or an unformatted file fails the test run before the suite starts.
test: $(STAMP) browser-deps server-deps desk-editor
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests (tests/e2e) drive Debian's Chromium (Playwright's own download is not
# reachable here) and inject axe-core from the npm registry. CI runs as root on a fresh clone.
CHROMIUM ?= /usr/bin/chromium
AXE := tests/e2e/node_modules/axe-core/axe.min.js

browser-deps: $(AXE)
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; }
	cd tests/e2e && npm ci --no-audit --no-fund
	touch $(AXE)

# The desk's rich-text editor (gateway/desk_editor/, TipTap bundled by esbuild): its npm packages
# exactly as package-lock.json says (npm ci), so the test that rebuilds the committed bundle
# (tests/gateway/desk/test_editor_bundle.py) builds it from the lock file. `make desk-bundle`
# rebuilds gateway/static/desk/editor.js after a change to the editor's sources or the lock.
DESK_EDITOR_DEPS := gateway/desk_editor/node_modules/.package-lock.json

desk-editor: $(DESK_EDITOR_DEPS)

$(DESK_EDITOR_DEPS): gateway/desk_editor/package.json gateway/desk_editor/package-lock.json
	@command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; }
	cd gateway/desk_editor && npm ci --no-audit --no-fund
	touch $(DESK_EDITOR_DEPS)

desk-bundle: desk-editor
	cd gateway/desk_editor && npm run build

# Debian's redis-server: the tests prove that replicas share rate-limit counters through it.
# Debian's nginx-light: the edge (deploy/edge/) in front of the real processes, tests/edge/.
NGINX ?= /usr/sbin/nginx

server-deps:
	@test -x /usr/bin/redis-server || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server; }
	@test -x $(NGINX) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light; }

clean:
	rm -rf $(VENV) .pytest_cache

# One archive of every service's records and objects, while the portal runs (docs/backups.md);
# its last line is the archive's path. BACKUP_DIR (default backups/ beside DATA_DIR), BACKUP_KEEP.
backup: $(STAMP)
	$(PY) -m tools.backup create

# make restore BACKUP=<archive>: into the storage the environment selects, checked first.
restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "Cần chỉ rõ bản sao lưu: make restore BACKUP=<tệp>" >&2; exit 2; }
	$(PY) -m tools.backup restore "$(BACKUP)"
