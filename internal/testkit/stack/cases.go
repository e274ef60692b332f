package stack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// The demo cases the fixtures build, all of the demo enterprise's
// 小型社会投资 project in 通川区: the stage-4 joint acceptance (住建 leads,
// 自然资源和规划 and 消防审验 review in parallel) and the stage-3
// construction permit (住建 alone).
const (
	JointAcceptance    = "low_risk_joint_acceptance"
	ConstructionPermit = "low_risk_construction_permit"
)

// DemoProject returns the demo enterprise's project of flowType in region.
func (s *Stack) DemoProject(t testing.TB, regionCode string, flowType int) project.Project {
	t.Helper()
	page, err := s.Projects.List(s.As(t, "jianguan"), project.Filter{RegionCode: regionCode, FlowType: flowType})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.EnterpriseID != 0 {
			return p
		}
	}
	t.Fatalf("no demo project of type %d in %s", flowType, regionCode)
	return project.Project{}
}

// StageItem returns the item code of stage no of the published flow.
func (s *Stack) StageItem(t testing.TB, regionCode string, flowType, stage int, code string) catalog.Item {
	t.Helper()
	flow, err := s.Catalog.PublishedFlow(context.Background(), regionCode, flowType)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range flow.Stages {
		for _, si := range st.Items {
			if st.No == stage && si.ItemCode == code {
				return si.Item
			}
		}
	}
	t.Fatalf("no item %s in stage %d of flow type %d in %s", code, stage, flowType, regionCode)
	return catalog.Item{}
}

// FillForm answers every field of the items' forms (tables get one row).
func FillForm(items ...catalog.Item) formschema.Values {
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	return all.Sample(formschema.SampleAnswers{Text: "测试填写", Date: "2026-05-01", Number: 1})
}

// Materials uploads a distinct small PDF for every required material.
func (s *Stack) Materials(t testing.TB, items ...catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, it := range items {
		for _, m := range it.Materials {
			if m.Required {
				out[m.Name] = s.Upload(t, m.Name+".pdf")
			}
		}
	}
	return out
}

// Upload stores a distinct small PDF named name and returns its hash.
func (s *Stack) Upload(t testing.TB, name string) string {
	t.Helper()
	s.mu.Lock()
	s.uploads++
	n := s.uploads
	s.mu.Unlock()
	pdf := fmt.Sprintf("%%PDF-1.4\n%% gongai test %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", n)
	ref, err := s.Blobs.Put(context.Background(), strings.NewReader(pdf), name, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	return ref.Hash
}

// Submit applies, as user (qiye or daiban), for the item code of stage of
// the demo type-4 project in 通川区 and returns the case received.
func (s *Stack) Submit(t testing.TB, user, key string, stage int, code string) casework.Case {
	t.Helper()
	proj := s.DemoProject(t, "511702", 4)
	item := s.StageItem(t, "511702", 4, stage, code)
	app, err := s.Cases.Submit(s.As(t, user), casework.SubmitInput{ProjectID: proj.ID, StageNo: stage,
		ItemCodes: []string{code}, Form: FillForm(item), Materials: s.Materials(t, item), IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return app.Cases[0]
}

// Accepted has 通川区's window accept case id and returns it in full.
func (s *Stack) Accepted(t testing.TB, id int64) casework.Case {
	t.Helper()
	if _, err := s.Cases.Accept(s.As(t, "chuangkou"), id, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Cases.Get(s.As(t, "chuangkou"), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Inbox returns the titles of the account's notifications, newest first.
func (s *Stack) Inbox(t testing.TB, username string) []string {
	t.Helper()
	items, _, err := s.Notify.Inbox(s.As(t, username), notify.Filter{Limit: 100})
	if err != nil {
		t.Fatalf("inbox %s: %v", username, err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

// CountWith counts the titles containing sub.
func CountWith(titles []string, sub string) int {
	n := 0
	for _, title := range titles {
		if strings.Contains(title, sub) {
			n++
		}
	}
	return n
}
