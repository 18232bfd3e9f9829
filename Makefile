.PHONY: run test
run:   ## set up if needed, then start the app (ingests on first run)
	scripts/run.sh
test:  ## set up if needed, then run the whole test suite (what CI runs)
	scripts/test.sh
