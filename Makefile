.PHONY: setup run test peer-test lint i18n
setup:
	./scripts/setup
run:
	./scripts/run
test:
	./scripts/test
peer-test: setup
	./scripts/peer-test
lint: setup
	./scripts/lint
i18n: setup
	./scripts/i18n
