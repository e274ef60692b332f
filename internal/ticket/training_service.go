package ticket

import (
	"context"
	"database/sql"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Trainings returns the sessions f selects within the caller's regions,
// latest first, and their total. Who: TicketView. Errors:
// Unauthenticated; Forbidden; Unavailable/Internal.
func (s *Service) Trainings(ctx context.Context, f TrainingFilter) ([]Training, int, error) {
	p, err := access.Authorize(ctx, access.TicketView, "")
	if err != nil {
		return nil, 0, err
	}
	return searchTrainings(ctx, s.db, f, p.ScopeOf(access.TicketView))
}

// Training returns session id with its attendees and materials. Who:
// TicketView in its region. Errors: Unauthenticated; Forbidden; NotFound
// (also outside the caller's regions); Unavailable/Internal.
func (s *Service) Training(ctx context.Context, id int64) (Training, error) {
	p, err := access.Authorize(ctx, access.TicketView, "")
	if err != nil {
		return Training{}, err
	}
	t, err := selectTraining(ctx, s.db, id)
	if err == nil && !p.ScopeOf(access.TicketView).Contains(t.RegionCode) {
		err = errs.E(errs.NotFound, "培训记录不存在。")
	}
	return t, err
}

// CreateTraining records a session with the audit event
// "training.create", in one transaction. Who: TicketWork in its region.
// Errors: Unauthenticated; Forbidden; Invalid with per-field messages
// (also an unknown region, org unit, account or file); Unavailable.
func (s *Service) CreateTraining(ctx context.Context, in TrainingInput) (Training, error) {
	var out Training
	err := s.saveTraining(ctx, in, func(tx *sql.Tx, t *Training) error {
		t.CreatedBy, t.CreatedAt, t.UpdatedAt, t.Version = actorName(ctx), s.instant(), s.instant(), 1
		if err := insertTraining(ctx, tx, t); err != nil {
			return err
		}
		out = *t
		return s.recordTraining(ctx, tx, "training.create", t, map[string]any{"title": t.Title,
			"held_on": t.HeldOn, "attendees": len(t.Attendees), "materials": len(t.Materials)})
	})
	return out, err
}

// UpdateTraining replaces session id when in.Version is still current,
// with the audit event "training.update". Who: TicketWork in the old and
// the new region. Errors: as CreateTraining, plus NotFound and Conflict
// when someone saved it first.
func (s *Service) UpdateTraining(ctx context.Context, id int64, in TrainingInput) (Training, error) {
	var out Training
	err := s.saveTraining(ctx, in, func(tx *sql.Tx, t *Training) error {
		old, err := selectTraining(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := access.Authorize(ctx, access.TicketWork, old.RegionCode); err != nil {
			return err
		}
		if in.Version != old.Version {
			return errs.E(errs.Conflict, "培训记录已被他人修改，请刷新后重新编辑。")
		}
		t.ID, t.CreatedBy, t.CreatedAt = id, old.CreatedBy, old.CreatedAt
		t.UpdatedAt, t.Version = s.instant(), old.Version+1
		if err := updateTraining(ctx, tx, t, old.Version); err != nil {
			return err
		}
		out = *t
		return s.recordTraining(ctx, tx, "training.update", t, map[string]any{"title": t.Title,
			"held_on": t.HeldOn, "attendees": len(t.Attendees), "materials": len(t.Materials), "version": t.Version})
	})
	return out, err
}

// saveTraining validates in, resolves its names and runs write in a
// transaction with the session built from in.
func (s *Service) saveTraining(ctx context.Context, in TrainingInput, write func(*sql.Tx, *Training) error) error {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if _, err := access.Authorize(ctx, access.TicketWork, in.RegionCode); err != nil {
		return err
	}
	t, err := s.buildTraining(ctx, in)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := resolveAttendees(ctx, tx, t.Attendees); err != nil {
			return err
		}
		return write(tx, &t)
	})
}

