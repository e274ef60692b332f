package project

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fuzzMaxYear is the latest year a code may carry in the fuzz tests (the
// service passes next year).
const fuzzMaxYear = 2027

// seededRegions returns Dazhou's regions as org.Seed writes them.
func seededRegions(tb testing.TB) []org.Region {
	tb.Helper()
	db := testkit.NewDB(tb)
	now := func() time.Time { return time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC) }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	if err := db.WithTx(ctx, func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now()) }); err != nil {
		tb.Fatal(err)
	}
	regions, err := org.NewService(db, rec, now).Regions(ctx)
	if err != nil || len(regions) == 0 {
		tb.Fatalf("regions: %v, %v", regions, err)
	}
	return regions
}

// FuzzProjectCode checks the 项目代码 check a registration (and the
// data-quality rule) runs on typed text: normalising is idempotent; a code
// CodeProblem accepts for region r is 24 ASCII characters that its parts
// rebuild exactly, with a year 2000–fuzzMaxYear, a type 01–03 and a region
// part that r accepts and that names a Dazhou region; it is refused for
// every region that does not accept that part; the project itself and its
// first sub-project code are valid 工程代码; every refusal is Chinese.
func FuzzProjectCode(f *testing.F) {
	regions := seededRegions(f)
	for _, s := range []string{"2026-511702-47-03-012345", "2000-511700-83-01-000001", "2027-511725-44-02-999999",
		"2026-511721-47-03-012345", "２０２６－５１１７０２－４７－０３－０１２３４５", " 2026-511702-47-03-012345\u3000",
		"2026—511702—47—03—012345", "2026-511702-47-04-012345", "1999-511702-47-03-012345", "2028-511702-47-03-012345",
		"2026-110105-47-03-012345", "2026-511772-47-03-012345", "202651170247030123450000", "2026-511702-47-03-0123456",
		"2026-511702-47-03-01234５", "", "-----", "2026-511702-47-03-012345\n", "9999-999999-99-99-999999"} {
		for i := range regions {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, typed string, which uint8) {
		r := regions[int(which)%len(regions)]
		code := NormalizeCode(typed)
		if again := NormalizeCode(code); again != code {
			t.Fatalf("NormalizeCode is not idempotent: %q → %q → %q", typed, code, again)
		}
		msg := CodeProblem(code, r, regions, fuzzMaxYear)
		if msg != "" {
			if !hasHan(msg) {
				t.Fatalf("CodeProblem(%q) = %q", code, msg)
			}
			return
		}
		checkAcceptedCode(t, code, r, regions)
	})
}

func checkAcceptedCode(t *testing.T, code string, r org.Region, regions []org.Region) {
	t.Helper()
	p, msg := parseProjectCode(code, fuzzMaxYear)
	rebuilt := fmt.Sprintf("%04d-%s-%s-%s-%s", p.Year, p.Region, p.Industry, p.Kind, p.Serial)
	if msg != "" || len(code) != 24 || rebuilt != code || p.Year < 2000 || p.Year > fuzzMaxYear {
		t.Fatalf("accepted %q: parts %+v (%q), rebuilt %q", code, p, msg, rebuilt)
	}
	if !slices.Contains([]string{"01", "02", "03"}, p.Kind) || !slices.Contains(acceptedCodes(r, regions), p.Region) {
		t.Fatalf("accepted %q for %s: type %s, region part %s not in %v", code, r.Name, p.Kind, p.Region, acceptedCodes(r, regions))
	}
	if !slices.Contains(dazhouCodes, p.Region) && !slices.ContainsFunc(regions, func(o org.Region) bool {
		return slices.Contains(acceptedCodes(o, regions), p.Region)
	}) {
		t.Fatalf("accepted %q whose region part names no Dazhou region", code)
	}
	for _, o := range regions {
		if got := CodeProblem(code, o, regions, fuzzMaxYear); (got == "") != slices.Contains(acceptedCodes(o, regions), p.Region) {
			t.Fatalf("%q for %s: %q", code, o.Name, got)
		}
	}
	if workCodeProblem(code, code) != "" || workCodeProblem(code, code+"-001") != "" {
		t.Fatalf("the project %q and its work %q-001 are not valid 工程代码", code, code)
	}
}

