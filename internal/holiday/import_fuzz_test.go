package holiday

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// FuzzParseDays checks the reader of holiday imports (CSV or JSON, as
// calendar.ParseDays reads them) on its own, fast enough to explore: days
// read have a real date, a kind and trimmed text, at increasing lines
// within the input; otherwise the error is errs.Invalid carrying
// calendar.ImportErrors of Chinese messages at lines within the input.
func FuzzParseDays(f *testing.F) {
	for _, sd := range importSeeds {
		f.Add([]byte(sd.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		days, err := calendar.ParseDays(data)
		checkParsed(t, data, days, err)
	})
}

// FuzzImport sends any content to the holiday import (POST
// /admin/calendar/import, uploaded as a file or pasted) for a year, as the
// administrator, through the real router, calendar and database. Reading
// alone (calendar.ParseDays) either gives days with a real date, a kind
// and trimmed text, at increasing lines within the input, or an
// errs.Invalid error carrying calendar.ImportErrors of Chinese messages.
// The import answers 303 or 400; a 400 leaves the calendar as it was; a
// 303 stored exactly the days read — each valid, in the year, with text
// both databases can store — under the source given (or the one the rows
// agree on), and marked the year covered.
func FuzzImport(f *testing.F) {
	cal, rt := importFixture(f)
	for _, sd := range importSeeds {
		f.Add([]byte(sd.data), sd.source, uint8(sd.year-2026), sd.file)
	}
	f.Fuzz(func(t *testing.T, data []byte, source string, which uint8, file bool) {
		year := 2026 + int(which%3)
		days, perr := calendar.ParseDays(data)
		checkParsed(t, data, days, perr)
		ctx := importContext()
		before := yearState(t, cal, year)
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, importRequest(t, data, source, year, file).WithContext(ctx))
		switch {
		case rec.Code == http.StatusBadRequest:
			if after := yearState(t, cal, year); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused import changed %d:\n%+v\n%+v", year, before, after)
			}
		case rec.Code != http.StatusSeeOther:
			t.Fatalf("import answered %d: %s", rec.Code, rec.Body)
		case perr != nil:
			t.Fatalf("imported %q, which ParseDays refuses: %v", data, perr)
		default:
			checkImported(t, cal, year, strings.TrimSpace(source), days)
		}
	})
}

// importFixture is the seeded calendar behind the real router, as in
// newFixture, for a fuzz target.
func importFixture(tb testing.TB) (*calendar.Calendar, http.Handler) {
	db := testkit.NewDB(tb)
	clock := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	if err := db.WithTx(ctx, func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now()) }); err != nil {
		tb.Fatal(err)
	}
	cal := calendar.New(db, rec, now)
	rt := testkit.NewRouter(tb, map[string]fs.FS{"holiday": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(cal, rd).Routes(rt)
	})
	return cal, rt
}

func importContext() context.Context {
	return audit.WithActor(access.With(context.Background(), admin), audit.Actor{Kind: audit.ActorUser, Name: admin.Name})
}

