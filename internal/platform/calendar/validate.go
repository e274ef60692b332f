package calendar

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Field limits, in characters.
const (
	maxFestival = 20
	maxSource   = 100
)

// Validate checks the rules every exception obeys and returns an Invalid
// error whose Fields name each problem in Chinese ("date", "kind",
// "festival", "source"), or nil:
//   - a date within MinYear..MaxYear;
//   - kind holiday or workday;
//   - a make-up workday only on a Saturday or Sunday (a Monday–Friday is
//     worked anyway, so such a row would mean nothing). A holiday may fall
//     on any day: notices list the weekend days inside a holiday period, and
//     storing them changes no count;
//   - the festival the day belongs to (holidays and make-up days alike are
//     arranged for a festival), at most 20 characters; the source at most 100.
func (d Day) Validate() error {
	if bad := d.problems(); len(bad) > 0 {
		return errs.FieldErrors(bad)
	}
	return nil
}

func (d Day) problems() map[string]string {
	bad := map[string]string{}
	if err := checkDate(d.Date); err != nil {
		bad["date"] = errs.Message(err)
	}
	switch {
	case !d.Kind.Valid():
		bad["kind"] = "请选择类型：放假（holiday）或调休上班（workday）。"
	case d.Kind == Workday && !d.Date.IsZero() && !d.Date.IsWeekend():
		bad["kind"] = fmt.Sprintf("%s 是%s，本来就是工作日，不能登记为调休上班日；调休上班日只能是星期六或星期日。",
			d.Date, d.Date.WeekdayLabel())
	}
	switch n := utf8.RuneCountInString(d.Festival); {
	case strings.TrimSpace(d.Festival) == "":
		bad["festival"] = "请填写所属节日，例如“春节”。"
	case n > maxFestival:
		bad["festival"] = fmt.Sprintf("节日名称不能超过%d个字。", maxFestival)
	}
	if utf8.RuneCountInString(d.Source) > maxSource {
		bad["source"] = fmt.Sprintf("来源不能超过%d个字。", maxSource)
	}
	return bad
}

// RowError is one problem of an import at a line of the input (for CSV the
// header is line 1; for JSON the line where the object starts). Line 0
// concerns the import as a whole.
type RowError struct {
	Line    int
	Message string
}

// String returns "第3行：…" (or the bare message for line 0).
func (e RowError) String() string {
	if e.Line == 0 {
		return e.Message
	}
	return "第" + strconv.Itoa(e.Line) + "行：" + e.Message
}

// ImportErrors lists every problem of an import, ordered by line. Import
// functions return it wrapped in an errs.Invalid error; get it back with
// errors.As.
type ImportErrors []RowError

func (e ImportErrors) Error() string {
	parts := make([]string, len(e))
	for i, r := range e {
		parts[i] = r.String()
	}
	return strings.Join(parts, "；")
}

// asError wraps e in an Invalid error whose message counts the problems, or
// returns nil when e is empty.
func (e ImportErrors) asError() error {
	if len(e) == 0 {
		return nil
	}
	sort.SliceStable(e, func(i, j int) bool { return e[i].Line < e[j].Line })
	msg := fmt.Sprintf("导入内容有 %d 处错误，没有导入任何数据。请改正后重新导入。", len(e))
	if len(e) == 1 {
		msg = "导入内容有错误，没有导入任何数据：" + e[0].String()
	}
	return errs.Wrap(errs.Invalid, msg, e)
}

// checkYear returns the problem with an import's year, or "".
func checkYear(year int) string {
	if year < MinYear || year > MaxYear {
		return fmt.Sprintf("年度应为 %d 到 %d 之间的四位数字。", MinYear, MaxYear)
	}
	return ""
}
