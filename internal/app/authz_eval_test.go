package app

import (
	"context"
	"fmt"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/evaluation"
)

// concludedFixtures creates a second 通川区 case, approved by 住建 and
// concluded, rated 非常不满意 by the enterprise: a rectification for 住建,
// a public result, and (once licences are wired) a licence.
func concludedFixtures(t *testing.T, sys *System, ids map[string]string) {
	t.Helper()
	flow, err := sys.Catalog.PublishedFlow(context.Background(), "511702", 4)
	if err != nil {
		t.Fatal(err)
	}
	item := flow.Stages[2].Items[0].Item
	proj := demoProject(t, sys, "511702", 4)
	app, err := sys.Cases.Submit(as(t, sys, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
		ItemCodes: []string{item.Code}, Form: demoAnswers([]catalog.Item{item}), Materials: uploads(t, sys, item),
		IdempotencyKey: "matrix-concluded"})
	if err != nil {
		t.Fatal(err)
	}
	c := app.Cases[0]
	steps := []func() (casework.Case, error){
		func() (casework.Case, error) {
			return sys.Cases.Accept(as(t, sys, "chuangkou"), c.ID, casework.AcceptInput{})
		},
		func() (casework.Case, error) {
			return sys.Cases.Review(as(t, sys, "shenpi.zj"), c.ID, casework.TaskInput{Decision: "approve", Opinion: "同意"})
		},
	}
	for _, step := range steps {
		if c, err = step(); err != nil {
			t.Fatal(err)
		}
	}
	if c, err = sys.Cases.Conclude(as(t, sys, "kezhang.zj"), c.ID, casework.ConcludeInput{Version: c.Version,
		Approve: true, Opinion: "准予许可"}); err != nil {
		t.Fatal(err)
	}
	r, err := sys.Eval.Rate(as(t, sys, "qiye"), c.ID, evaluation.RatingInput{Level: 1, Aspects: []string{"efficiency"},
		Comment: "办理时间过长"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := sys.Licences.ByCase(as(t, sys, "qiye"), c.ID)
	if err != nil {
		t.Fatalf("the licence is issued at conclusion: %v", err)
	}
	ids["concluded"], ids["concluded_number"], ids["licence"] = fmt.Sprint(c.ID), c.Number, l.Number
	ids["rectification"] = fmt.Sprint(r.RectificationID)
}
