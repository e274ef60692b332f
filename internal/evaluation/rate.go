package evaluation

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// RatingState is a case as its applicant sees it on the rating page: the
// case, whether it may be rated now, and the caller's rating with its
// rectification once made.
type RatingState struct {
	Case          casework.Case
	Ratable       bool // the status allows a rating (see Ratable)
	Rating        *Rating
	Rectification *Rectification
}

// CanRate reports whether the page should offer the rating form.
func (st *RatingState) CanRate() bool { return st.Ratable && st.Rating == nil }

// RatingState returns case caseID with the rating of the caller's party.
//
// Who: the applicant of the case holding access.Rate: an account of the
// owner enterprise, or the agent who submitted the application, acting as
// a user. Errors: Unauthenticated; Forbidden (no Rate, an API key, or not
// the case's applicant); NotFound when the case does not exist or is not
// visible to the caller.
func (s *Service) RatingState(ctx context.Context, caseID int64) (RatingState, error) {
	p, c, err := s.applicantCase(ctx, caseID)
	if err != nil {
		return RatingState{}, err
	}
	st := RatingState{Case: c, Ratable: Ratable(c.Status)}
	r, err := selectRatingByParty(ctx, s.db, caseID, partyOf(p))
	if errs.Is(err, errs.NotFound) {
		return st, nil
	} else if err != nil {
		return st, err
	}
	st.Rating = &r
	if r.RectificationID != 0 {
		x, err := selectRectification(ctx, s.db, r.RectificationID)
		if err != nil {
			return st, err
		}
		x.derive(s.today())
		st.Rectification = &x
	}
	return st, nil
}

// Rate records the caller's 好差评 of case caseID and records
// "evaluation.rate". A bad rating (level 1 or 2) also opens a
// rectification for the case's lead department (the region's
// comprehensive window for a refused case), due Policy.DueDays working
// days after today, and notifies that department — all in one transaction.
// A rating is final.
//
// Who: as RatingState. Errors: those of RatingState; Conflict when the
// case has not ended in a ratable status, or the caller's party already
// rated it (also when two ratings race); Invalid with per-field messages
// (level, aspects, comment).
func (s *Service) Rate(ctx context.Context, caseID int64, in RatingInput) (Rating, error) {
	st, err := s.RatingState(ctx, caseID)
	if err != nil {
		return Rating{}, err
	}
	if err := rateConflict(&st); err != nil {
		return Rating{}, err
	}
	if err := in.Validate(); err != nil {
		return Rating{}, err
	}
	r := s.newRating(access.From(ctx), &st.Case, in)
	var x *Rectification
	if r.Level.Bad() {
		if x, err = s.newRectification(ctx, &st.Case, r); err != nil {
			return Rating{}, err
		}
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.insertRated(ctx, tx, &r, x) })
	if errs.Is(err, errs.Conflict) {
		return Rating{}, errs.E(errs.Conflict, "该办件刚刚已经评价过，评价提交后不能修改。")
	} else if err != nil {
		return Rating{}, err
	}
	r.LevelLabel = r.Level.Label()
	return r, nil
}

// insertRated writes r (and x), the notice and the audit event in tx.
func (s *Service) insertRated(ctx context.Context, tx *sql.Tx, r *Rating, x *Rectification) error {
	id, err := insertRating(ctx, tx, *r)
	if err != nil {
		return err
	}
	r.ID = id
	detail := map[string]any{"case_id": r.CaseID, "level": int(r.Level), "aspects": r.Aspects, "comment": r.Comment}
	if x != nil {
		x.Rating = *r
		if x.ID, err = insertRectification(ctx, tx, *x); err != nil {
			return err
		}
		r.RectificationID = x.ID
		detail["rectification_id"], detail["org_id"], detail["due"] = x.ID, x.OrgID, x.Due.String()
		if err := s.notify.Send(ctx, tx, badRatingNotice(*x)); err != nil {
			return err
		}
	}
	return s.record(ctx, tx, "evaluation.rate", "rating", r.ID, r.RegionCode, detail)
}

func rateConflict(st *RatingState) error {
	switch {
	case st.Rating != nil:
		return errs.E(errs.Conflict, "您已经评价过该办件，评价提交后不能修改。")
	case !st.Ratable:
		return errs.Ef(errs.Conflict, "办件当前状态为“%s”，办结（或不予受理）后才能评价。", st.Case.Status.Label())
	}
	return nil
}

