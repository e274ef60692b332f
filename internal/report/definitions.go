package report

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Sharing of a saved report.
const (
	SharePrivate = "private" // the owner only
	ShareRegion  = "region"  // everyone with ReportView in ShareRegion (and city-wide viewers)
	ShareCity    = "city"    // everyone with ReportView
)

// Shares lists the sharing options.
var Shares = []Option{{SharePrivate, "仅自己"}, {ShareRegion, "共享给本区县"}, {ShareCity, "共享给全市"}}

// Definition is a saved dynamic report. Scope is its owner's data scope
// when it was saved: scheduled runs are restricted to it.
type Definition struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Spec        Spec      `json:"spec"`
	Version     int       `json:"version"`
	OwnerID     int64     `json:"owner_id"`
	OwnerName   string    `json:"owner_name"`
	Scope       Scope     `json:"scope"`
	Share       string    `json:"share"`
	ShareRegion string    `json:"share_region,omitempty"`
	Schedule    string    `json:"schedule"`
	Weekday     int       `json:"weekday" doc:"每周执行的星期（1=周一 … 7=周日），仅 weekly"`
	NextRunAt   time.Time `json:"next_run_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// DefinitionInput is what a user saves.
type DefinitionInput struct {
	Name        string `json:"name" doc:"报表名称，最多 60 字"`
	Spec        Spec   `json:"spec"`
	Share       string `json:"share" doc:"private | region | city"`
	ShareRegion string `json:"share_region,omitempty" doc:"share=region 时的区县编码"`
	Schedule    string `json:"schedule" doc:"none | monthly（每月第一个工作日）| weekly"`
	Weekday     int    `json:"weekday,omitempty" doc:"weekly 时的星期 1–7"`
}

// ShareLabel names the sharing.
func (d Definition) ShareLabel() string {
	if d.Share == ShareRegion {
		return "共享给区县 " + d.ShareRegion
	}
	return labelOf(Shares, d.Share)
}

// ScheduleLabel names the schedule.
func (d Definition) ScheduleLabel() string {
	if d.Schedule == ScheduleWeekly {
		return "每" + labelOf(Weekdays, strconv.Itoa(d.Weekday))
	}
	return labelOf(Schedules, d.Schedule)
}

// visibleTo reports whether a viewer (user id, scope) may open d.
func (d Definition) visibleTo(userID int64, sc Scope) bool {
	return d.OwnerID == userID || d.Share == ShareCity ||
		d.Share == ShareRegion && (sc.All || contains(sc.Codes, d.ShareRegion))
}

// validate checks in for an owner with scope sc.
func (in *DefinitionInput) validate(sc Scope) error {
	bad := map[string]string{}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 60 {
		bad["name"] = "请填写报表名称（最多 60 字）。"
	}
	if _, err := in.Spec.Normalize(); err != nil {
		for k, v := range errs.FieldsOf(err) {
			bad[k] = v
		}
	}
	if _, err := regionsFor(in.Spec.Filters.Regions, sc); err != nil {
		bad["regions"] = "不能筛选本人数据范围以外的区县。"
	}
	switch in.Share {
	case SharePrivate, ShareCity:
		in.ShareRegion = ""
	case ShareRegion:
		if !regionCode.MatchString(in.ShareRegion) || !sc.All && !contains(sc.Codes, in.ShareRegion) {
			bad["share_region"] = "只能共享给本人数据范围内的区县。"
		}
	default:
		bad["share"] = "请选择共享范围。"
	}
	if labelOf(Schedules, in.Schedule) == in.Schedule {
		bad["schedule"] = "请选择定时方式。"
	}
	if in.Schedule == ScheduleWeekly && (in.Weekday < 1 || in.Weekday > 7) {
		bad["weekday"] = "请选择每周执行的星期。"
	}
	if len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	return nil
}

// Save creates (id 0) or updates a saved report of the principal in ctx,
// computing its next scheduled run, and records "report.definition.create"
// or ".update" in the same transaction. Only the owner may update.
//
// Who: ReportBuild, acting as a user. Errors: Unauthenticated; Forbidden
// (no ReportBuild, an API key, or not the owner); NotFound; Invalid with
// per-field messages; Conflict when saved meanwhile.
func (s *Service) Save(ctx context.Context, id int64, in DefinitionInput) (Definition, error) {
	p, sc, err := viewer(ctx, access.ReportBuild)
	if err != nil {
		return Definition{}, err
	}
	if p.UserID == 0 {
		return Definition{}, errs.E(errs.Forbidden, "报表须由用户本人保存。")
	}
	if id != 0 { // who may change it is decided before what was typed is checked
		if _, err := s.Editable(ctx, id); err != nil {
			return Definition{}, err
		}
	}
	if err := in.validate(sc); err != nil {
		return Definition{}, err
	}
	now := s.now()
	d := Definition{ID: id, Name: in.Name, Spec: in.Spec, OwnerID: p.UserID, OwnerName: p.Name, Scope: sc,
		Share: in.Share, ShareRegion: in.ShareRegion, Schedule: in.Schedule, Weekday: max(in.Weekday, 1),
		CreatedAt: now, UpdatedAt: now, Version: 1}
	if d.NextRunAt, err = s.nextRun(ctx, d.Schedule, d.Weekday, now); err != nil {
		return Definition{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if id == 0 {
			if d.ID, err = insertDefinition(ctx, tx, d); err != nil {
				return err
			}
			return s.recordDef(ctx, tx, "report.definition.create", d)
		}
		return s.update(ctx, tx, p, &d)
	})
	return d, err
}

func (s *Service) update(ctx context.Context, tx *sql.Tx, p *access.Principal, d *Definition) error {
	old, err := selectDefinition(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	if old.OwnerID != p.UserID {
		return errs.E(errs.Forbidden, "只有报表的创建人可以修改。")
	}
	d.Version, d.CreatedAt = old.Version+1, old.CreatedAt
	ok, err := updateDefinition(ctx, tx, *d)
	if err == nil && !ok {
		err = errs.E(errs.Conflict, "报表已被修改，请刷新后重试。")
	}
	if err != nil {
		return err
	}
	return s.recordDef(ctx, tx, "report.definition.update", *d)
}

// Delete removes a saved report of the principal in ctx (its archived
// files stay) and records "report.definition.delete". Errors as Save.
func (s *Service) Delete(ctx context.Context, id int64) error {
	p, _, err := viewer(ctx, access.ReportBuild)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		d, err := selectDefinition(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.OwnerID != p.UserID {
			return errs.E(errs.Forbidden, "只有报表的创建人可以删除。")
		}
		if _, err := deleteDefinition(ctx, tx, id, s.now()); err != nil {
			return err
		}
		return s.recordDef(ctx, tx, "report.definition.delete", d)
	})
}

// Definition returns saved report id when the principal in ctx may see
// it. Who: ReportView. Errors: NotFound also for a report not shared with
// the caller (its existence is not revealed).
func (s *Service) Definition(ctx context.Context, id int64) (Definition, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return Definition{}, err
	}
	d, err := selectDefinition(ctx, s.db, id)
	if err != nil {
		return d, err
	}
	if !d.visibleTo(p.UserID, sc) {
		return Definition{}, errs.E(errs.NotFound, "报表不存在或未共享给您。")
	}
	return d, nil
}

// Editable returns saved report id for its owner to edit. Errors as
// Definition, plus Forbidden for anyone but the owner.
func (s *Service) Editable(ctx context.Context, id int64) (Definition, error) {
	if _, _, err := viewer(ctx, access.ReportBuild); err != nil {
		return Definition{}, err
	}
	d, err := s.Definition(ctx, id)
	if err != nil {
		return d, err
	}
	if p := access.From(ctx); d.OwnerID != p.UserID {
		return Definition{}, errs.E(errs.Forbidden, "只有报表的创建人可以修改。")
	}
	return d, nil
}

// Definitions lists the saved reports the principal in ctx may see.
func (s *Service) Definitions(ctx context.Context) ([]Definition, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return nil, err
	}
	return selectVisibleDefinitions(ctx, s.db, p.UserID, sc)
}

// View computes saved report id for the principal in ctx, restricted to
// the caller's own scope (whatever the owner's was).
func (s *Service) View(ctx context.Context, id int64) (Definition, Result, error) {
	d, err := s.Definition(ctx, id)
	if err != nil {
		return d, Result{}, err
	}
	_, sc, _ := viewer(ctx, access.ReportView)
	r, err := s.compute(ctx, d.Spec, sc, nil, nil)
	r.Name = d.Name
	return d, r, err
}

func (s *Service) recordDef(ctx context.Context, tx *sql.Tx, action string, d Definition) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "report_definition",
		ObjectID: strconv.FormatInt(d.ID, 10), Detail: map[string]any{"name": d.Name, "version": d.Version,
			"share": d.Share, "share_region": d.ShareRegion, "schedule": d.Schedule, "scope": d.Scope.String(),
			"spec": d.Spec}})
}
