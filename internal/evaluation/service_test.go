package evaluation

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func wantKind(t *testing.T, what string, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("%s: err = %v, want kind %v", what, err, k)
	}
}

func wantField(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	got := errs.FieldsOf(err)
	for _, f := range fields {
		if got[f] == "" {
			t.Errorf("%s: no message for field %q in %v", what, f, err)
		}
	}
}

func TestService_Rate(t *testing.T) {
	e := newEnv(t)
	c := e.concludedCase(t, "qiye", "good", true)

	t.Run("OK", func(t *testing.T) {
		link, err := e.ev.LinkFor(e.as(t, "qiye"), &c)
		if err != nil || !link.Show || link.Rated {
			t.Fatalf("LinkFor before = %+v, %v", link, err)
		}
		r, err := e.ev.Rate(e.as(t, "qiye"), c.ID, RatingInput{Level: VerySatisfied, Comment: " 很快 "})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.RectificationID != 0 || r.Comment != "很快" || r.LevelLabel != "非常满意" {
			t.Fatalf("rating = %+v", r)
		}
		if link, _ := e.ev.LinkFor(e.as(t, "qiye"), &c); !link.Rated {
			t.Errorf("LinkFor after = %+v", link)
		}
		st, err := e.ev.RatingState(e.as(t, "qiye"), c.ID)
		if err != nil || st.Rating == nil || st.CanRate() {
			t.Fatalf("RatingState = %+v, %v", st, err)
		}
	})
	t.Run("ErrAlreadyRated", func(t *testing.T) {
		_, err := e.ev.Rate(e.as(t, "qiye"), c.ID, RatingInput{Level: Fair})
		wantKind(t, "second rating", err, errs.Conflict)
	})
	t.Run("ErrNotApplicant", func(t *testing.T) {
		_, err := e.ev.Rate(e.as(t, "daiban"), c.ID, RatingInput{Level: Fair})
		wantKind(t, "agent who did not submit", err, errs.Forbidden)
		_, err = e.ev.Rate(e.as(t, "chuangkou"), c.ID, RatingInput{Level: Fair})
		wantKind(t, "window clerk", err, errs.Forbidden)
		_, err = e.ev.Rate(context.Background(), c.ID, RatingInput{Level: Fair})
		wantKind(t, "anonymous", err, errs.Unauthenticated)
		if link, err := e.ev.LinkFor(e.as(t, "shenpi.zj"), &c); err != nil || link.Show {
			t.Errorf("LinkFor reviewer = %+v, %v", link, err)
		}
	})
	t.Run("ErrNotConcluded", func(t *testing.T) {
		open := e.acceptedCase(t, "open")
		_, err := e.ev.Rate(e.as(t, "qiye"), open.ID, RatingInput{Level: Fair})
		wantKind(t, "case in review", err, errs.Conflict)
	})
	e.assertChainOK(t)
}

func TestService_Rate_Invalid(t *testing.T) {
	e := newEnv(t)
	c := e.concludedCase(t, "qiye", "invalid", false)
	for _, tc := range []struct {
		name   string
		in     RatingInput
		fields []string
	}{
		{"no level", RatingInput{}, []string{"level"}},
		{"bad without reason", RatingInput{Level: Dissatisfied}, []string{"aspects", "comment"}},
		{"unknown aspect", RatingInput{Level: VeryDissatisfied, Aspects: []string{"price"}, Comment: "x"}, []string{"aspects"}},
		{"too long", RatingInput{Level: Satisfied, Comment: string(make([]rune, MaxText+1))}, []string{"comment"}},
	} {
		_, err := e.ev.Rate(e.as(t, "qiye"), c.ID, tc.in)
		wantKind(t, tc.name, err, errs.Invalid)
		wantField(t, tc.name, err, tc.fields...)
	}
}