func (s *Service) newRating(p *access.Principal, c *casework.Case, in RatingInput) Rating {
	r := Rating{CaseID: c.ID, CaseNumber: c.Number, CaseStatus: int(c.Status), ItemName: c.ItemName,
		ProjectName: c.ProjectName, RegionCode: c.RegionCode, RaterUserID: p.UserID, RaterName: p.Name,
		Level: in.Level, Aspects: in.Aspects, Comment: in.Comment, CreatedAt: s.now(), party: partyOf(p)}
	if p.Enterprise {
		r.enterpriseID = p.EnterpriseID
	}
	return r
}

// newRectification addresses the rectification of bad rating r on c and
// sets its due date.
func (s *Service) newRectification(ctx context.Context, c *casework.Case, r Rating) (*Rectification, error) {
	x := &Rectification{Rating: r, CreatedAt: r.CreatedAt}
	if c.LeadOrgID != 0 {
		units, err := s.orgs.UnitsByIDs(ctx, []int64{c.LeadOrgID})
		if err != nil {
			return nil, err
		}
		x.OrgID, x.OrgName = c.LeadOrgID, units[c.LeadOrgID].Name
	} else {
		// A refused case never reached a department: the window refused it.
		u, err := s.orgs.UnitByFunction(ctx, c.RegionCode, "window")
		if err != nil {
			return nil, err
		}
		x.OrgID, x.OrgName = u.ID, u.Name
	}
	due, err := s.cal.AddWorkdays(ctx, s.today(), s.policy.DueDays)
	if err != nil {
		return nil, err
	}
	x.Due, x.DueProvisional = due.Date, due.Provisional
	return x, nil
}

// applicantCase admits the applicant of case caseID (see RatingState).
func (s *Service) applicantCase(ctx context.Context, caseID int64) (*access.Principal, casework.Case, error) {
	p, err := access.Authorize(ctx, access.Rate, "")
	if err != nil {
		return nil, casework.Case{}, err
	}
	if p.UserID == 0 {
		return nil, casework.Case{}, errs.E(errs.Forbidden, "评价须由申请人本人提交。")
	}
	c, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return nil, casework.Case{}, err
	}
	ok, err := s.isApplicant(ctx, p, &c)
	if err != nil {
		return nil, casework.Case{}, err
	}
	if !ok {
		return nil, casework.Case{}, errs.E(errs.Forbidden, "只有办件的申请企业或提交申请的代办员可以评价。")
	}
	return p, c, nil
}

// isApplicant reports whether p is an account of c's owner enterprise, or
// the person who submitted c's application (an agent).
func (s *Service) isApplicant(ctx context.Context, p *access.Principal, c *casework.Case) (bool, error) {
	if p.Enterprise {
		return p.EnterpriseID != 0 && p.EnterpriseID == c.EnterpriseID, nil
	}
	submitter, err := applicantOf(ctx, s.db, c.ApplicationID)
	return err == nil && submitter == p.UserID, err
}

// RatingLink tells the case page whether to link to the rating page.
type RatingLink struct {
	Show  bool   // the viewer is the applicant of a ratable case
	Rated bool   // and has already rated it (link text 查看评价 instead of 评价)
	URL   string // RatingURL(c.ID)
}

// LinkFor returns what the case page shows the principal in ctx about
// rating c: a link when the principal holds access.Rate, is c's applicant
// (see RatingState) and c is in a ratable status. It never fails for lack
// of rights (Show is false); errors come from the database only.
func (s *Service) LinkFor(ctx context.Context, c *casework.Case) (RatingLink, error) {
	p := access.From(ctx)
	if p == nil || p.UserID == 0 || !p.Can(access.Rate) || !Ratable(c.Status) {
		return RatingLink{}, nil
	}
	ok, err := s.isApplicant(ctx, p, c)
	if err != nil || !ok {
		return RatingLink{}, err
	}
	_, err = selectRatingByParty(ctx, s.db, c.ID, partyOf(p))
	if err != nil && !errs.Is(err, errs.NotFound) {
		return RatingLink{}, err
	}
	return RatingLink{Show: true, Rated: err == nil, URL: RatingURL(c.ID)}, nil
}
