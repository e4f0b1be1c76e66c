.PHONY: run test bench lint

# Serve the dashboard on http://127.0.0.1:8000 with a demo seller (private PostgreSQL and Redis).
run:
	bash scripts/run.sh

# Run the whole suite against private PostgreSQL and Redis servers.
test:
	bash scripts/test.sh $(ARGS)

# Run every benchmark, or one: make bench BENCH=name
bench:
	bash scripts/bench.sh $(BENCH)

# Style (ruff), layers (import-linter) and types (mypy).
lint:
	bash scripts/lint.sh
