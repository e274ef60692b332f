package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Run states.
const (
	RunQueued  = "queued"
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

var runStateLabels = map[string]string{RunQueued: "排队中", RunRunning: "生成中", RunDone: "已完成", RunFailed: "失败"}

// Run is one export of a report to an archived xlsx file, with the
// definition it ran (Spec, SpecHash, DefVersion) and the data scope it was
// restricted to.
type Run struct {
	ID            int64     `json:"id"`
	DefinitionID  int64     `json:"definition_id,omitempty"`
	Name          string    `json:"name"`
	Spec          Spec      `json:"spec"`
	SpecHash      string    `json:"spec_hash" doc:"定义快照的 SHA-256，用于复现"`
	DefVersion    int       `json:"def_version"`
	Scope         Scope     `json:"scope"`
	Origin        string    `json:"origin" doc:"manual | schedule"`
	RequestedBy   int64     `json:"requested_by,omitempty"`
	RequestedName string    `json:"requested_name"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	Progress      int       `json:"progress" doc:"0–100"`
	Message       string    `json:"message,omitempty"`
	FileHash      string    `json:"file_hash,omitempty"`
	FileName      string    `json:"file_name,omitempty"`
	FileSize      int64     `json:"file_size,omitempty"`
	RowCount      int       `json:"row_count"`
	CreatedAt     time.Time `json:"created_at"`
	StartedAt     time.Time `json:"started_at,omitzero"`
	FinishedAt    time.Time `json:"finished_at,omitzero"`
}

func (r *Run) derive() { r.StatusLabel = runStateLabels[r.Status] }

// Finished reports whether the run will not change any more.
func (r Run) Finished() bool { return r.Status == RunDone || r.Status == RunFailed }

func hashSpec(s Spec) string {
	sum := sha256.Sum256([]byte(specJSON(s)))
	return hex.EncodeToString(sum[:])
}

// Export queues the export of saved report defID for the principal in
// ctx, restricted to the caller's scope, and records "report.run.request".
// The run is made by ProcessQueued. Who: ReportView on a visible report.
func (s *Service) Export(ctx context.Context, defID int64) (Run, error) {
	d, err := s.Definition(ctx, defID)
	if err != nil {
		return Run{}, err
	}
	return s.enqueue(ctx, Run{DefinitionID: d.ID, Name: d.Name, Spec: d.Spec, DefVersion: d.Version})
}

// ExportSpec queues the export of an unsaved spec. Errors: as Pivot, before anything is queued.
func (s *Service) ExportSpec(ctx context.Context, name string, spec Spec) (Run, error) {
	if _, _, err := viewer(ctx, access.ReportView); err != nil {
		return Run{}, err
	}
	if _, err := spec.Normalize(); err != nil {
		return Run{}, err
	}
	if name == "" {
		name = "动态报表"
	}
	return s.enqueue(ctx, Run{Name: name, Spec: spec})
}

func (s *Service) enqueue(ctx context.Context, r Run) (Run, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return Run{}, err
	}
	if _, err := regionsFor(r.Spec.Filters.Regions, sc); err != nil {
		return Run{}, err
	}
	r.Scope, r.Origin, r.RequestedBy, r.RequestedName = sc, "manual", p.UserID, p.Name
	r.SpecHash, r.Status, r.CreatedAt = hashSpec(r.Spec), RunQueued, s.now()
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if r.ID, err = insertRun(ctx, tx, r); err != nil {
			return err
		}
		return s.recordRun(ctx, tx, "report.run.request", r)
	})
	r.derive()
	return r, err
}

// visibleRun returns run id when the principal in ctx may see it: its
// scope lies inside the caller's, and the caller requested it or may see
// its saved report. Otherwise NotFound (a county user never learns of
// another county's files).
func (s *Service) visibleRun(ctx context.Context, id int64) (Run, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return Run{}, err
	}
	r, err := selectRun(ctx, s.db, id)
	if err != nil {
		return r, err
	}
	ok := sc.covers(r.Scope) && r.RequestedBy == p.UserID
	if !ok && sc.covers(r.Scope) && r.DefinitionID != 0 {
		d, err := selectDefinition(ctx, s.db, r.DefinitionID)
		ok = err == nil && d.visibleTo(p.UserID, sc)
	}
	if !ok {
		return Run{}, errs.E(errs.NotFound, "报表生成记录不存在。")
	}
	return r, nil
}

// GetRun returns run id (its progress) when visible. Who: ReportView.
func (s *Service) GetRun(ctx context.Context, id int64) (Run, error) { return s.visibleRun(ctx, id) }

// Runs lists the runs of saved report defID the caller may see (0: the
// caller's own unsaved exports). Who: ReportView.
func (s *Service) Runs(ctx context.Context, defID int64) ([]Run, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return nil, err
	}
	if defID != 0 {
		if _, err := s.Definition(ctx, defID); err != nil {
			return nil, err
		}
	}
	all, err := selectRuns(ctx, s.db, defID, p.UserID)
	var out []Run
	for _, r := range all {
		if sc.covers(r.Scope) {
			out = append(out, r)
		}
	}
	return out, err
}

// File opens the archived file of run id. Who: as GetRun. Errors:
// NotFound also while the run has no file.
func (s *Service) File(ctx context.Context, id int64) (io.ReadCloser, Run, error) {
	r, err := s.visibleRun(ctx, id)
	if err != nil {
		return nil, r, err
	}
	if r.Status != RunDone || r.FileHash == "" {
		return nil, r, errs.E(errs.NotFound, "报表文件尚未生成。")
	}
	rc, _, err := s.blobs.Open(ctx, r.FileHash)
	return rc, r, err
}

func (s *Service) recordRun(ctx context.Context, tx *sql.Tx, action string, r Run) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "report_run",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: map[string]any{"definition_id": r.DefinitionID,
			"name": r.Name, "spec_hash": r.SpecHash, "scope": r.Scope.String(), "origin": r.Origin,
			"status": r.Status, "file_hash": r.FileHash, "rows": r.RowCount}})
}

// systemCtx acts as the report scheduler in the audit trail.
func systemCtx(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Kind: audit.ActorSystem, Name: "report-scheduler"})
}

// ProcessQueued makes the queued runs, oldest first, and returns how many
// it finished. Runs are claimed one at a time, so that several servers
// may call it. Job: every few seconds.
func (s *Service) ProcessQueued(ctx context.Context) (int, error) {
	ctx = systemCtx(ctx)
	ids, err := queuedRunIDs(ctx, s.db)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		ok, err := claimRun(ctx, s.db, id, s.now())
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		if err := s.make(ctx, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// make computes claimed run id, archives its xlsx in the blob store and
// records "report.run.done" or "report.run.fail". A report that cannot be
// computed fails the run, not the job; only database errors are returned.
func (s *Service) make(ctx context.Context, id int64) error {
	r, err := selectRun(ctx, s.db, id)
	if err != nil {
		return err
	}
	progress := func(p int) { _ = setProgress(ctx, s.db, id, p) }
	res, err := s.compute(ctx, r.Spec, r.Scope, nil, progress)
	if err == nil {
		res.Name = r.Name
		err = s.archive(ctx, &r, res)
	}
	r.FinishedAt, r.Progress, r.Status, r.Message = s.now(), 100, RunDone, ""
	action := "report.run.done"
	if err != nil {
		r.Status, r.Message, action = RunFailed, errs.Message(err), "report.run.fail"
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := finishRun(ctx, tx, r); err != nil {
			return err
		}
		return s.recordRun(ctx, tx, action, r)
	})
}

// archive writes res as xlsx into the blob store and notes the file on r.
func (s *Service) archive(ctx context.Context, r *Run, res Result) error {
	who := r.RequestedName
	if who == "" {
		who = "定时任务"
	}
	doc := DynamicDocument(res, who, s.now())
	doc.Conditions = append(doc.Conditions, KeyText{"定义快照", fmt.Sprintf("版本 %d，SHA-256 %s", r.DefVersion, r.SpecHash)})
	data, err := doc.XLSX()
	if err != nil {
		return err
	}
	_ = setProgress(ctx, s.db, r.ID, 90)
	name := fmt.Sprintf("%s-%s.xlsx", r.Name, calendar.DateOf(s.now()).String())
	ref, err := s.blobs.Put(ctx, bytes.NewReader(data), name, "")
	if err != nil {
		return err
	}
	r.FileHash, r.FileName, r.FileSize, r.RowCount = ref.Hash, name, ref.Size, len(res.Rows)
	return nil
}
