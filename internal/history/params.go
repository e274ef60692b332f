package history

import (
	"fmt"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Month is a calendar month, e.g. {2025, time.January}.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	d, err := calendar.ParseDate(s + "-01")
	if err != nil {
		return Month{}, errs.Ef(errs.Invalid, "月份“%s”的格式不对，应为 YYYY-MM，例如 2025-01。", s)
	}
	return Month{d.Year(), d.Month()}, nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// MarshalText writes "YYYY-MM" (Params are stored as JSON with the batch).
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "YYYY-MM".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	*m = v
	return err
}

// first is the first day of the month.
func (m Month) first() calendar.Date { return calendar.NewDate(m.Year, m.Month, 1) }

// add is the month n months after m (before, when n < 0).
func (m Month) add(n int) Month {
	d := calendar.NewDate(m.Year, m.Month+time.Month(n), 1)
	return Month{d.Year(), d.Month()}
}

// next is the month after m.
func (m Month) next() Month { return m.add(1) }

// Anomaly kinds that Params.Plant accepts.
const (
	// AnomalyOverdue: in the last Workdays working days before AsOf the
	// region's 逾期率 jumps: of its cases that would conclude then if late,
	// a Share are late (and conclude then, so that 逾期率 counts them).
	AnomalyOverdue = "overdue_spike"
	// AnomalySilence: the region receives no application in the last
	// Workdays working days ("a county reported nothing").
	AnomalySilence = "silence"
)

// Anomaly is a deliberately planted deviation, for demonstrating the
// anomaly console: e.g. {Region: "511725", Kind: AnomalyOverdue,
// Workdays: 10, Share: 0.5} is "渠县 overdue spike in the last 10 working
// days".
type Anomaly struct {
	Region   string  `json:"region"`
	Kind     string  `json:"kind"`
	Workdays int     `json:"workdays"`
	Share    float64 `json:"share,omitempty"`
}

// Params fixes a generated history completely: the same Params on the same
// starting database give the same rows. No field is read from the wall
// clock.
type Params struct {
	Seed uint64 `json:"seed"`
	// From and To are the first and last month in which projects start
	// (inclusive). Later stages of a project may fall after To, up to AsOf.
	From Month `json:"from"`
	To   Month `json:"to"`
	// AsOf is "now" for the history: nothing happens at or after it, and
	// cases still running then stay open in the state they had. No case
	// is received on AsOf's own day (the live engine numbers that day).
	// Zero means the first day of the month after To, 00:00 Beijing time.
	AsOf time.Time `json:"as_of"`
	// Regions to generate, by code; empty means all ten.
	Regions []string `json:"regions,omitempty"`
	// Total is the number of cases aimed at over the whole period (the
	// result is within a few per cent); when zero, CasesPerMonth (city-wide
	// average) times the number of months is used.
	Total         int `json:"total,omitempty"`
	CasesPerMonth int `json:"cases_per_month,omitempty"`
	// Plant lists deliberate anomalies; empty for realistic data only.
	Plant []Anomaly `json:"plant,omitempty"`
	// Label names the batch on pages, e.g. "演示数据（自动生成）".
	Label string `json:"label"`
}

// DemoParams is the first-start demo history: the 18 months up to now's
// (which runs until now), about 6,000 cases, with 渠县's overdue spike in
// the last 10 working days planted: some 30–70 % of the cases 渠县
// concludes then are late, against a few per cent elsewhere, so that the
// default anomaly rules (five working days summed, minimum sample 5) fire
// for 渠县 on the first evaluation.
func DemoParams(now time.Time) Params {
	today := calendar.DateOf(now)
	to := Month{today.Year(), today.Month()}
	return Params{Seed: 20260101, From: to.add(-17), To: to, AsOf: now,
		CasesPerMonth: 340, Label: "演示数据（自动生成）",
		Plant: []Anomaly{{Region: "511725", Kind: AnomalyOverdue, Workdays: 10, Share: 0.9}}}
}

// ScaleParams is `gongai seed --scale`: ten years (120 months) up to now,
// about total cases, nothing planted.
func ScaleParams(now time.Time, total int) Params {
	p := DemoParams(now)
	p.From, p.Total, p.CasesPerMonth, p.Plant = p.To.add(-119), total, 0, nil
	p.Seed, p.Label = 20160101, "规模测试数据（自动生成）"
	return p
}

// normalise fills the defaults and checks p, returning a Chinese error.
func (p Params) normalise() (Params, error) {
	fields := map[string]string{}
	if p.From.Year == 0 || p.To.Year == 0 || p.To.first().Before(p.From.first()) {
		fields["from"] = "请填写起止月份，且起始月份不晚于结束月份。"
	} else if months(p.From, p.To) > 240 {
		fields["to"] = "生成的历史不能超过 20 年。"
	}
	if p.AsOf.IsZero() && p.To.Year != 0 {
		p.AsOf = p.To.next().first().Time()
	}
	if len(p.Regions) == 0 {
		p.Regions = slices.Clone(regionCodes)
	}
	for _, r := range p.Regions {
		if _, ok := profiles[r]; !ok {
			fields["regions"] = "区县编码 " + r + " 不在达州市的十个区县之中。"
		}
	}
	if p.Total < 0 || p.CasesPerMonth < 0 || (p.Total == 0 && p.CasesPerMonth == 0) {
		fields["total"] = "请填写生成的办件总数或每月办件数。"
	}
	if p.Total > 20_000_000 {
		fields["total"] = "一次最多生成 2000 万件。"
	}
	for _, a := range p.Plant {
		if _, ok := profiles[a.Region]; !ok || (a.Kind != AnomalyOverdue && a.Kind != AnomalySilence) ||
			a.Workdays < 1 || a.Workdays > 60 || a.Share < 0 || a.Share > 1 {
			fields["plant"] = "异常设置无效：须为已知区县、类型 overdue_spike 或 silence、1–60 个工作日、比例 0–1。"
		}
	}
	if p.Label == "" {
		p.Label = "演示数据（自动生成）"
	}
	if len(fields) > 0 {
		return p, errs.FieldErrors(fields)
	}
	if p.Total == 0 {
		p.Total = p.CasesPerMonth * months(p.From, p.To)
	}
	return p, nil
}

// months counts the months from a to b inclusive.
func months(a, b Month) int { return (b.Year-a.Year)*12 + int(b.Month) - int(a.Month) + 1 }
