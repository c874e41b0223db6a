# Newsroom: `make run` to try it, `make test` to check it.
# Everything runs inside .venv, built from pyproject.toml on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Local defaults; a real deployment sets these in its environment instead.
LOCAL_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv run test test-fast lint format messages serve worker cluster migrate seed bench bench-screening train-screening screenshots clean

help:
	@echo "make run          build .venv, migrate, load demo content, serve http://$(HOST):$(PORT)"
	@echo "make test         build .venv if needed and run the whole suite"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make messages     refresh locale/*/django.po from the source, then compile the .mo files"
	@echo "make serve        production-like: collectstatic + gunicorn + whitenoise + task worker"
	@echo "make worker       the background task worker alone (manage.py db_worker)"
	@echo "make cluster      two app servers behind nginx + the task worker (PostgreSQL, Redis)"
	@echo "make bench        throughput, latency, CPU and memory as ratios to the stack's floor"
	@echo "make bench-screening  precision/recall of the comment pre-screen"
	@echo "make train-screening  retrain the pre-screen's classifier (data: comments/data/SOURCES.md)"
	@echo "make screenshots  browser screenshots into artifacts/screenshots/"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Newsroom needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput

# The logins are kept in .venv/demo-logins.txt so `make run` can print them
# again last, just above runserver's banner, where they do not scroll away.
seed: migrate
	@$(LOCAL_ENV) $(BIN)/python manage.py seed_demo > $(VENV)/demo-logins.txt; \
	  status=$$?; cat $(VENV)/demo-logins.txt; exit $$status

run: seed
	@echo ""
	@grep "Demo logins" $(VENV)/demo-logins.txt || true
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/; Ctrl-C stops)"
	@echo ""
	$(LOCAL_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	@if [ -x /usr/bin/chromium ]; then \
	  echo "Browser tests: running in /usr/bin/chromium."; \
	else \
	  echo "Browser tests: SKIPPED, /usr/bin/chromium is not installed (apt-get install chromium; .ci/run installs it)."; \
	fi
	$(LOCAL_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The catalogs of locale/: every string the project marks, from Python, the
# admin's Django templates and the reader pages' Jinja2 templates (makemessages
# reads their {{ _("...") }} as it reads Django's). Both .po and .mo are
# committed, so a fresh clone runs without gettext; this target needs it
# (Debian's gettext: msgmerge, xgettext, msgfmt). MESSAGE_LANGUAGES=tr adds one.
# templates/admin/search_form.html is Django's own with one fix: its strings
# are Django's, translated in Django's catalogs.
MESSAGE_LANGUAGES ?= ckb ar
messages: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python manage.py makemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) \
	  --no-location --no-obsolete -e html,txt,py,xml -i tests -i bench -i docs -i artifacts -i staticfiles \
	  -i templates/admin/search_form.html
	$(LOCAL_ENV) $(BIN)/python manage.py compilemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) -i .venv

# Production-like, on this machine: real static pipeline, gunicorn, no debug.
# TLS is not terminated locally, so the HTTPS redirect is off here, and so are
# Secure cookies (DJANGO_SECURE_COOKIES=0): over plain http:// browsers on
# another host and scripts drop them, and every form post would fail CSRF (403).
serve: $(STAMP)
	@test -f .secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > .secret_key
	@echo "Serving http://$(HOST):$(PORT)/ in production mode (admin: /admin/; Ctrl-C stops)."
	@echo "Plain HTTP for a local trial: DJANGO_SECURE_SSL_REDIRECT=0 and DJANGO_SECURE_COOKIES=0."
	@echo "A real deployment terminates TLS in front and leaves both at 1, or form posts get 403."
	DJANGO_SECRET_KEY=$$(cat .secret_key) DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} \
	  DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 sh -c '$(BIN)/python manage.py collectstatic --noinput -v0 && \
	  $(BIN)/python manage.py migrate --noinput && \
	  { $(BIN)/python manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	    $(BIN)/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -; }'

# The task worker of the database backend (production's default), in the foreground.
worker: $(STAMP)
	$(BIN)/python manage.py db_worker

# Two app servers behind nginx (Debian package) with the task worker, on
# PostgreSQL ($$CLUSTER_PG_URL) and Redis ($$CLUSTER_REDIS_URL); Ctrl-C stops all.
cluster: $(STAMP)
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { echo "make cluster needs nginx: apt-get install nginx"; exit 1; }
	$(BIN)/python bench/cluster.py up

# A benchmark, not a test: never part of `make test`. Needs wrk (Debian package).
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (apt-get install wrk)"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo) sh -c 'apt-get update -qq && apt-get install -y -qq wrk' \
	  || echo "Could not install wrk: the load rows will be reported as not available."; }
	$(BIN)/python bench/run.py
	@echo "One app server against two, through nginx (bench/cluster.py bench):"
	-$(BIN)/python bench/cluster.py bench

TRAIN_STAMP := $(VENV)/.installed-train
$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,train]"
	@touch $(TRAIN_STAMP)

# Public held-out figures when the sets of comments/data/SOURCES.md are under
# artifacts/screening-data/, the team-written regression set always.
bench-screening: $(TRAIN_STAMP)
	$(BIN)/python bench/screening.py

# Refits comments/data/screening_model.npz from the public sets (about 4 minutes).
train-screening: $(TRAIN_STAMP)
	$(BIN)/python bench/train_screening.py

screenshots: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python -m pytest -m browser -k screenshots -p no:cacheprovider

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
