package ticket

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Knowledge base (知识库). An article records a known problem: title,
// symptom, cause, solution, the subsystem and tags, optionally written from
// a resolved or closed ticket (at most one article per ticket). Articles
// are shared knowledge: every TicketView holder reads all of them, whatever
// the region of the ticket they came from; TicketWork holders write them.

// Article is one knowledge-base article.
type Article struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	Symptom      string    `json:"symptom" doc:"故障现象"`
	Cause        string    `json:"cause" doc:"原因"`
	Solution     string    `json:"solution" doc:"解决办法"`
	Notes        string    `json:"notes" doc:"补充说明"`
	Subsystem    string    `json:"subsystem"`
	Tags         []string  `json:"tags"`
	TicketID     int64     `json:"ticket_id,omitempty" doc:"来源工单"`
	TicketNumber string    `json:"ticket_number,omitempty"`
	Author       string    `json:"author"`
	UpdatedBy    string    `json:"updated_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version" doc:"修改时原样提交，防止覆盖他人的修改"`
}

// ArticleInput is what a person writes; Version is the one read before
// an edit (ignored on create), TicketID the source ticket (create only).
type ArticleInput struct {
	Title     string   `json:"title" doc:"标题，最多 100 字"`
	Symptom   string   `json:"symptom" doc:"故障现象，最多 2000 字"`
	Cause     string   `json:"cause" doc:"原因，最多 1000 字，可不填"`
	Solution  string   `json:"solution" doc:"解决办法，最多 4000 字"`
	Notes     string   `json:"notes" doc:"补充说明，最多 2000 字，可不填"`
	Subsystem string   `json:"subsystem" doc:"子系统，最多 50 字"`
	Tags      []string `json:"tags" doc:"标签，最多 10 个，每个最多 20 字"`
	TicketID  int64    `json:"ticket_id" doc:"来源工单（须已解决或已关闭），可为 0"`
	Version   int      `json:"version" doc:"修改时必填：读取时的 version"`
}

// Validate trims and checks the fields, with Chinese messages.
func (in *ArticleInput) Validate() error {
	for _, p := range []*string{&in.Title, &in.Symptom, &in.Cause, &in.Solution, &in.Notes, &in.Subsystem} {
		*p = strings.TrimSpace(*p)
	}
	f := map[string]string{}
	checkText(f, "title", in.Title, "标题", 100, true)
	checkText(f, "symptom", in.Symptom, "故障现象", 2000, true)
	checkText(f, "cause", in.Cause, "原因", 1000, false)
	checkText(f, "solution", in.Solution, "解决办法", 4000, true)
	checkText(f, "notes", in.Notes, "补充说明", 2000, false)
	checkText(f, "subsystem", in.Subsystem, "子系统", 50, false)
	tags, msg := cleanTags(in.Tags)
	if msg != "" {
		f["tags"] = msg
	}
	in.Tags = tags
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// cleanTags trims, splits on separators and de-duplicates tags; msg is
// the Chinese message when they break the limits.
func cleanTags(raw []string) (tags []string, msg string) {
	for _, t := range SplitTags(strings.Join(raw, ",")) {
		if len([]rune(t)) > 20 {
			return nil, "每个标签不能超过 20 字。"
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 10 {
		return nil, "标签不能超过 10 个。"
	}
	return tags, ""
}

// SplitTags splits text typed in a form ("登录，超时 证书") into tags.
func SplitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '　'
	})
}

// KBFilter selects articles. Query words must each appear in the title,
// symptom or solution (any two characters will do); Tag must be one of the
// article's tags; zero fields do not filter.
type KBFilter struct {
	Query     string
	Subsystem string
	Tag       string
	Limit     int // 50 when 0, at most 500
	Offset    int
}

// Article returns article id. Who: TicketView. Errors: Unauthenticated;
// Forbidden; NotFound; Unavailable/Internal.
func (s *Service) Article(ctx context.Context, id int64) (Article, error) {
	if _, err := access.Authorize(ctx, access.TicketView, ""); err != nil {
		return Article{}, err
	}
	return selectArticle(ctx, s.db, id)
}

// Articles returns the articles f selects, most recently updated first,
// and their total. Who: TicketView. Errors: Unauthenticated; Forbidden;
// Unavailable/Internal.
func (s *Service) Articles(ctx context.Context, f KBFilter) ([]Article, int, error) {
	if _, err := access.Authorize(ctx, access.TicketView, ""); err != nil {
		return nil, 0, err
	}
	return searchArticles(ctx, s.db, f)
}

