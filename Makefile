# The two commands: `make run` (the whole portal, embedded storage, demo content) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install clean bench browser-deps server-deps

$(STAMP): requirements-dev.txt portal_common/requirements.txt gateway/requirements.txt services/*/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# EDGE=1 make run: nginx (deploy/edge/) in front of the gateway too, on 127.0.0.1:EDGE_PORT (8080).
run: $(STAMP)
	$(PY) -m tools.run_portal

# Lint first: a ruff finding or an unformatted file fails the test run before the suite starts.
test: $(STAMP) browser-deps server-deps
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

# Debian's redis-server: the tests prove that replicas share rate-limit counters through it.
# Debian's nginx-light: the edge (deploy/edge/) in front of the real processes, tests/edge/.
NGINX ?= /usr/sbin/nginx

server-deps:
	@test -x /usr/bin/redis-server || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server; }
	@test -x $(NGINX) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light; }

clean:
	rm -rf $(VENV) .pytest_cache
