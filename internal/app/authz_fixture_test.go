package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/supervision"
)

// as returns a context acting as a demo account.
func as(t *testing.T, sys *System, user string) context.Context {
	t.Helper()
	_, p, err := sys.Identity.Login(context.Background(), user, identity.DemoPassword, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	return access.With(context.Background(), p)
}

// caseFixtures creates, in 通川区, an accepted 施工许可 case of a 小型社会投资
// project reviewed by 住建, a consultation to 自然资源和规划, and a 督办 to
// 住建 (which also notifies 住建).
func caseFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	flow, err := sys.Catalog.PublishedFlow(context.Background(), "511702", 4)
	if err != nil {
		t.Fatal(err)
	}
	item := flow.Stages[2].Items[0].Item
	proj := demoProject(t, sys, "511702", 4)
	app, err := sys.Cases.Submit(as(t, sys, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
		ItemCodes: []string{item.Code}, Form: demoAnswers([]catalog.Item{item}), Materials: uploads(t, sys, item),
		IdempotencyKey: "matrix"})
	if err != nil {
		t.Fatal(err)
	}
	c := app.Cases[0]
	if _, err := sys.Cases.Accept(as(t, sys, "chuangkou"), c.ID, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	zrzy, _ := sys.Org.UnitByFunction(context.Background(), "511702", "zrzy")
	withConsult, err := sys.Cases.Consult(as(t, sys, "shenpi.zj"), c.ID, casework.ConsultInput{ToOrgID: zrzy.ID, Question: "是否符合规划条件？"})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := sys.Cases.Get(as(t, sys, "shenpi.zj"), withConsult.ID)
	order, err := sys.Super.Issue(as(t, sys, "jianguan"), c.ID, supervision.IssueInput{Kind: "order",
		ToOrgID: full.LeadOrgID, Content: "请加快办理", Days: 3})
	if err != nil {
		t.Fatal(err)
	}
	var note int64
	if err := sys.DB.QueryRow(`SELECT MIN(id) FROM notifications`).Scan(&note); err != nil {
		t.Fatal(err)
	}
	ids["case"], ids["application"] = fmt.Sprint(c.ID), fmt.Sprint(app.ID)
	for _, h := range uploads(t, sys, item) {
		ids["case_file"] = h // the same bytes as submitted: uploads are content-addressed
	}
	ids["consultation"], ids["order"], ids["notification"] = fmt.Sprint(full.Consultations[0].ID), fmt.Sprint(order.ID), fmt.Sprint(note)
}

// catalogFixtures names a flow, an item's material and a template file.
func catalogFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	ctx := as(t, sys, "admin")
	flow, err := sys.Catalog.PublishedFlow(ctx, "511702", 3)
	if err != nil {
		t.Fatal(err)
	}
	item, err := sys.Catalog.Item(ctx, "construction_permit")
	if err != nil {
		t.Fatal(err)
	}
	m := item.Materials[0]
	item, err = sys.Catalog.AttachMaterialFile(ctx, item.Code, item.Revision, m.ID, catalog.SlotTemplate,
		bytes.NewReader(demoPDF(m.Name+"（模板）")), "申请表.pdf", "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	ids["flow"], ids["item"], ids["material"] = fmt.Sprint(flow.ID), item.Code, fmt.Sprint(item.Materials[0].ID)
	ids["hash"] = item.Materials[0].Template.Hash
}

// fillPath puts the fixtures' ids into a route pattern.
func fillPath(p string, ids map[string]string) string {
	subst := []struct{ prefix, param, key string }{
		{"/api/v1/projects/by-code/", "{code}", "project_code"},
		{"/projects/", "{id}", "project"}, {"/api/v1/projects/", "{id}", "project"},
		{"/admin/users/", "{id}", "user"}, {"/api/v1/users/", "{id}", "user"},
		{"/admin/apikeys/", "{id}", "key"}, {"/api/v1/apikeys/", "{id}", "key"},
		{"/admin/regions/", "{id}", "region"},
		{"/admin/catalog/items/", "{code}", "item"}, {"/admin/catalog/items/", "{id}", "material"},
		{"/api/v1/catalog/items/", "{code}", "item"}, {"/guide/items/", "{code}", "item"}, {"/apply/items/", "{code}", "item"},
		{"/admin/catalog/flows/", "{id}", "flow"}, {"/api/v1/catalog/flows/", "{id}", "flow"},
		{"/guide/blobs/", "{hash}", "hash"}, {"/cases/", "{hash}", "case_file"},
		{"/cases/", "{id}", "case"}, {"/api/v1/cases/", "{id}", "case"}, {"/api/v1/applications/", "{id}", "application"},
		{"/rectifications/", "{id}", "rectification"}, {"/api/v1/rectifications/", "{id}", "rectification"},
		{"/windows/", "{id}", "window"}, {"/api/v1/windows/", "{id}", "window"}, {"/windows/", "{user}", "staff"},
		{"/api/v1/windows/", "{user}", "staff_api"}, {"/appointments/", "{id}", "appointment"},
		{"/api/v1/appointments/", "{id}", "appointment"}, {"/ops/tickets/", "{id}", "ticket"},
		{"/api/v1/ops/tickets/", "{id}", "ticket"},
		{"/licences/", "{no}", "licence"}, {"/verify/", "{no}", "licence"}, {"/api/v1/licences/", "{no}", "licence"},
		{"/ops/kb/", "{id}", "kb"}, {"/api/v1/ops/kb/", "{id}", "kb"}, {"/ops/training/", "{id}", "training"},
		{"/api/v1/ops/training/", "{id}", "training"}, {"/ops/training/", "{hash}", "training_file"},
		{"/ops/hours/", "{unit}", "hours_unit"}, {"/api/v1/ops/hours/", "{unit}", "hours_unit"},
		{"/indicators/", "{code}", "indicator_code"}, {"/api/v1/indicators/", "{code}", "indicator_code"},
		{"/indicator-alerts/", "{id}", "alert"}, {"/api/v1/indicator-alerts/", "{id}", "alert"},
		{"/indicator-rules/", "{id}", "alert_rule"}, {"/api/v1/indicator-rules/", "{id}", "alert_rule"},
		{"/quality/runs/", "{id}", "quality_run"}, {"/api/v1/quality/runs/", "{id}", "quality_run"},
		{"/quality/results/", "{id}", "quality_result"}, {"/api/v1/quality/results/", "{id}", "quality_result"},
		{"/quality/tasks/", "{id}", "quality_task"}, {"/api/v1/quality/tasks/", "{id}", "quality_task"},
		{"/quality/rules/", "{id}", "quality_rule"}, {"/api/v1/quality/rules/", "{id}", "quality_rule"},
		{"/reports/saved/", "{id}", "report"}, {"/api/v1/reports/saved/", "{id}", "report"},
		{"/reports/runs/", "{id}", "report_run"}, {"/api/v1/reports/runs/", "{id}", "report_run"},
		{"/exchange/records/", "{id}", "exchange_record"}, {"/api/v1/exchange/records/", "{id}", "exchange_record"},
		{"/exchange/imports/", "{id}", "exchange_import"}, {"/api/v1/exchange/imports/", "{id}", "exchange_import"},
		{"/supervision/", "{id}", "order"}, {"/api/v1/supervision/", "{id}", "order"},
		{"/notifications/", "{id}", "notification"}, {"/api/v1/notifications/", "{id}", "notification"},
	}
	for _, s := range subst {
		if strings.HasPrefix(p, s.prefix) {
			p = strings.Replace(p, s.param, ids[s.key], 1)
		}
	}
	r := strings.NewReplacer("{id}", ids["unit"], "{aid}", ids["aid"], "{code}", ids["code"], "{$}", "",
		"{year}", "2026", "{date}", "2026-10-10", "{cid}", ids["consultation"], "{action}", "review",
		"{region}", "511702", "{type}", "4", "{kind}", "acceptance.pdf", "{number}", ids["concluded_number"])
	p = r.Replace(p)
	if strings.HasSuffix(p, "/static/") {
		p += "app.css"
	}
	return p
}

// uploads stores a PDF for every required material of item.
func uploads(t *testing.T, sys *System, item catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range item.Materials {
		if !m.Required {
			continue
		}
		ref, err := sys.Blobs.Put(context.Background(), bytes.NewReader(demoPDF(m.Name)), "材料.pdf", "application/pdf")
		if err != nil {
			t.Fatal(err)
		}
		out[m.Name] = ref.Hash
	}
	return out
}
