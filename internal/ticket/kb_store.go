package ticket

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const articleColumns = `a.id, a.title, a.symptom, a.cause, a.solution, a.body, a.subsystem, a.tags,
	COALESCE(a.ticket_id, 0), COALESCE(t.number, ''), a.author, a.updated_by, a.created_at, a.updated_at, a.version`

const articleFrom = ` FROM kb_articles a LEFT JOIN tickets t ON t.id = a.ticket_id`

func scanArticle(sc scanner) (Article, error) {
	var a Article
	var tags string
	var created, updated sqldb.Time
	err := sc.Scan(&a.ID, &a.Title, &a.Symptom, &a.Cause, &a.Solution, &a.Notes, &a.Subsystem, &tags,
		&a.TicketID, &a.TicketNumber, &a.Author, &a.UpdatedBy, &created, &updated, &a.Version)
	if err != nil {
		return a, sqldb.Translate(err)
	}
	a.Tags = SplitTags(tags)
	if a.Tags == nil {
		a.Tags = []string{}
	}
	a.CreatedAt, a.UpdatedAt = created.Time, updated.Time
	return a, nil
}

func selectArticle(ctx context.Context, q sqldb.Querier, id int64) (Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+articleFrom+` WHERE a.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return a, errs.E(errs.NotFound, "知识库文章不存在。")
	}
	return a, err
}

// articleOfTicket returns the id of the article written from ticket id,
// or 0.
func articleOfTicket(ctx context.Context, q sqldb.Querier, id int64) (int64, error) {
	var aid int64
	err := q.QueryRowContext(ctx, `SELECT id FROM kb_articles WHERE ticket_id = $1`, id).Scan(&aid)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	return aid, sqldb.Translate(err)
}

func insertArticle(ctx context.Context, tx *sql.Tx, a *Article) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO kb_articles (title, symptom, cause, solution, body, subsystem, tags,
		ticket_id, author, updated_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING id`,
		a.Title, a.Symptom, a.Cause, a.Solution, a.Notes, a.Subsystem, strings.Join(a.Tags, ","),
		nullID(a.TicketID), a.Author, a.UpdatedBy, sqldb.T(a.CreatedAt)).Scan(&a.ID)
	return sqldb.Translate(err)
}

// updateArticle writes a unless its version is no longer prev.
func updateArticle(ctx context.Context, tx *sql.Tx, a *Article, prev int) error {
	res, err := tx.ExecContext(ctx, `UPDATE kb_articles SET title = $3, symptom = $4, cause = $5, solution = $6,
		body = $7, subsystem = $8, tags = $9, updated_by = $10, updated_at = $11, version = $12
		WHERE id = $1 AND version = $2`,
		a.ID, prev, a.Title, a.Symptom, a.Cause, a.Solution, a.Notes, a.Subsystem, strings.Join(a.Tags, ","),
		a.UpdatedBy, sqldb.T(a.UpdatedAt), a.Version)
	if err != nil {
		return sqldb.Translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.E(errs.Conflict, "文章已被他人修改，请刷新后重新编辑。")
	}
	return nil
}

// likeEscape escapes the LIKE wildcards of s for ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// kbWhere builds the conditions of f: every query word in title, symptom
// or solution (case-insensitive LIKE, so two Chinese characters match),
// the subsystem, and a tag matched whole within ',' || tags || ','.
func kbWhere(f KBFilter) *query {
	q := &query{}
	for _, w := range strings.Fields(f.Query) {
		p := q.Arg(likePattern(w))
		q.Add(`(LOWER(a.title) LIKE ` + p + ` ESCAPE '\' OR LOWER(a.symptom) LIKE ` + p +
			` ESCAPE '\' OR LOWER(a.solution) LIKE ` + p + ` ESCAPE '\')`)
	}
	if s := strings.TrimSpace(f.Subsystem); s != "" {
		q.Add(`a.subsystem = ` + q.Arg(s))
	}
	if t := strings.TrimSpace(f.Tag); t != "" {
		q.Add(`(',' || a.tags || ',') LIKE ` + q.Arg("%,"+likeEscape(t)+",%") + ` ESCAPE '\'`)
	}
	return q
}

func searchArticles(ctx context.Context, db sqldb.Querier, f KBFilter) ([]Article, int, error) {
	q := kbWhere(f)
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM kb_articles a`+q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.QueryContext(ctx, `SELECT `+articleColumns+articleFrom+q.SQL()+
		fmt.Sprintf(` ORDER BY a.updated_at DESC, a.id DESC LIMIT %d OFFSET %d`, min(limit, 500), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, sqldb.Translate(rows.Err())
}