// FuzzWorkCode checks the 工程代码 rule against a valid project code: an
// accepted work code is the project code, or it followed by "-" and a
// serial 001–999; a refusal is Chinese; and the code suggested next to a
// work (suggestWorkCode) is accepted and new.
func FuzzWorkCode(f *testing.F) {
	const pc = "2026-511702-47-03-012345"
	for _, s := range []string{pc, pc + "-001", pc + "-999", pc + "-000", pc + "-1000", pc + "-01", pc + "-0a1",
		pc + "-００１", pc + "—001", pc + "001", pc + "--001", pc + "-+01", pc + "- 01", "2026-511702-47-03-012346-001",
		"", "-001", pc[:23], pc + "-001-001"} {
		f.Add(pc, s)
		f.Add("2000-511700-83-01-000001", s)
	}
	f.Fuzz(func(t *testing.T, project, typed string) {
		if _, msg := parseProjectCode(project, fuzzMaxYear); msg != "" {
			return // works belong to registered projects, whose codes passed this check
		}
		work := NormalizeCode(typed)
		msg := workCodeProblem(project, work)
		if msg != "" && !hasHan(msg) {
			t.Fatalf("workCodeProblem(%q) = %q", work, msg)
		}
		suffix, sub := strings.CutPrefix(work, project+"-")
		validSuffix := sub && len(suffix) == 3 && strings.Trim(suffix, "0123456789") == "" && suffix != "000"
		if (msg == "") != (work == project || validSuffix) {
			t.Fatalf("workCodeProblem(%q, %q) = %q", project, work, msg)
		}
		next := suggestWorkCode(Project{Code: project, Works: []Work{{Code: work}}})
		if next != "" && (next == work || workCodeProblem(project, next) != "") {
			t.Fatalf("after %q, suggestWorkCode proposes %q", work, next)
		}
	})
}

// FuzzParseMoney checks the reading of an investment in 万元 against exact
// rational arithmetic: an accepted amount lies in [0, MaxMoney], equals the
// typed decimal (separators, spaces and "万元" removed) exactly, and reads
// back unchanged from each of its printed forms; a refusal is Chinese.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1250.50", "1,250.5", "1，250.5 万元", "0", "0.00", "99999999.99", "100000000",
		"99999999.999", "-3", "1.234", "1.", ".5", "1e3", "0x10", "１２５０", "  3800  ", "00000000000000000012.3",
		"9223372036854775807", "NaN", "Inf", "1 2 3", "1.2.3", "万元", "12万元万元", "+5", "", "\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, msg := ParseMoney(s)
		if msg != "" {
			if m != 0 || !hasHan(msg) {
				t.Fatalf("ParseMoney(%q) = %d, %q", s, m, msg)
			}
			return
		}
		if m < 0 || m > MaxMoney {
			t.Fatalf("ParseMoney(%q) = %d out of range", s, m)
		}
		plain := strings.TrimSuffix(strings.TrimSpace(s), "万元")
		plain = strings.NewReplacer(",", "", "，", "", " ", "").Replace(strings.TrimSpace(plain))
		want, ok := new(big.Rat).SetString(plain)
		if !ok || want.Cmp(new(big.Rat).SetFrac64(int64(m), 100)) != 0 {
			t.Fatalf("ParseMoney(%q) = %d hundredths, exact value %v", s, m, want)
		}
		for _, printed := range []string{m.Decimal(), m.String(), m.Label()} {
			if back, msg := ParseMoney(printed); back != m || msg != "" {
				t.Fatalf("%d printed %q reads back as %d, %q", m, printed, back, msg)
			}
		}
	})
}