// TestService_Rectification walks a bad rating: the lead department is
// told, another department cannot answer, the follow-up waits for the
// answer, the rater is told of it, and the follow-up closes it.
func TestService_Rectification(t *testing.T) {
	e := newEnv(t)
	c := e.concludedCase(t, "qiye", "bad", true)
	r, err := e.ev.Rate(e.as(t, "qiye"), c.ID, RatingInput{Level: VeryDissatisfied,
		Aspects: []string{"other", "efficiency", "efficiency"}, Comment: "材料反复退回"})
	if err != nil {
		t.Fatal(err)
	}
	if r.RectificationID == 0 || len(r.Aspects) != 2 || r.Aspects[0] != "efficiency" {
		t.Fatalf("rating = %+v", r)
	}
	id := r.RectificationID
	x, err := e.ev.Get(e.as(t, "kezhang.zj"), id)
	if err != nil {
		t.Fatal(err)
	}
	if x.OrgID != c.LeadOrgID || x.Due != calendar.NewDate(2026, 3, 16) || x.State != StateOpen {
		t.Fatalf("rectification = %+v (lead %d)", x, c.LeadOrgID)
	}
	if n := countWith(e.inbox(t, "shenpi.zj"), "差评整改"); n != 1 {
		t.Errorf("住建 got %d bad-rating notices", n)
	}
	_, err = e.ev.Get(e.as(t, "shenpi"), id)
	wantKind(t, "other department reads", err, errs.NotFound)
	_, err = e.ev.Answer(e.as(t, "shenpi"), id, "不是我们")
	wantKind(t, "other department answers", err, errs.NotFound)
	_, err = e.ev.FollowUp(e.as(t, "qiye"), id, true, "")
	wantKind(t, "follow-up before answer", err, errs.Conflict)
	_, err = e.ev.Answer(e.as(t, "shenpi.zj"), id, " ")
	wantField(t, "empty answer", err, "answer")

	if x, err = e.ev.Answer(e.as(t, "shenpi.zj"), id, "已约谈经办人并精简材料"); err != nil || x.State != StateAnswered || !x.OnTime() {
		t.Fatalf("answer = %+v, %v", x, err)
	}
	_, err = e.ev.Answer(e.as(t, "kezhang.zj"), id, "再答一次")
	wantKind(t, "second answer", err, errs.Conflict)
	if n := countWith(e.inbox(t, "qiye"), "已答复您"); n != 1 {
		t.Errorf("applicant got %d answered notices", n)
	}
	_, err = e.ev.FollowUp(e.as(t, "daiban"), id, true, "")
	wantKind(t, "follow-up by another", err, errs.NotFound)
	if x, err = e.ev.FollowUp(e.as(t, "qiye"), id, false, "仍不满意"); err != nil || x.State != StateClosed ||
		x.Satisfied == nil || *x.Satisfied || x.CloseKind != CloseFollowUp {
		t.Fatalf("follow-up = %+v, %v", x, err)
	}
	_, err = e.ev.Close(e.as(t, "jianguan"), id, "关闭")
	wantKind(t, "close after follow-up", err, errs.Conflict)
	e.assertChainOK(t)
}

