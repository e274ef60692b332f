package access

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func principal(as ...Assignment) *Principal { return &Principal{UserID: 1, Assignments: as} }

func TestScopeOf(t *testing.T) {
	cityAdmin := principal(Assignment{Role: SysAdmin, RegionCode: CityRegionCode})
	cityClerk := principal(Assignment{Role: WindowClerk, RegionCode: CityRegionCode})
	twoCounties := principal(Assignment{Role: Reviewer, RegionCode: "511702"}, Assignment{Role: Reviewer, RegionCode: "511725"})
	countySupervisor := principal(Assignment{Role: Supervisor, RegionCode: "511781"})
	tests := []struct {
		name   string
		p      *Principal
		perm   Permission
		region string
		want   bool
	}{
		{"city admin reaches a county", cityAdmin, OrgAdmin, "511725", true},
		{"city clerk stays in the city", cityClerk, OrgView, "511702", false},
		{"city clerk sees the city", cityClerk, OrgView, CityRegionCode, true},
		{"two assignments, first county", twoCounties, CaseReview, "511702", true},
		{"two assignments, second county", twoCounties, CaseReview, "511725", true},
		{"two assignments, third county", twoCounties, CaseReview, "511781", false},
		{"county supervisor is not city-wide", countySupervisor, Supervise, "511702", false},
		{"county supervisor in its county", countySupervisor, Supervise, "511781", true},
		{"permission not granted", cityClerk, OrgAdmin, CityRegionCode, false},
		{"nil principal", nil, OrgView, "511702", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.p.Can(tc.perm) && tc.p.ScopeOf(tc.perm).Contains(tc.region)
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScope_FilterNeverNilWhenLimited(t *testing.T) {
	if f := (Scope{}).Filter(); f == nil || len(f) != 0 {
		t.Fatalf("an empty limited scope must filter everything out, got %v", f)
	}
	if f := (Scope{All: true}).Filter(); f != nil {
		t.Fatalf("an unlimited scope must not filter, got %v", f)
	}
}

func TestAuthorize(t *testing.T) {
	clerk := principal(Assignment{Role: WindowClerk, RegionCode: "511702"})
	ctx := With(context.Background(), clerk)
	if _, err := Authorize(context.Background(), OrgView, ""); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("anonymous: %v", err)
	}
	if _, err := Authorize(ctx, OrgAdmin, ""); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("missing permission: %v", err)
	}
	if _, err := Authorize(ctx, OrgView, "511725"); !errs.Is(err, errs.Forbidden) || errs.Message(err) != "您无权访问其他区县的数据。" {
		t.Fatalf("other county: %v", err)
	}
	if _, err := Authorize(ctx, OrgView, "511702"); err != nil {
		t.Fatalf("own county: %v", err)
	}
}

func TestEveryRoleHasALabelAndEnterpriseRolesAreMarked(t *testing.T) {
	for _, r := range append(Roles, Machine) {
		if r.Label() == "" {
			t.Errorf("%s has no Chinese label", r)
		}
	}
	if !Applicant.Enterprise() || Agent.Enterprise() {
		t.Fatal("only the applicant is an enterprise role")
	}
}
