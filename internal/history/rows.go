package history

// Tables the generator writes, in foreign-key order. Column lists are the
// values bound per row; every other column keeps its default.
const (
	tProjects = iota
	tApplications
	tCases
	tTasks
	tSteps
	tPauses
	nTables
)

var tableNames = [nTables]string{"projects", "applications", "cases", "case_tasks", "case_steps", "case_pauses"}

var tableCols = [nTables][]string{
	{"id", "code", "name", "region_id", "flow_type", "owner_name", "owner_credit_code", "investment", "address",
		"stage", "created_at", "updated_at"},
	{"id", "number", "project_id", "project_code", "project_name", "region_code", "flow_id", "stage_no", "scope",
		"idempotency_key", "channel", "submitted_at"},
	{"id", "number", "application_id", "application_number", "project_id", "project_code", "project_name",
		"region_code", "item_code", "item_name", "flow_id", "stage_no", "status", "version", "lead_org_id",
		"join_policy", "quorum", "limit_days", "statutory_days", "received_at", "accepted_at", "start_day",
		"concluded_at", "deadline", "deadline_provisional", "paused_days", "paused_since", "warn_level",
		"deficiency_items", "deficiency_deadline", "ready_to_conclude", "conclusion", "updated_at"},
	{"id", "case_id", "org_unit_id", "lead", "status", "opinion", "decided_at", "created_at"},
	{"id", "case_id", "action", "from_status", "to_status", "actor_name", "org_unit_id", "opinion", "detail",
		"occurred_at"},
	{"id", "case_id", "kind", "reason", "items", "special_kind", "expected_days", "started_at", "ended_at",
		"workdays", "outcome"},
}

// idRef is a column holding a chunk-local id of table: the writer adds the
// table's base id (the largest id before the chunk) when it binds.
type idRef struct{ col, table int }

var tableRefs = [nTables][]idRef{
	{{0, tProjects}},
	{{0, tApplications}, {2, tProjects}},
	{{0, tCases}, {2, tApplications}, {4, tProjects}},
	{{0, tTasks}, {1, tCases}},
	{{0, tSteps}, {1, tCases}},
	{{0, tPauses}, {1, tCases}},
}

// chunk is the rows of a set of whole projects, with chunk-local ids
// 1, 2, … per table, written in one transaction.
type chunk struct {
	args [nTables][]any
	rows [nTables]int64
	// counters are the case-number counters changed by the chunk.
	counters map[string]int
}

func newChunk() *chunk { return &chunk{counters: map[string]int{}} }

// add appends one row (its values after the id) and returns its local id.
func (c *chunk) add(table int, values ...any) int64 {
	c.rows[table]++
	id := c.rows[table]
	c.args[table] = append(c.args[table], id)
	c.args[table] = append(c.args[table], values...)
	return id
}

// nullable returns nil for zero, so that an unset time or id binds NULL.
func nullable[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// chunkCases is the fewest cases a chunk holds: whole months are gathered
// until they reach it.
const chunkCases = 5000
