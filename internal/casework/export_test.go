package casework

import "github.com/dazhou-gongai/gongai/internal/platform/sqldb"

// OnFlush has fn see the statements each action's flush writes (after the
// audit chain's head is advanced, which is not among them).
func (s *Service) OnFlush(fn func(stmts []sqldb.Stmt)) { s.flushed = fn }