// importRequest posts data as an uploaded file or as pasted text.
func importRequest(t *testing.T, data []byte, source string, year int, file bool) *http.Request {
	form := url.Values{"year": {strconv.Itoa(year)}, "source": {source}}
	if !file {
		form.Set("content", string(data))
		req := httptest.NewRequest(http.MethodPost, "/admin/calendar/import", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k := range form {
		_ = mw.WriteField(k, form.Get(k))
	}
	fw, err := mw.CreateFormFile("file", "假日安排.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/calendar/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

type yearSnapshot struct {
	Info calendar.YearInfo
	Days []calendar.Day
}

func yearState(t *testing.T, cal *calendar.Calendar, year int) yearSnapshot {
	t.Helper()
	ctx := context.Background()
	info, err := cal.Year(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	days, err := cal.Days(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	return yearSnapshot{info, days}
}

// checkParsed checks ParseDays' result on its own.
func checkParsed(t *testing.T, data []byte, days []calendar.Day, err error) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	if err != nil {
		var rows calendar.ImportErrors
		if !errs.Is(err, errs.Invalid) || !errors.As(err, &rows) || len(rows) == 0 || days != nil {
			t.Fatalf("ParseDays(%q) error %v (%v) is not Invalid ImportErrors", data, err, errs.KindOf(err))
		}
		for _, r := range rows {
			if r.Line < 0 || r.Line > lines || !hasHan(r.Message) {
				t.Fatalf("ParseDays(%q): row error %+v (input has %d lines)", data, r, lines)
			}
		}
		return
	}
	for i, d := range days {
		switch {
		case d.Date.IsZero() || (d.Kind != calendar.Holiday && d.Kind != calendar.Workday):
			t.Fatalf("ParseDays(%q) day %+v", data, d)
		case d.Festival != strings.TrimSpace(d.Festival) || d.Source != strings.TrimSpace(d.Source):
			t.Fatalf("ParseDays(%q) day %+v has untrimmed text", data, d)
		case d.Line < 1 || d.Line > lines || i > 0 && d.Line <= days[i-1].Line:
			t.Fatalf("ParseDays(%q) day %+v at line %d (input has %d lines)", data, d, d.Line, lines)
		}
	}
}

// checkImported compares what the import stored with what was read.
func checkImported(t *testing.T, cal *calendar.Calendar, year int, source string, read []calendar.Day) {
	t.Helper()
	got := yearState(t, cal, year)
	if source == "" {
		source = got.Info.Source // the one the rows agree on
	}
	counts := map[calendar.Kind]int{}
	want := make([]calendar.Day, len(read))
	for i, d := range read {
		d.Line = 0
		if d.Source == "" {
			d.Source = source
		}
		if err := d.Validate(); err != nil || d.Date.Year() != year || !storable(d.Festival) || !storable(d.Source) {
			t.Fatalf("imported an invalid day %+v: %v", d, err)
		}
		want[i] = d
		counts[d.Kind]++
	}
	slices.SortFunc(want, func(a, b calendar.Day) int { return strings.Compare(a.Date.String(), b.Date.String()) })
	info := got.Info
	if !info.Covered || info.Source != source || !storable(source) || source == "" || info.Holidays != counts[calendar.Holiday] || info.Workdays != counts[calendar.Workday] {
		t.Fatalf("year %d after import: %+v, want source %q and %v", year, info, source, counts)
	}
	if !reflect.DeepEqual(got.Days, want) {
		t.Fatalf("stored days of %d:\n%+v\nread:\n%+v", year, got.Days, want)
	}
}

// storable reports whether both databases can keep s as it is: UTF-8
// without NUL (PostgreSQL refuses NUL; SQLite would keep bytes that no
// page can show).
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

var importSeeds = []struct {
	data, source string
	year         int
	file         bool
}{
	{"date,kind,festival,source\n2028-01-01,holiday,元旦,\n2028-01-03,holiday,元旦,\n2028-01-22,workday,春节,\n", "国办发明电〔2027〕9号", 2028, true},
	{`[{"date":"2027-01-01","kind":"holiday","festival":"元旦","source":"测试通知"}]`, "", 2027, false},
	{"\uFEFF日期,类型,节日,来源\n2027-02-06,放假,春节,通知\n2027-02-20,上班,春节,通知\n", "", 2027, true},
	{"# 2026 年安排\ndate,kind,festival\n2026-10-01,holiday,国庆节、中秋节\n2026-10-10,workday,国庆节\n", "国办发明电〔2025〕7号", 2026, false},
	{"date,kind,festival,source\n2028-01-01,holiday,元旦,\n2028-01-03,workday,元旦,\n2027-12-31,holiday,元旦,\n", "我的来源", 2028, true},
	{"date,kind\n2028-02-30,holiday\n", "x", 2028, false},
	{"date,kind,festival\n\"2028-01-01,holiday,元旦\n", "x", 2028, true},
	{`[{"date":"2028-01-01","kind":"holiday","festival":"元旦","extra":1},{"date":20280101}]`, "x", 2028, false},
	{`[{"date":"2028-01-01","kind":"holiday","festival":"元旦"}] []`, "x", 2028, false},
	{`{"date":"2028-01-01"}`, "x", 2028, true},
	{"", "x", 2028, false}, {"   \n", "x", 2028, true}, {"[", "x", 2028, false}, {"date,kind,date\n", "x", 2028, false},
	{"date,kind,festival,source\n2028-01-01,holiday,元旦,a\n2028-01-02,holiday,元旦,b\n", "", 2028, true},
	{"date,kind,festival\n2028-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", "x", 2028, false},
}
