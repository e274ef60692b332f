package licence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Catalog gives an item's result name (*catalog.Service satisfies it).
type Catalog interface {
	Item(ctx context.Context, code string) (catalog.Item, error)
}

var _ Catalog = (*catalog.Service)(nil)

// Deps are the collaborators and settings of a Service. All are required.
//
// MasterKey (at least MinMasterKey bytes, ideally 32 random bytes from a
// secret store) seals the org units' SM2 private keys; the same key must be
// given to every server and kept: without it no existing key can sign
// again (verification still works, it needs only public keys). BaseURL is
// the public address of gongai (scheme and host, optional path, no trailing
// slash needed) printed in the QR code as {BaseURL}/verify/{number}.
type Deps struct {
	DB        *sqldb.DB
	Audit     *audit.Recorder
	Catalog   Catalog
	MasterKey []byte
	BaseURL   string
	Now       func() time.Time
}

// Service is the electronic licence capability. It is safe for concurrent
// use, and several servers may run it against one database.
type Service struct {
	db   *sqldb.DB
	rec  *audit.Recorder
	cat  Catalog
	keys *keyring
	base string
	now  func() time.Time
}

// NewService returns a Service over d, or an error when the master key is
// too short or the base URL is not an absolute http(s) URL.
func NewService(d Deps) (*Service, error) {
	keys, err := newKeyring(d.MasterKey)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(d.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("licence: base URL %q must be an absolute http(s) URL", d.BaseURL)
	}
	return &Service{db: d.DB, rec: d.Audit, cat: d.Catalog, keys: keys,
		base: strings.TrimSuffix(d.BaseURL, "/"), now: d.Now}, nil
}

// VerifyURL is the public verification address of a licence, as printed
// in its QR code.
func (s *Service) VerifyURL(number string) string { return s.base + VerifyPath(number) }

// errAlreadyIssued rolls back an issuing transaction that lost the race
// for its case to another server.
var errAlreadyIssued = errors.New("licence already issued")

// Issue issues the licence of case caseID and returns it; when the case
// has one already, it returns that one unchanged (one licence per case).
// Issuing takes the next serial, signs the canonical form with the lead
// department's key (creating the key on first use), renders and stores the
// PDF and records "licence.issue", all in one transaction.
//
// Issue does not authorise: it is called by the system (right after a
// conclusion, and by IssuePending) and issues only what the case engine
// has approved. Errors: NotFound for no such case; Conflict when the case
// is not approved (status 11 or 12) or has no lead department.
func (s *Service) Issue(ctx context.Context, caseID int64) (Licence, error) {
	l, _, err := s.issue(ctx, caseID)
	return l, err
}

// issue is Issue that also reports whether this call issued the licence.
func (s *Service) issue(ctx context.Context, caseID int64) (Licence, bool, error) {
	if l, err := selectLicence(ctx, s.db, "case_id", caseID); err == nil || !errs.Is(err, errs.NotFound) {
		return l, false, err
	}
	l, err := s.draft(ctx, caseID)
	if err != nil {
		return Licence{}, false, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.issueTx(ctx, tx, &l) })
	if errors.Is(err, errAlreadyIssued) {
		l, err = selectLicence(ctx, s.db, "case_id", caseID)
		return l, false, err
	}
	if err != nil {
		return Licence{}, false, fmt.Errorf("issue licence for case %d: %w", caseID, err)
	}
	return l, true, nil
}

// IssuePending issues the licences of every approved case that has none
// and returns how many it issued. A case that fails does not stop the
// others; the errors are joined. Safe to run on several servers at once:
// each case's licence is inserted at most once (unique case_id, ON
// CONFLICT DO NOTHING) and the loser's transaction rolls back, serial
// included. The app calls it periodically and after conclusions.
func (s *Service) IssuePending(ctx context.Context) (int, error) {
	var issued int
	var failures []error
	var after int64
	for {
		ids, err := pendingCases(ctx, s.db, after, 100)
		if err != nil {
			return issued, err
		}
		if len(ids) == 0 {
			return issued, errors.Join(failures...)
		}
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return issued, err
			}
			_, fresh, err := s.issue(ctx, id)
			if err != nil {
				failures = append(failures, err)
			} else if fresh {
				issued++
			}
			after = id
		}
	}
}
