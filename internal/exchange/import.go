package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// Import outcomes of one record.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
	Rejected  = "rejected"
)

var outcomeLabels = map[string]string{Created: "新建", Updated: "更新", Unchanged: "无变化", Rejected: "拒绝"}

// ImportInput is one file or API body of 项目代码 records.
type ImportInput struct {
	Source   string `json:"-"`      // "file" or "api"
	FileName string `json:"-"`      // for a file
	Format   string `json:"format"` // "csv" or "json"
	Data     []byte `json:"-"`
}

// ImportRow is what happened to one record, and why.
type ImportRow struct {
	Line         int      `json:"line" doc:"CSV 行号（含表头）或 JSON 数组序号（从 1 起）"`
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Outcome      string   `json:"outcome" doc:"created | updated | unchanged | rejected"`
	OutcomeLabel string   `json:"outcome_label"`
	Reasons      []string `json:"reasons,omitempty" doc:"拒绝原因，或更新时未改动的不一致字段"`
}

// ImportReport is the stored result of one import.
type ImportReport struct {
	ID        int64       `json:"id"`
	Source    string      `json:"source"`
	FileName  string      `json:"file_name,omitempty"`
	Format    string      `json:"format"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Rejected  int         `json:"rejected"`
	Rows      []ImportRow `json:"rows"`
	UserName  string      `json:"user_name"`
	CreatedAt time.Time   `json:"created_at"`
}

// Import creates or updates the projects of in through the project
// registry (its rules decide what is valid) and stores and returns the
// report: each record created, updated (name, address, investment),
// unchanged, or rejected with the reasons. Facts the registry does not let
// an update change (owner, flow type, region) are reported when they
// differ. Who: holders of access.ExchangeAdmin, for projects in their
// regions; the registry's writes run as the caller with the register right
// in those regions and are audited there ("project.register",
// "project.update"); the import itself is recorded as "exchange.import".
// Errors: Unauthenticated, Forbidden; Invalid (field "file" or "format")
// when the content cannot be read at all.
func (s *Service) Import(ctx context.Context, in ImportInput) (ImportReport, error) {
	p, scope, err := admin(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	recs, err := parseImport(in.Format, in.Data)
	if err != nil {
		return ImportReport{}, err
	}
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	ictx := access.With(ctx, importer(p, scope, regions))
	rep := ImportReport{Source: in.Source, FileName: in.FileName, Format: in.Format, UserName: p.Name,
		CreatedAt: s.now()}
	for _, r := range recs {
		row, err := s.importOne(ictx, r, regions, scope)
		if err != nil {
			return ImportReport{}, err
		}
		row.OutcomeLabel = outcomeLabels[row.Outcome]
		rep.count(row.Outcome)
		rep.Rows = append(rep.Rows, row)
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if rep.ID, err = insertImport(ctx, tx, rep, p.UserID); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "exchange.import", ObjectType: "exchange_import",
			ObjectID: strconv.FormatInt(rep.ID, 10), Detail: map[string]any{"source": rep.Source, "file": rep.FileName,
				"created": rep.Created, "updated": rep.Updated, "unchanged": rep.Unchanged, "rejected": rep.Rejected}})
	})
	return rep, err
}

func (r *ImportReport) count(outcome string) {
	switch outcome {
	case Created:
		r.Created++
	case Updated:
		r.Updated++
	case Unchanged:
		r.Unchanged++
	default:
		r.Rejected++
	}
}

// importer is the caller acting on the project registry: the same person,
// holding the window clerks' register right in each region of its
// exchange scope (the import is the platform's own data entry).
func importer(p *access.Principal, scope access.Scope, regions []org.Region) *access.Principal {
	ip := &access.Principal{UserID: p.UserID, APIKeyID: p.APIKeyID, Username: p.Username, Name: p.Name}
	for _, r := range regions {
		if scope.Contains(r.Code) {
			ip.Assignments = append(ip.Assignments, access.Assignment{Role: access.WindowClerk, RegionID: r.ID,
				RegionCode: r.Code, RegionName: r.Name})
		}
	}
	return ip
}

// importOne creates, updates or rejects one record. Only a failure of the
// system (not of the record) is returned as an error.
func (s *Service) importOne(ctx context.Context, r inboundRecord, regions []org.Region, scope access.Scope) (ImportRow, error) {
	row := ImportRow{Line: r.Line, Code: project.NormalizeCode(r.XMDM), Name: r.XMMC}
	reg, problem := resolveRegion(r.XZQHDM, regions, scope)
	flow, ferr := strconv.Atoi(r.SPLCLX)
	money, merr := project.ParseMoney(r.ZTZE)
	switch {
	case row.Code == "":
		problem = "缺少项目代码"
	case ferr != nil:
		problem = "审批流程类型须为 1–10 的数字"
	case merr != "":
		problem = merr
	}
	if problem != "" {
		return rejected(row, problem), nil
	}
	old, err := s.projects.ByCode(ctx, row.Code)
	switch {
	case errs.Is(err, errs.NotFound):
		_, err = s.projects.Register(ctx, project.NewProject{Code: row.Code, Name: r.XMMC, RegionCode: reg,
			FlowType: flow, OwnerName: r.DWMC, OwnerCreditCode: r.DWTYSHXYDM, Investment: money, Address: r.JSDD})
		row.Outcome = Created
	case errs.Is(err, errs.Forbidden):
		return rejected(row, "该项目已登记在您无权管理的区县"), nil
	case err != nil:
		return row, err
	default:
		row.Outcome, row.Reasons, err = s.update(ctx, old, r, reg, flow, money)
	}
	if err != nil {
		return rejectedBy(row, err)
	}
	return row, nil
}

// update applies the changed name, address and investment to old.
func (s *Service) update(ctx context.Context, old project.Project, r inboundRecord, reg string, flow int,
	money project.Money) (string, []string, error) {
	var notes []string
	if old.RegionCode != reg || old.FlowType != flow || old.OwnerCreditCode != r.DWTYSHXYDM {
		notes = append(notes, "区县、审批流程类型或建设单位与已登记的不同，未修改，请在项目页核对")
	}
	u := project.Update{}
	if old.Name != r.XMMC {
		u.Name = &r.XMMC
	}
	if old.Address != r.JSDD {
		u.Address = &r.JSDD
	}
	if old.Investment != money {
		u.Investment = &money
	}
	if u == (project.Update{}) {
		return Unchanged, notes, nil
	}
	_, err := s.projects.Update(ctx, old.ID, u)
	return Updated, notes, err
}

// resolveRegion finds the region of a record's 行政区划代码: a region's own
// code first, else the region that reports under it.
func resolveRegion(code string, regions []org.Region, scope access.Scope) (string, string) {
	for _, pass := range []func(org.Region) bool{
		func(r org.Region) bool { return r.Code == code },
		func(r org.Region) bool { return r.ReportingCode == code },
	} {
		for _, r := range regions {
			if pass(r) {
				if !scope.Contains(r.Code) {
					return "", "您无权导入" + r.Name + "的项目"
				}
				return r.Code, ""
			}
		}
	}
	return "", "行政区划代码“" + code + "”不是达州市的区县"
}

func rejected(row ImportRow, reasons ...string) ImportRow {
	row.Outcome, row.Reasons = Rejected, reasons
	return row
}

// rejectedBy turns the registry's refusal into reasons; other errors are
// failures of the system and are returned.
func rejectedBy(row ImportRow, err error) (ImportRow, error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.Forbidden:
	default:
		return row, err
	}
	fields := errs.FieldsOf(err)
	if len(fields) == 0 {
		return rejected(row, errs.Message(err)), nil
	}
	var reasons []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		reasons = append(reasons, strings.TrimSuffix(fields[k], "。"))
	}
	return rejected(row, reasons...), nil
}

func insertImport(ctx context.Context, tx *sql.Tx, rep ImportReport, userID int64) (int64, error) {
	raw, err := json.Marshal(rep.Rows)
	if err != nil {
		return 0, err
	}
	var uid any
	if userID != 0 {
		uid = userID
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO exchange_imports (source, file_name, format, created, updated, unchanged,
		rejected, rows, user_id, user_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		rep.Source, rep.FileName, rep.Format, rep.Created, rep.Updated, rep.Unchanged, rep.Rejected, string(raw), uid,
		rep.UserName, sqldb.T(rep.CreatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}