// buildTraining checks region, org unit and files and returns the session.
func (s *Service) buildTraining(ctx context.Context, in TrainingInput) (Training, error) {
	t := Training{Title: in.Title, RegionCode: in.RegionCode, OrgUnitID: in.OrgUnitID, HeldOn: in.HeldOn,
		Trainer: in.Trainer, Location: in.Location, Minutes: int(math.Round(in.Hours * 60)), Content: in.Content,
		Notes: in.Notes, Attendees: slices.Clone(in.Attendees), Count: len(in.Attendees),
		Materials: append([]Material{}, in.Materials...)}
	if _, err := s.orgs.RegionByCode(ctx, in.RegionCode); err != nil {
		return t, errs.FieldErrors(map[string]string{"region_code": "所选区县不存在。"})
	}
	if in.OrgUnitID != 0 {
		u, err := s.orgs.Unit(ctx, in.OrgUnitID)
		if err != nil || u.RegionCode != in.RegionCode {
			return t, errs.FieldErrors(map[string]string{"org_unit_id": "所选组织单位不存在或不属于所选区县。"})
		}
		t.OrgUnitName = u.Name
	}
	for i := range t.Materials {
		m := &t.Materials[i]
		if m.Kind != "file" {
			m.Hash, m.Size, m.ContentType = "", 0, ""
			continue
		}
		if s.blobs == nil {
			return t, errs.E(errs.Unavailable, "未配置文件存储，培训资料只能填写链接。")
		}
		ref, err := s.blobs.Stat(ctx, m.Hash)
		if err != nil {
			return t, errs.FieldErrors(map[string]string{"materials": "培训资料第 " + strconv.Itoa(i+1) + " 项的文件不存在，请重新上传。"})
		}
		m.Size, m.ContentType, m.URL = ref.Size, ref.ContentType, ""
		if m.Name == "" {
			m.Name = ref.Name
		}
	}
	return t, nil
}

// resolveAttendees fills the name and id of attendees given by account.
func resolveAttendees(ctx context.Context, q sqldb.Querier, as []Attendee) error {
	for i := range as {
		a := &as[i]
		if a.UserID == 0 && a.Username == "" {
			continue
		}
		var id int64
		var name string
		err := q.QueryRowContext(ctx, `SELECT id, display_name FROM users WHERE id = $1 OR (username = $2 AND $2 <> '')`,
			a.UserID, a.Username).Scan(&id, &name)
		if sqldb.NotFoundIf(err) {
			return errs.FieldErrors(map[string]string{"attendees": "参训人员第 " + strconv.Itoa(i+1) + " 项的账户不存在。"})
		}
		if err != nil {
			return sqldb.Translate(err)
		}
		a.UserID, a.Username = id, ""
		if a.Name == "" {
			a.Name = name
		}
	}
	return nil
}

func (s *Service) recordTraining(ctx context.Context, tx *sql.Tx, action string, t *Training, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "training_session",
		ObjectID: strconv.FormatInt(t.ID, 10), RegionCode: t.RegionCode, Detail: detail})
}

// StoreTrainingFile keeps an uploaded material in the blob store and
// returns its reference, to be named by hash in a TrainingInput. Who:
// TicketWork. Errors: Unauthenticated; Forbidden; Invalid for an empty,
// oversized or disallowed file; Unavailable without a blob store.
func (s *Service) StoreTrainingFile(ctx context.Context, r io.Reader, name, contentType string) (blob.Ref, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return blob.Ref{}, err
	}
	if s.blobs == nil {
		return blob.Ref{}, errs.E(errs.Unavailable, "未配置文件存储，培训资料只能填写链接。")
	}
	return s.blobs.Put(ctx, r, name, contentType)
}

// OpenTrainingFile opens a file attached to session id for someone who
// may see the session; other files are NotFound.
func (s *Service) OpenTrainingFile(ctx context.Context, id int64, hash string) (io.ReadCloser, Material, error) {
	t, err := s.Training(ctx, id)
	if err != nil {
		return nil, Material{}, err
	}
	for _, m := range t.Materials {
		if m.Kind == "file" && m.Hash == hash && s.blobs != nil {
			rc, _, err := s.blobs.Open(ctx, hash)
			return rc, m, err
		}
	}
	return nil, Material{}, errs.E(errs.NotFound, "该培训没有这个文件。")
}
