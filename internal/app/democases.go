package app

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// seedDemoCases puts a few applications of the demo enterprise's 小型社会投资
// project in 通川区 into the engine, so that every staff role finds work:
// a stage-2 planning permit under review by 自然资源和规划 (shenpi/fuzeren)
// and a stage-3 application (施工许可 + 消防设计备案) waiting at the window
// (chuangkou). They go through the engine's own use cases, acting as the
// demo accounts. The seed is claimed first in its own transaction because
// the engine opens its own.
func (s *System) seedDemoCases(ctx context.Context) error {
	claimed := false
	err := s.DB.WithTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO seed_runs (name, applied_at) VALUES ('demo.cases', $1)
			ON CONFLICT (name) DO NOTHING`, sqldb.T(s.Now()))
		if err != nil {
			return sqldb.Translate(err)
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	if err != nil || !claimed {
		return err
	}
	s.Log.Info("seeding", "seed", "demo.cases")
	qiye, err := s.Identity.ActAs(ctx, "qiye")
	if err != nil {
		return err
	}
	page, err := s.Projects.List(qiye, project.Filter{RegionCode: "511702", FlowType: 4})
	if err != nil || len(page.Items) == 0 {
		return fmt.Errorf("demo cases need the demo 小型社会投资 project: %v", err)
	}
	proj := page.Items[0]
	if err := s.demoApplication(ctx, qiye, proj, 2, "demo-stage-2", "chuangkou"); err != nil {
		return err
	}
	return s.demoApplication(ctx, qiye, proj, 3, "demo-stage-3", "")
}

// demoApplication submits the required items of a stage (with every
// required material as a demo PDF) and, when clerk is set, accepts them.
func (s *System) demoApplication(ctx, qiye context.Context, proj project.Project, stage int, key, clerk string) error {
	flow, err := s.Catalog.PublishedFlow(ctx, proj.RegionCode, proj.FlowType)
	if err != nil {
		return err
	}
	var items []catalog.Item
	for _, st := range flow.Stages {
		for _, si := range st.Items {
			if st.No == stage && !si.Optional {
				items = append(items, si.Item)
			}
		}
	}
	in := casework.SubmitInput{ProjectID: proj.ID, StageNo: stage, Form: demoAnswers(items), IdempotencyKey: key,
		Materials: map[string]string{}}
	for _, it := range items {
		for _, m := range it.Materials {
			if m.Required {
				ref, err := s.Blobs.Put(ctx, bytes.NewReader(demoPDF(m.Name)), m.Name+"（演示）.pdf", "application/pdf")
				if err != nil {
					return err
				}
				in.Materials[m.Name] = ref.Hash
			}
		}
	}
	app, err := s.Cases.Submit(qiye, in)
	if err != nil {
		return fmt.Errorf("stage %d: %w %v", stage, err, errs.FieldsOf(err))
	}
	if clerk == "" {
		return nil
	}
	window, err := s.Identity.ActAs(ctx, clerk)
	if err != nil {
		return err
	}
	for _, c := range app.Cases {
		if _, err := s.Cases.Accept(window, c.ID, casework.AcceptInput{Opinion: "材料齐全，予以受理（演示）"}); err != nil {
			return err
		}
	}
	return nil
}

// demoAnswers answers every field of the items' forms plausibly.
func demoAnswers(items []catalog.Item) formschema.Values {
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	return all.Sample(formschema.SampleAnswers{Text: "演示填写", Date: "2027-03-01", Number: 1200})
}

// demoPDF is a minimal PDF naming the material, marked as demo content.
func demoPDF(name string) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n%% gongai demo material: %s\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", name)
}
