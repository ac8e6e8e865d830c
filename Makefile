# Two commands for a fresh machine with Python >= 3.11, git and make:
#   make demo   install, set up the SQLite database, load data, serve, print demo logins
#               (on $HOST:$PORT when set, e.g. PORT=8123 make demo; openvss demo reads them)
#   make test   install the test dependencies and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install lint format serve clean screenshots messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/openvss demo

# Phone-size PNGs of the main screens in docs/screenshots/ (Playwright and Chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/openvss screenshots

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The English catalogue from the sources (msgids are Vietnamese), then every .mo.
# Never `makemessages -l vi`: locale/vi holds only Vietnamese for Django's and third-party
# apps' strings (see its header); our own msgids are already Vietnamese.
messages: $(VENV)/.installed
	cd src/openvss && $(abspath $(BIN))/openvss makemessages -l en --no-obsolete
	cd src/openvss && $(abspath $(BIN))/openvss makemessages -d djangojs -l en --no-obsolete \
		--ignore 'static/vendor/*'
	cd src/openvss && $(abspath $(BIN))/openvss compilemessages -l en -l vi

clean:
	rm -rf var/ .pytest_cache
