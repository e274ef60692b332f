package indicator

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Ref is the record behind a figure: a case, a project's stage, a
// project's whole process, a rating, a rectification, a catalogue item or
// flow type, or a data-governance record. Key is unique per indicator.
type Ref struct {
	Kind   string `json:"kind" doc:"case | stage | project | rating | rectification | item | flow | record"`
	ID     int64  `json:"id"`
	Key    string `json:"key"`
	Label  string `json:"label"`
	Detail string `json:"detail"`
	URL    string `json:"url"`
}

// Figure is one record's part in one indicator on one day of one region:
// what it adds to the numerator and denominator, and for a median
// indicator the sample it contributes. Dim "" is the total; a figure with
// a dimension is counted under it and under the total.
type Figure struct {
	Code        string        `json:"code"`
	RegionCode  string        `json:"region_code"`
	Dim         string        `json:"dim"`
	Day         calendar.Date `json:"day"`
	Numerator   float64       `json:"numerator"`
	Denominator float64       `json:"denominator"`
	Sample      *float64      `json:"sample,omitempty"`
	Ref         Ref           `json:"ref"`
}

// Source feeds indicators computed outside this package: the data-quality
// indicators (ReportTimelyRate, ReportSuccessRate, CompletenessRate,
// ConsistencyRate), which the data-governance package will implement.
// Figures returns one Figure per record counted on the days [from, to)
// (Beijing dates), so that drill-down lists the records behind a value.
// Until a Source is configured those indicators have no value (暂无数据).
type Source interface {
	Codes() []string
	Figures(ctx context.Context, from, to calendar.Date) ([]Figure, error)
}

// bucket identifies a day value before roll-up.
type bucket struct {
	code, region, dim string
	day               calendar.Date
}

// dayAcc accumulates the figures of one bucket.
type dayAcc struct {
	num, den float64
	samples  map[string]float64 // ref key → value
	derived  map[string]bool    // keys of samples counted under the total from a dimension (not stored)
}

// collector gathers figures, either into day buckets (compute) or as a
// list filtered by a predicate (drill-down).
type collector struct {
	days map[bucket]*dayAcc
	keep func(f *Figure) bool
	list []Figure
}

func newCollector() *collector { return &collector{days: map[bucket]*dayAcc{}} }

// add records f under its dimension and, when it has one, under the total.
func (c *collector) add(f Figure) {
	c.put(f, false)
	if f.Dim != "" {
		f.Dim = ""
		c.put(f, true)
	}
}

// put adds f to its bucket; derived says f is the total's copy of a figure
// with a dimension, whose sample is stored under the dimension only (the
// roll-up counts a dimension's samples under the total too), which halves
// the samples a Recompute writes.
func (c *collector) put(f Figure, derived bool) {
	if c.keep != nil {
		if c.keep(&f) {
			c.list = append(c.list, f)
		}
		return
	}
	k := bucket{f.Code, f.RegionCode, f.Dim, f.Day}
	a := c.days[k]
	if a == nil {
		a = &dayAcc{}
		c.days[k] = a
	}
	a.num += f.Numerator
	a.den += f.Denominator
	if f.Sample != nil {
		if a.samples == nil {
			a.samples = map[string]float64{}
		}
		a.samples[f.Ref.Key] = *f.Sample
		if derived {
			if a.derived == nil {
				a.derived = map[string]bool{}
			}
			a.derived[f.Ref.Key] = true
		}
	}
}

// one is 1 when b holds, else 0: a record's part in a numerator.
func one(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// caseRef is the Ref of a case for a drill-down; when computing values it
// is empty, as only samples need their Ref (its Key) there: formatting a
// Ref per case was a good part of a Recompute over a million cases.
func (c *collector) caseRef(id int64, number, item, project string) Ref {
	if c.keep == nil {
		return Ref{}
	}
	return caseRef(id, number, item, project)
}

func caseRef(id int64, number, item, project string) Ref {
	return Ref{Kind: "case", ID: id, Key: fmt.Sprintf("case:%d", id), Label: number, Detail: item + " · " + project,
		URL: fmt.Sprintf("/cases/%d", id)}
}