// TestService_RefusedAndAgent: a refused case is ratable and its bad
// rating goes to the window; an agent rates the case they submitted,
// separately from the owner enterprise; a supervisor closes unanswered.
func TestService_RefusedAndAgent(t *testing.T) {
	e := newEnv(t)
	refused := e.refusedCase(t, "refused")
	r, err := e.ev.Rate(e.as(t, "qiye"), refused.ID, RatingInput{Level: Dissatisfied, Aspects: []string{"attitude"},
		Comment: "理由不清"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.ev.Get(e.as(t, "jianguan"), r.RectificationID)
	if err != nil || x.OrgID != e.unit(t, "511702", "window").ID {
		t.Fatalf("refusal rectification = %+v, %v", x, err)
	}
	_, err = e.ev.Close(e.as(t, "jianguan"), x.ID, "")
	wantField(t, "close without note", err, "note")
	if x, err = e.ev.Close(e.as(t, "jianguan"), x.ID, "经核实，不予受理理由充分。"); err != nil || x.CloseKind != CloseSupervisor {
		t.Fatalf("close = %+v, %v", x, err)
	}

	c := e.concludedCase(t, "daiban", "agent", true)
	if _, err := e.ev.Rate(e.as(t, "daiban"), c.ID, RatingInput{Level: Satisfied}); err != nil {
		t.Fatalf("agent rating: %v", err)
	}
	if _, err := e.ev.Rate(e.as(t, "qiye"), c.ID, RatingInput{Level: Fair}); err != nil {
		t.Fatalf("owner rating of an agent's case: %v", err)
	}
	e.assertChainOK(t)
}

func TestService_ListAndFigures(t *testing.T) {
	e := newEnv(t)
	good := e.concludedCase(t, "qiye", "f1", true)
	bad := e.concludedCase(t, "qiye", "f2", false)
	fair := e.concludedCase(t, "qiye", "f3", true)
	if _, err := e.ev.Rate(e.as(t, "qiye"), fair.ID, RatingInput{Level: Fair}); err != nil {
		t.Fatal(err) // 基本满意 is not counted as satisfied
	}
	if _, err := e.ev.Rate(e.as(t, "qiye"), good.ID, RatingInput{Level: Satisfied}); err != nil {
		t.Fatal(err)
	}
	r, err := e.ev.Rate(e.as(t, "qiye"), bad.ID, RatingInput{Level: Dissatisfied, Aspects: []string{"online"}, Comment: "系统卡顿"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(calendar.NewDate(2026, 3, 17))) // the day after the due date
	for _, tc := range []struct {
		user, state string
		want        int
	}{
		{"jianguan", StateOverdue, 1}, {"jianguan", StateOpen, 0}, {"shenpi.zj", "", 1},
		{"shenpi", "", 0}, {"qiye", StateActive, 1}, {"jianguan", StateClosed, 0},
	} {
		items, total, err := e.ev.List(e.as(t, tc.user), Filter{State: tc.state})
		if err != nil || total != tc.want || len(items) != tc.want {
			t.Errorf("List(%s, %q) = %d/%d, %v; want %d", tc.user, tc.state, len(items), total, err, tc.want)
		}
	}
	// the window answers the rectifications of its refusals: it sees none of a department's
	if items, _, err := e.ev.List(e.as(t, "chuangkou"), Filter{}); err != nil || len(items) != 0 {
		t.Fatalf("window lists %d rectifications, %v; want none of a department's", len(items), err)
	}
	_, _, err = e.ev.List(e.as(t, "yunwei"), Filter{})
	wantKind(t, "ops lists", err, errs.Forbidden)
	if _, err := e.ev.Answer(e.as(t, "shenpi.zj"), r.RectificationID, "已优化系统"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ev.FollowUp(e.as(t, "qiye"), r.RectificationID, true, ""); err != nil {
		t.Fatal(err)
	}

	march := [2]calendar.Date{calendar.NewDate(2026, 3, 1), calendar.NewDate(2026, 3, 31)}
	f, err := e.ev.Figures(e.as(t, "jianguan"), "511702", march[0], march[1])
	if err != nil {
		t.Fatal(err)
	}
	if f.Satisfaction != (Ratio{1, 3}) || f.Rectification != (Ratio{1, 1}) || f.RectifiedInTime != (Ratio{0, 1}) {
		t.Errorf("figures = %+v", f)
	}
	if f.Satisfaction.Value() != 1.0/3 {
		t.Errorf("满意率 = %v", f.Satisfaction.Value())
	}
	if f, err := e.ev.Figures(e.as(t, "jianguan"), "", calendar.NewDate(2026, 4, 1), calendar.NewDate(2026, 4, 30)); err != nil ||
		f.Satisfaction.Denominator != 0 || f.Satisfaction.Value() != 0 {
		t.Errorf("April figures = %+v, %v", f, err)
	}
	_, err = e.ev.Figures(e.as(t, "shenpi.zj"), "511702", march[0], march[1])
	wantKind(t, "reviewer figures", err, errs.Forbidden)
	_, err = e.ev.Figures(e.as(t, "jianguan"), "511702", march[1], march[0])
	wantKind(t, "reversed period", err, errs.Invalid)
}
