package casework_test

import (
	"io"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// TestDocuments: the case shows the one form's answers and every material
// with its file, and serves those files only to those who may see the case.
func TestDocuments(t *testing.T) {
	e := newEnv(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 3, "low_risk_construction_permit")
	mats := e.materials(t, "建设资金已经落实承诺书", items...)
	qiye := e.as(t, "qiye")
	app, err := e.cases.Submit(qiye, casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
		ItemCodes: []string{"low_risk_construction_permit"}, Form: fillForm(items...), Materials: mats, IdempotencyKey: "docs"})
	if err != nil {
		t.Fatal(err)
	}
	c := mustOf(t)(e.cases.Get(qiye, app.Cases[0].ID))
	if len(c.Answers) != len(items[0].Form.Fields) || len(c.Materials) != len(items[0].Materials) {
		t.Fatalf("answers %d materials %d", len(c.Answers), len(c.Materials))
	}
	missing := 0
	for _, m := range c.Materials {
		if m.Hash == "" {
			missing++
		} else if m.FileName == "" || m.Size == 0 {
			t.Fatalf("file details missing: %+v", m)
		}
	}
	if missing != 1 {
		t.Fatalf("the 容缺 material was not attached: %d missing", missing)
	}
	hash := mats["施工合同"]
	rc, ref, err := e.cases.OpenMaterial(e.as(t, "chuangkou"), c.ID, hash)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if ref.Size != int64(len(b)) || len(b) == 0 {
		t.Fatalf("read %d bytes of %d", len(b), ref.Size)
	}
	if _, _, err := e.cases.OpenMaterial(e.as(t, "chuangkou.qx"), c.ID, hash); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another county: %v", err)
	}
	other := e.upload(t, 4242)
	if _, _, err := e.cases.OpenMaterial(qiye, c.ID, other); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a stored file that is not this application's: %v", err)
	}
}
