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

// collector gathers figures, either into series of day sums over a span
// of days (compute, see series.go) or as a list filtered by a predicate
// (drill-down).
type collector struct {
	*store
	keep func(f *Figure) bool
	list []Figure
}

// newCollector sums figures into series over days [from, to); figures of
// other days are not counted (every fact query selects its days).
func newCollector(from, to calendar.Date) *collector { return &collector{store: newStore(from, to)} }

// listCollector keeps the figures keep accepts, in a list.
func listCollector(keep func(f *Figure) bool) *collector { return &collector{keep: keep} }

// add records f under its dimension and, when it has one, under the total.
func (c *collector) add(f Figure) {
	c.take(f, false)
	if f.Dim != "" {
		f.Dim = ""
		c.take(f, true)
	}
}

// take lists f or sums it into its series (derived: see store.put).
func (c *collector) take(f Figure, derived bool) {
	if c.keep == nil {
		c.put(f, derived)
		return
	}
	g := f // only a listed figure goes to the heap (keep takes its address)
	if c.keep(&g) {
		c.list = append(c.list, g)
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
// is empty, as values need no Ref: formatting a Ref per case was a good
// part of a Recompute over a million cases.
func (c *collector) caseRef(id int64, number, item, project string) Ref {
	if !c.listing() {
		return Ref{}
	}
	return caseRef(id, number, item, project)
}

// listing reports whether c lists figures (a drill-down), which need their Ref.
func (c *collector) listing() bool { return c.keep != nil }

func caseRef(id int64, number, item, project string) Ref {
	return Ref{Kind: "case", ID: id, Key: fmt.Sprintf("case:%d", id), Label: number, Detail: item + " · " + project,
		URL: fmt.Sprintf("/cases/%d", id)}
}