// DraftArticle prefills an article from ticket id: title, symptom (the
// ticket's content), cause, solution (its resolution) and subsystem.
// Who: TicketWork in the ticket's region. Errors: Unauthenticated;
// Forbidden; NotFound; Conflict when the ticket is not resolved or closed,
// or already has an article.
func (s *Service) DraftArticle(ctx context.Context, id int64) (ArticleInput, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return ArticleInput{}, err
	}
	t, err := s.articleSource(ctx, s.db, id)
	if err != nil {
		return ArticleInput{}, err
	}
	return ArticleInput{Title: t.Title, Symptom: t.Content, Cause: t.Cause, Solution: t.Resolution,
		Subsystem: t.Subsystem, TicketID: t.ID}, nil
}

// articleSource reads ticket id for an article and checks that it may
// become one.
func (s *Service) articleSource(ctx context.Context, q sqldb.Querier, id int64) (Ticket, error) {
	t, err := selectTicket(ctx, q, id)
	if err != nil {
		return t, err
	}
	if _, err := access.Authorize(ctx, access.TicketWork, t.RegionCode); err != nil {
		return t, err
	}
	if t.Status.Open() {
		return t, errs.Ef(errs.Conflict, "工单%s，解决或关闭后才能转为知识库文章。", t.Status.Label())
	}
	if other, err := articleOfTicket(ctx, q, id); err != nil || other != 0 {
		if err == nil {
			err = errs.Ef(errs.Conflict, "工单 %s 已转为知识库文章（编号 %d）。", t.Number, other)
		}
		return t, err
	}
	return t, nil
}

// CreateArticle writes a new article, with the audit event "kb.create"
// and, when it comes from a ticket, a line in that ticket's history, in
// one transaction. Who: TicketWork (in the ticket's region when there is
// one). Errors: Unauthenticated; Forbidden; Invalid with per-field
// messages; NotFound (ticket); Conflict as DraftArticle.
func (s *Service) CreateArticle(ctx context.Context, in ArticleInput) (Article, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return Article{}, err
	}
	if err := in.Validate(); err != nil {
		return Article{}, err
	}
	now, name := s.instant(), actorName(ctx)
	a := Article{Title: in.Title, Symptom: in.Symptom, Cause: in.Cause, Solution: in.Solution, Notes: in.Notes,
		Subsystem: in.Subsystem, Tags: in.Tags, TicketID: in.TicketID, Author: name, UpdatedBy: name,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if a.TicketID != 0 {
			t, err := s.articleSource(ctx, tx, a.TicketID)
			if err != nil {
				return err
			}
			a.TicketNumber = t.Number
			if err := insertHistory(ctx, tx, t.ID, HistoryEntry{At: now, ActorName: name, Action: "转为知识库文章",
				Note: a.Title}); err != nil {
				return err
			}
		}
		if err := insertArticle(ctx, tx, &a); err != nil {
			return err
		}
		return s.recordArticle(ctx, tx, "kb.create", &a, map[string]any{"title": a.Title, "ticket_id": a.TicketID})
	})
	return a, err
}

// UpdateArticle replaces the fields of article id (not its source ticket)
// when in.Version is still current, with the audit event "kb.update"
// naming the changed fields. Who: TicketWork. Errors: Unauthenticated;
// Forbidden; Invalid; NotFound; Conflict when someone saved it first.
func (s *Service) UpdateArticle(ctx context.Context, id int64, in ArticleInput) (Article, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return Article{}, err
	}
	if err := in.Validate(); err != nil {
		return Article{}, err
	}
	var out Article
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		a, err := selectArticle(ctx, tx, id)
		if err != nil {
			return err
		}
		if in.Version != a.Version {
			return errs.E(errs.Conflict, "文章已被他人修改，请刷新后重新编辑。")
		}
		changed := a.apply(in)
		a.UpdatedBy, a.UpdatedAt, a.Version = actorName(ctx), s.instant(), a.Version+1
		if err := updateArticle(ctx, tx, &a, in.Version); err != nil {
			return err
		}
		out = a
		return s.recordArticle(ctx, tx, "kb.update", &a, map[string]any{"changed": changed, "version": a.Version})
	})
	return out, err
}

// apply copies in onto a and names the fields that changed.
func (a *Article) apply(in ArticleInput) []string {
	var changed []string
	set := func(name string, dst *string, v string) {
		if *dst != v {
			changed = append(changed, name)
			*dst = v
		}
	}
	set("title", &a.Title, in.Title)
	set("symptom", &a.Symptom, in.Symptom)
	set("cause", &a.Cause, in.Cause)
	set("solution", &a.Solution, in.Solution)
	set("notes", &a.Notes, in.Notes)
	set("subsystem", &a.Subsystem, in.Subsystem)
	if !slices.Equal(a.Tags, in.Tags) {
		changed, a.Tags = append(changed, "tags"), in.Tags
	}
	return changed
}

func (s *Service) recordArticle(ctx context.Context, tx *sql.Tx, action string, a *Article, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "kb_article",
		ObjectID: strconv.FormatInt(a.ID, 10), Detail: detail})
}

// KBLink is the page of article id.
func KBLink(id int64) string { return "/ops/kb/" + strconv.FormatInt(id, 10) }
