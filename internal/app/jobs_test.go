package app

import (
	"context"
	"testing"
	"time"
)

// TestJobsGiveLeasesUpOnStop: when the server stops, RunJobs returns only
// after its jobs have given their leases up, so the database is still open
// for that (closed first, every lease stayed held until it lapsed and
// another server's jobs waited for it).
func TestJobsGiveLeasesUpOnStop(t *testing.T) {
	sys, _ := testSystem(t)
	ctx, cancel := context.WithCancel(context.Background())
	wait := sys.startJobs(ctx, 15*time.Second)
	held := 0
	for deadline := time.Now().Add(10 * time.Second); held == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		if err := sys.DB.QueryRow(`SELECT COUNT(*) FROM job_leases`).Scan(&held); err != nil {
			t.Fatal(err)
		}
	}
	if held == 0 {
		t.Fatal("no job took a lease within 10 s")
	}
	cancel()
	wait()
	var left int
	if err := sys.DB.QueryRow(`SELECT COUNT(*) FROM job_leases`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d of the jobs' leases are still held after they stopped (%d were held)", left, held)
	}
}
