// Package faults holds gongai's fault tests (issue 8, "Faults"): they build
// the gongai binary, run it as a real process on a fresh database and drive
// it over HTTP the way browsers do, then break something — kill -9 in the
// middle of a load, two servers on one PostgreSQL racing for their jobs,
// the database unreachable, the disk full — and check what every
// acknowledged request promised is still true afterwards.
//
// Everything lives in the package's tests; this file only names the
// package. The tests are bounded for CI (about a thousand operations);
// GONGAI_FAULT_OPS raises the kill -9 load for a manual run, e.g.
//
//	GONGAI_FAULT_OPS=10000 go test -run TestKillDuringLoad -v -timeout 30m ./internal/faults/
//
// The PostgreSQL tests read GONGAI_TEST_DATABASE_URL and skip without it
// (they fail instead when CI is set and the URL is set but unusable).
package faults
