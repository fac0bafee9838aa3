# Two commands for users: `make demo` and `make test`. Both install the pinned
# stack into .venv first (only when requirements or setup.py changed).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_DIR ?= work_dirs/demo
# Extras beyond [tests], comma-separated, e.g. `make install EXTRAS=tensorboard`
# (setup.py's extras_require; the install reruns when EXTRAS changes).
EXTRAS ?=
comma := ,
PIP_EXTRAS := tests$(if $(EXTRAS),$(comma)$(EXTRAS))
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(PIP_EXTRAS))

.PHONY: install demo test lint clean

install: $(STAMP)

$(STAMP): setup.py $(wildcard requirements/*.txt)
	$(PYTHON) -m venv $(VENV)
	# torch first: the OpenMMLab wheels import it while they install.
	$(PY) -m pip install -q -c requirements/constraints.txt -r requirements/torch.txt
	$(PY) -m pip install -q -c requirements/constraints.txt -e '.[$(PIP_EXTRAS)]'
	touch $(STAMP)

demo: install
	$(PY) tools/demo.py --work-dir $(DEMO_DIR)

# Cost benchmarks: step time, memory and loading ratios against their goals
# (30-40 min on two CPU cores): writes
# benchmarks/RESULTS.md.
.PHONY: bench
bench: install
	$(PY) -m benchmarks.run_all --out benchmarks/RESULTS.md

# Label efficiency on real images (issue 10; about 50 min on two CPU cores):
# baseline vs semi-supervised over labelled fractions and seeds, writes
# benchmarks/LABEL_EFFICIENCY.{md,png}.
.PHONY: bench-accuracy
bench-accuracy: install
	$(PY) -m benchmarks.label_efficiency --out benchmarks/LABEL_EFFICIENCY.md

lint: install
	$(PY) -m ruff check .
	$(PY) -m isort --check-only --diff .

test: lint
	$(PY) -m pytest -q tests

clean:
	rm -rf $(VENV) work_dirs *.egg-info
