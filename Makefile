# Một Cửa — two commands: `make demo` and `make test` (README.md).
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .uv/bin/uv
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

.PHONY: install demo test serve lint fmt openapi clean

install: .venv/.synced

# uv is installed into its own small virtualenv, so a fresh Debian machine needs only
# python3 (and python3-venv, which this installs when missing and run as root).
$(UV):
	@$(PYTHON) -m venv .uv 2>/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv .uv; }
	.uv/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

demo: install
	.venv/bin/motcua demo --port $(PORT)

test: install
	scripts/system-deps.sh
	scripts/test.sh

lint: install
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench

fmt: install
	.venv/bin/ruff check --fix src tests bench
	.venv/bin/ruff format src tests bench

openapi: install
	.venv/bin/motcua openapi_check --write

clean:
	rm -rf .venv .uv var
