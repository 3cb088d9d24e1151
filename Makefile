# CivicBrief — set-up, build, demo, tests and benchmarks on Debian 12.
# Every target installs what it needs, idempotently: apt packages only when absent,
# the Python checkers into a project-local .venv, the fonts into Fonts/.

SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libcairo2-dev libpango1.0-dev libsqlite3-dev libqpdf-dev \
                libcmark-gfm-dev libcmark-gfm-extensions-dev libhyphen-dev hyphen-de \
                fontconfig fonts-noto-core pkg-config icc-profiles-free
TEST_APT_PACKAGES := poppler-utils qpdf python3-venv
# Test-only checkers (see ../shared/ACCESSIBILITY.md), pinned for reproducible verdicts; WeasyPrint
# and Typst only make the calibration files that show outloud's false positives (Tests/e2e/test_archival.py);
# jsonschema validates the run manifest against Schemas/run-manifest.schema.json.
PY_TOOLS := page-validation==0.11.0 outloud==0.2.1 pdfua==0.1.3 pikepdf==10.18.0 pytest==8.3.4 \
            weasyprint==70.0 typst==0.15.0 jsonschema==4.26.0
# The stamp names the tool list, so a changed pin reinstalls.
VENV_STAMP := .venv/.installed-$(shell echo '$(PY_TOOLS)' | sha1sum | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NOTO := /usr/share/fonts/truetype/noto
FONT_FILES := NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSans-Italic.ttf NotoSans-BoldItalic.ttf \
              NotoSansMath-Regular.ttf
BIN := .build/debug/civicbrief
RELEASE_BIN := .build/release/civicbrief
OUT ?= Output

.PHONY: all deps test-deps fonts venv build release demo test test-swift test-e2e bench clean

all: build

# icc-profiles-free ships the sRGB profile of the PDF/A output intent (/usr/share/color/icc/sRGB.icc),
# read at run time, never copied into the repository.
# apt-get runs only for packages that are missing; `apt-get update` once before installing.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))
	@$(MAKE) --no-print-directory fonts

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))
	@$(MAKE) --no-print-directory venv

# The typefaces the page templates name, copied from Debian's fonts-noto-core into Fonts/,
# so rendering depends on nothing else installed on the machine (licence: SIL OFL 1.1).
# Noto Sans Math is only a fallback: Noto Sans lacks some symbols, e.g. U+2212 MINUS SIGN.
fonts: $(addprefix Fonts/,$(FONT_FILES)) Fonts/LICENSE-Noto.txt
Fonts/%.ttf: | $(NOTO)/%.ttf
	cp $(NOTO)/$*.ttf $@
Fonts/LICENSE-Noto.txt:
	cp /usr/share/doc/fonts-noto-core/copyright $@

venv: $(VENV_STAMP)
$(VENV_STAMP):
	python3 -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check $(PY_TOOLS)
	touch $@

build: deps
	$(SWIFT) build
# The Swift runtime and Foundation linked in: start-up loses ≈ 20 ms of dynamic symbol binding
# (every civicbrief process pays it), at the price of a longer link and a larger binary.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# The samples, then the monthly pack as a committee secretary publishes it (report, agenda profiles
# and the combined Sitzungsmappe) from the same demo store.
demo: build
	$(BIN) demo --out $(OUT)
	$(BIN) publish Templates/monthly-sozialausschuss.yaml --out $(OUT)/sozialausschuss --quiet

test: test-deps build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	CIVICBRIEF_BIN=$(abspath $(BIN)) .venv/bin/python -m pytest -q Tests/e2e

bench: test-deps release
	CIVICBRIEF_BIN=$(abspath $(RELEASE_BIN)) .venv/bin/python scripts/bench.py
	CIVICBRIEF_BIN=$(abspath $(RELEASE_BIN)) .venv/bin/python scripts/bench_publish.py

clean:
	rm -rf .build .venv
