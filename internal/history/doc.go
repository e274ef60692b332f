// Package history generates a realistic, deterministic history of approval
// work for Dazhou's ten regions and writes it straight into the engine's
// tables, so that the monitoring console, the reports and the data-quality
// pages have months of data on first start (demo) and so that gongai can
// be measured at the scale of ten years (`gongai seed --scale`).
//
// What it writes. Projects (项目代码 of the region with a serial 8xxxxx,
// names and owners marked "演示数据"), and for each project its stage
// applications one after another, one case per stage item, with the
// case's department tasks, 补正 and 特别程序 pauses and every processing
// step. Cases reference the published flows of the catalog (flow id, item
// code, stage number, the item's limits) and the org units the engine
// would dispatch to. Every status change is computed by casework.Next
// while the planned events are replayed, so a history the engine would
// refuse cannot be written; deadlines, start days and paused working days
// follow casework's clock on the working-day calendar (holidays and 调休
// from calendar.Days; a year without an official arrangement counts
// Monday to Friday and marks deadlines provisional, as the engine does).
// Volumes differ by region (通川区 and 达川区 busiest, 万源市 quietest) and
// season; overdue shares (3–8 %), 补正 (15–25 %), special procedures
// (≈2 %), refusals (≈3 %), withdrawals, denials, 容缺 and online shares are
// in profile.go. Params.Plant adds deliberate anomalies for demonstrating
// the anomaly console (an overdue spike, a silent county).
//
// What it does not write: outbox rows, notifications, audit events per
// case, licences, consultations. Generated data never happened, so it must
// not leave the system or be signed. Each batch is one row of
// generated_batches and its rows are the id ranges of generated_ranges;
// GeneratedSQL gives the condition that recognises them, and Delete
// removes exactly one batch.
//
// Determinism. The same Params on the same starting database give the same
// rows: randomness comes from math/rand/v2 PCG sources seeded from
// Params.Seed and the (region, month, project) slot; times come from
// Params (From, To, AsOf), never from the wall clock. On a database that
// already has rows, ids, case numbers and project serials continue after
// the existing ones.
//
// How the application calls it:
//
//	svc := history.New(history.Deps{DB: db, Audit: rec, Calendar: cal, Catalog: catalogSvc, Orgs: orgSvc, Now: now})
//
//	// First start of the demo, after org, calendar and catalog seeds:
//	// 18 months, about 6,000 cases, 渠县's overdue spike planted. Runs
//	// only while no batch exists. A few seconds on SQLite.
//	sum, ran, err := svc.SeedDemo(ctx, now())
//
//	// gongai seed --scale [--cases 1000000] [--seed N]: ten years.
//	p := history.ScaleParams(time.Now(), 1_000_000)
//	sum, err := svc.Generate(ctx, p)
//
//	// gongai seed --delete-generated BATCH
//	deleted, err := svc.Delete(ctx, batchID)
//
// Generate holds SQLite's write lock for one chunk at a time — whole
// months of projects, at least 5,000 cases, roughly a second at a million cases — and on
// PostgreSQL locks the six tables for the same span, because it assigns
// ids itself and then moves the sequences past them. Its SQLite connection
// skips the foreign-key check while it writes (the rows' own ids are
// consistent by construction; the regions and org units they point at are
// checked in each chunk's transaction).
package history
