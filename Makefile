# The README's commands. Each sets up what it needs on a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-open-sans fonts-ebgaramond fonts-dejavu-core fonts-liberation2 poppler-utils
TEST_PACKAGES := chromium nodejs npm nginx openssl zbar-tools
export DJANGO_SETTINGS_MODULE := config.settings
APPS := accounts core libraries partners actionplans certification inspiration themes events portal

.PHONY: run test smoke check worker beat bench messages system-deps test-deps install compilemessages e2e-deps clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: system-deps $(BIN)/.installed compilemessages

# WeasyPrint needs Pango, HarfBuzz's subsetter and fonts; translations need gettext.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

# Browser tests use Debian's Chromium and axe-core from npm; the smoke test Debian's nginx,
# which it runs on its own: the system service the package starts is stopped and disabled.
test-deps: system-deps
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  case " $$missing " in *" nginx "*) $$sudo systemctl disable --now nginx >/dev/null 2>&1 || true;; esac; \
	fi
	test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

compilemessages: $(BIN)/.installed
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

messages: $(BIN)/.installed
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages -l da --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=var $(addprefix --ignore=,$(APPS)) --no-obsolete --no-location -v0
	for app in $(APPS); do \
	  (cd $$app && DJANGO_DEBUG=true ../$(BIN)/python ../manage.py makemessages -l da --no-obsolete --no-location -v0); done

# The portal's address follows PORT (QR codes on certificates, links in e-mails), unless
# SITE_URL is set.
RUN_ENV = DJANGO_DEBUG=$${DJANGO_DEBUG:-true} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install test-deps
	$(BIN)/python -m pytest -n 2 --create-db -q

# The production stack on loopback: gunicorn behind nginx with deploy/nginx.conf (also in `test`).
smoke: install test-deps
	$(BIN)/python -m pytest -m smoke -q tests/deploy

check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-logo

worker: install
	$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=2

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
