package casework

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// SubmitInput is one application: a whole stage (ItemCodes empty: every
// required item of the stage plus the optional ones listed in Optional) or
// single items (ItemCodes), with one form and one set of materials.
type SubmitInput struct {
	ProjectID      int64             `json:"project_id"`
	StageNo        int               `json:"stage_no"`
	ItemCodes      []string          `json:"item_codes,omitempty"`
	Optional       []string          `json:"optional,omitempty"`
	Form           formschema.Values `json:"form"`
	Materials      map[string]string `json:"materials"` // material name → blob hash
	IdempotencyKey string            `json:"idempotency_key"`
}

// Application is one submission and the cases it created.
type Application struct {
	ID         int64  `json:"id"`
	Number     string `json:"number"`
	ProjectID  int64  `json:"project_id"`
	StageNo    int    `json:"stage_no"`
	Scope      string `json:"scope"`
	Channel    string `json:"channel"`
	Cases      []Case `json:"cases"`
	Idempotent bool   `json:"idempotent_replay"`
}

// Submit receives an application (BLZT 1 for each case) from an enterprise
// or an agent (online) or a window clerk (at the window). A repeated
// submission with the same idempotency key by the same principal returns
// the first one and creates nothing (Idempotent is set).
//
// Errors: Invalid with field messages (form values, missing required
// materials, unknown items); NotFound for a project the caller cannot see;
// Forbidden without CaseApply or CaseAccept in the project's region.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (Application, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Application{}, err
	}
	proj, err := s.projects.Get(ctx, in.ProjectID)
	if err != nil {
		return Application{}, err
	}
	channel, err := submitChannel(p, proj.RegionCode)
	if err != nil {
		return Application{}, err
	}
	if strings.TrimSpace(in.IdempotencyKey) == "" || len(in.IdempotencyKey) > 100 {
		return Application{}, errs.FieldErrors(map[string]string{"idempotency_key": "缺少提交标识，请刷新页面后重新提交。"})
	}
	key := principalKey(p) + ":" + in.IdempotencyKey
	if app, ok, err := s.findByKey(ctx, key); err != nil || ok {
		return app, err
	}
	flow, err := s.catalog.PublishedFlow(ctx, proj.RegionCode, proj.FlowType)
	if err != nil {
		return Application{}, err
	}
	items, err := chooseItems(flow, in)
	if err != nil {
		return Application{}, err
	}
	if err := validateSubmission(items, in); err != nil {
		return Application{}, err
	}
	if err := s.checkFiles(ctx, in.Materials); err != nil {
		return Application{}, err
	}
	app, err := s.insertApplication(ctx, proj, flow, items, in, key, channel)
	if err == nil {
		for _, c := range app.Cases {
			s.after(ctx, c)
		}
	}
	if errs.Is(err, errs.Conflict) { // a concurrent twin with the same key won the race
		if app, ok, ferr := s.findByKey(ctx, key); ferr == nil && ok {
			return app, nil
		}
	}
	return app, err
}

func principalKey(p *access.Principal) string {
	if p.APIKeyID != 0 {
		return "k" + itoa(p.APIKeyID)
	}
	return "u" + itoa(p.UserID)
}

// submitChannel decides who may submit for a project in region: the
// applicant and agents online, the window clerk at the window.
func submitChannel(p *access.Principal, region string) (string, error) {
	if p.Can(access.CaseApply) && (p.Enterprise || p.ScopeOf(access.CaseApply).Contains(region)) {
		return "online", nil
	}
	if p.ScopeOf(access.CaseAccept).Contains(region) {
		return "window", nil
	}
	return "", errs.E(errs.Forbidden, "您无权为该项目提交申请。")
}

