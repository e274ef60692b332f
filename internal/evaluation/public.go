package evaluation

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Result is one concluded case as the public register (办结信息公示)
// shows it: no applicant's personal data, owner and project name masked
// where they identify a natural person (MaskOwner, MaskText).
type Result struct {
	CaseNumber  string        `json:"case_number"`
	ProjectName string        `json:"project_name"`
	OwnerName   string        `json:"owner_name" doc:"建设单位；自然人姓名已脱敏"`
	ItemCode    string        `json:"item_code"`
	ItemName    string        `json:"item_name"`
	RegionCode  string        `json:"region_code"`
	RegionName  string        `json:"region_name"`
	Status      int           `json:"status" doc:"11 办结（通过）| 12 办结（容缺通过）| 13 办结（不通过）"`
	Approved    bool          `json:"approved"`
	ResultLabel string        `json:"result_label" doc:"办结通过 | 办结通过（容缺） | 办结不通过"`
	ConcludedOn calendar.Date `json:"concluded_on" doc:"办结日期，YYYY-MM-DD"`
	OrgName     string        `json:"org_name" doc:"办理（发证）部门"`
	UsedDays    int           `json:"used_days" doc:"实际用时（工作日，不含补正和特别程序）"`
	LimitDays   int           `json:"limit_days" doc:"承诺时限（工作日）"`
	Overtime    bool          `json:"overtime" doc:"用时超过时限"`

	orgID      int64
	startDay   string
	pausedDays int
	concluded  time.Time
}

// resultLabel names the outcome of a concluded status.
func resultLabel(st casework.Status) string {
	switch st {
	case casework.Approved:
		return "办结通过"
	case casework.ApprovedDeficiency:
		return "办结通过（容缺）"
	}
	return "办结不通过"
}

// ResultFilter selects the public register. Zero fields do not filter.
// Month is "YYYY-MM" (the conclusion month, Beijing time); Query matches
// the project name as a substring (any length: two Chinese characters
// work); Limit is capped at 100 (20 when zero).
type ResultFilter struct {
	RegionCode string
	ItemCode   string
	Month      string
	Query      string
	Limit      int
	Offset     int
}

var monthShape = regexp.MustCompile(`^\d{4}-\d{2}$`)

// Validate checks the month and the length of the query and returns an
// Invalid error with Chinese messages per field (month, q).
func (f *ResultFilter) Validate() error {
	f.Query = strings.TrimSpace(f.Query)
	fields := map[string]string{}
	if f.Month != "" {
		if _, ok := f.monthRange(); !ok {
			fields["month"] = "月份格式应为 2026-03 这样的年-月。"
		}
	}
	if utf8.RuneCountInString(f.Query) > 50 {
		fields["q"] = "项目名称关键词不能超过 50 个字。"
	}
	if len(fields) > 0 {
		return errs.FieldErrors(fields)
	}
	return nil
}

// monthRange is the first day of Month and of the month after.
func (f *ResultFilter) monthRange() ([2]calendar.Date, bool) {
	if !monthShape.MatchString(f.Month) {
		return [2]calendar.Date{}, false
	}
	d, err := calendar.ParseDate(f.Month + "-01")
	if err != nil {
		return [2]calendar.Date{}, false
	}
	return [2]calendar.Date{d, calendar.NewDate(d.Year(), d.Month()+1, 1)}, true
}

func (f ResultFilter) limit() int {
	if f.Limit <= 0 {
		return 20
	}
	return min(f.Limit, 100)
}

// ResultCountCap bounds the register's count: Results reports at most
// ResultCountCap+1 matches, meaning "more than ResultCountCap" — no one
// pages through ten thousand results; they narrow the search instead.
const ResultCountCap = 10000

// Results returns the page of concluded cases (11, 12, 13) matching f,
// newest conclusion first, and how many match in all, up to
// ResultCountCap+1. It is public: no principal is needed. Errors: Invalid
// (see ResultFilter.Validate).
func (s *Service) Results(ctx context.Context, f ResultFilter) ([]Result, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	out, total, err := selectResults(ctx, s.db, f)
	if err != nil {
		return nil, 0, err
	}
	return out, total, s.complete(ctx, out)
}

// Result returns the concluded case numbered number. It is public.
// Errors: NotFound when there is no such case or it is not concluded.
func (s *Service) Result(ctx context.Context, number string) (Result, error) {
	r, err := selectResult(ctx, s.db, number)
	if err != nil {
		return r, err
	}
	one := []Result{r}
	err = s.complete(ctx, one)
	return one[0], err
}

// complete fills the names, the outcome and the time used of rs.
func (s *Service) complete(ctx context.Context, rs []Result) error {
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, g := range regions {
		names[g.Code] = g.Name
	}
	ids := make([]int64, 0, len(rs))
	for _, r := range rs {
		ids = append(ids, r.orgID)
	}
	units, err := s.orgs.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		r.RegionName, r.OrgName = names[r.RegionCode], units[r.orgID].Name
		r.Approved = casework.Status(r.Status) != casework.Denied
		r.ResultLabel = resultLabel(casework.Status(r.Status))
		r.ConcludedOn = calendar.DateOf(r.concluded)
		if err := s.usedDays(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// usedDays counts r's working days from its start day to its conclusion,
// less the days paused for 补正 and 特别程序 (as the case clock does).
func (s *Service) usedDays(ctx context.Context, r *Result) error {
	if r.startDay == "" {
		return nil
	}
	start, err := calendar.ParseDate(r.startDay)
	if err != nil {
		return errs.Wrap(errs.Internal, "", err)
	}
	n, err := s.cal.WorkdaysBetween(ctx, start, r.ConcludedOn)
	if err != nil {
		return err
	}
	r.UsedDays = max(n-r.pausedDays, 0)
	r.Overtime = r.UsedDays > r.LimitDays
	return nil
}
