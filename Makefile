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

.PHONY: help venv run test test-fast lint format serve migrate seed bench bench-screening train-screening screenshots clean

help:
	@echo "make run          build .venv, migrate, load demo content, serve http://$(HOST):$(PORT)"
	@echo "make test         build .venv if needed and run the whole suite"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make serve        production-like: collectstatic + gunicorn + whitenoise"
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

seed: migrate
	$(LOCAL_ENV) $(BIN)/python manage.py seed_demo

run: seed
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/; Ctrl-C stops)"
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

# Production-like, on this machine: real static pipeline, gunicorn, no debug.
# TLS is not terminated locally, so the HTTPS redirect is off here.
serve: $(STAMP)
	@test -f .secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > .secret_key
	DJANGO_SECRET_KEY=$$(cat .secret_key) DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	  DJANGO_SECURE_SSL_REDIRECT=0 sh -c '$(BIN)/python manage.py collectstatic --noinput -v0 && \
	  $(BIN)/python manage.py migrate --noinput && \
	  $(BIN)/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -'

# A benchmark, not a test: never part of `make test`. Needs wrk (Debian package).
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (apt-get install wrk)"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo) sh -c 'apt-get update -qq && apt-get install -y -qq wrk' \
	  || echo "Could not install wrk: the load rows will be reported as not available."; }
	$(BIN)/python bench/run.py

TRAIN_STAMP := $(VENV)/.installed-train
$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,train]"
	@touch $(TRAIN_STAMP)

# Public held-out figures when the sets of comments/data/SOURCES.md are under
# artifacts/screening-data/, the team-written regression set always.
bench-screening: $(TRAIN_STAMP)
	$(BIN)/python bench/screening.py

# Refits comments/data/screening_model.npz from the public sets (about 8 minutes).
train-screening: $(TRAIN_STAMP)
	$(BIN)/python bench/train_screening.py

screenshots: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python -m pytest -m browser -k screenshots -p no:cacheprovider

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