// chooseItems picks the stage items the application covers.
func chooseItems(flow catalog.Flow, in SubmitInput) ([]catalog.StageItem, error) {
	var stage *catalog.Stage
	for i := range flow.Stages {
		if flow.Stages[i].No == in.StageNo {
			stage = &flow.Stages[i]
		}
	}
	if stage == nil {
		return nil, errs.FieldErrors(map[string]string{"stage_no": "该项目的审批流程中没有这个阶段。"})
	}
	var out []catalog.StageItem
	for _, si := range stage.Items {
		switch {
		case len(in.ItemCodes) > 0 && slices.Contains(in.ItemCodes, si.ItemCode):
			out = append(out, si)
		case len(in.ItemCodes) == 0 && (!si.Optional || slices.Contains(in.Optional, si.ItemCode)):
			out = append(out, si)
		}
	}
	if len(out) == 0 || (len(in.ItemCodes) > 0 && len(out) != len(in.ItemCodes)) {
		return nil, errs.FieldErrors(map[string]string{"item_codes": "所选事项不属于该阶段，请重新选择。"})
	}
	return out, nil
}

// validateSubmission checks the one form against every item's fields and
// that every required material not eligible for 容缺 is attached.
func validateSubmission(items []catalog.StageItem, in SubmitInput) error {
	fields := map[string]string{}
	for _, si := range items {
		for k, v := range si.Item.Form.Validate(in.Form) {
			fields["form."+k] = v
		}
		for _, m := range si.Item.Materials {
			if m.Required && !m.DeficiencyAllowed && in.Materials[m.Name] == "" {
				fields["materials."+m.Name] = "请上传“" + m.Name + "”。"
			}
		}
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

func (s *Service) findByKey(ctx context.Context, key string) (Application, bool, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM applications WHERE idempotency_key = $1`, key).Scan(&id)
	if sqldb.NotFoundIf(err) {
		return Application{}, false, nil
	}
	if err != nil {
		return Application{}, false, sqldb.Translate(err)
	}
	app, err := s.Application(ctx, id)
	app.Idempotent = true
	return app, true, err
}

func (s *Service) insertApplication(ctx context.Context, proj project.Project, flow catalog.Flow,
	items []catalog.StageItem, in SubmitInput, key, channel string) (Application, error) {
	scope := "stage"
	if len(in.ItemCodes) > 0 {
		scope = "item"
	}
	var id int64
	err := s.inTx(ctx, func(tx *txn) error {
		var err error
		var number string
		id, number, err = s.insertApplicationTx(ctx, tx, proj, flow, in, key, channel, scope)
		if err != nil {
			return err
		}
		for _, si := range items {
			if err := s.insertCase(ctx, tx, id, number, proj, flow, in.StageNo, si); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Application{}, err
	}
	return s.Application(ctx, id)
}

func (s *Service) insertApplicationTx(ctx context.Context, tx *txn, proj project.Project, flow catalog.Flow,
	in SubmitInput, key, channel, scope string) (int64, string, error) {
	number, err := caseNumber(ctx, tx, "SB", proj.RegionCode, s.now())
	if err != nil {
		return 0, "", err
	}
	form, _ := json.Marshal(in.Form)
	mats, _ := json.Marshal(in.Materials)
	p := access.From(ctx)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO applications (number, project_id, project_code, project_name,
		region_code, flow_id, stage_no, scope, form_data, materials, idempotency_key, channel, applicant_id,
		enterprise_id, submitted_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
		number, proj.ID, proj.Code, proj.Name, proj.RegionCode, flow.ID, in.StageNo, scope, string(form),
		string(mats), key, channel, nullID(p.UserID), nullID(proj.EnterpriseID), sqldb.T(s.now())).Scan(&id)
	return id, number, sqldb.Translate(err)
}

// checkFiles makes sure every material names a file that was uploaded.
func (s *Service) checkFiles(ctx context.Context, materials map[string]string) error {
	fields := map[string]string{}
	for name, hash := range materials {
		if hash == "" {
			continue
		}
		if !blob.ValidHash(hash) {
			fields["materials."+name] = "“" + name + "”的文件标识无效，请重新上传。"
			continue
		}
		if _, err := s.blobs.Stat(ctx, hash); errs.Is(err, errs.NotFound) {
			fields["materials."+name] = "“" + name + "”的文件不存在，请重新上传。"
		} else if err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}
