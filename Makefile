.PHONY: setup run test lint i18n
setup:
	./scripts/setup
run:
	./scripts/run
test:
	./scripts/test
lint: setup
	./scripts/lint
i18n: setup
	./scripts/i18n
