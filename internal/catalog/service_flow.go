package catalog

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// StartDraft returns the draft of the region's flow of the type, creating
// it when there is none: a copy of the published version (the next version
// number, BasedOn the published one) or, when nothing is published yet, the
// four national stages without items. The principal needs
// access.CatalogAdmin in the region. Errors: Unauthenticated, Forbidden;
// Invalid for a type outside 1–10; Conflict for an unknown region. Records
// "catalog.flow.draft" when it creates one.
func (s *Service) StartDraft(ctx context.Context, regionCode string, flowType int) (Flow, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, regionCode); err != nil {
		return Flow{}, err
	}
	if FlowTypeName(flowType) == "" || regionCode == "" {
		return Flow{}, errs.E(errs.Invalid, "请选择区县和审批流程类型（1至10）。")
	}
	var out Flow
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		id, err := flowIDWith(ctx, tx, regionCode, flowType, StatusDraft)
		if err != nil {
			return err
		}
		if id == 0 {
			if id, err = s.copyToDraft(ctx, tx, regionCode, flowType); err != nil {
				return err
			}
		}
		out, err = selectFlow(ctx, tx, id)
		return err
	})
	return out, err
}

func (s *Service) copyToDraft(ctx context.Context, tx *sql.Tx, regionCode string, flowType int) (int64, error) {
	pubID, err := flowIDWith(ctx, tx, regionCode, flowType, StatusPublished)
	if err != nil {
		return 0, err
	}
	base := emptyFlow(regionCode, flowType)
	if pubID != 0 {
		if base, err = selectFlow(ctx, tx, pubID); err != nil {
			return 0, err
		}
	}
	draft := Flow{RegionCode: regionCode, Type: flowType, Name: base.Name, Status: StatusDraft, BasedOn: pubID}
	if draft.Version, err = nextVersion(ctx, tx, regionCode, flowType); err != nil {
		return 0, err
	}
	id, err := insertFlow(ctx, tx, draft, s.now())
	if err != nil {
		return 0, err
	}
	if err := insertStages(ctx, tx, id, base.Stages, itemIDsOf(base)); err != nil {
		return 0, err
	}
	return id, s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.flow.draft", ObjectType: "catalog_flow",
		ObjectID: strconv.FormatInt(id, 10), RegionCode: regionCode,
		Detail: map[string]any{"type": flowType, "version": draft.Version, "based_on": pubID}})
}

// emptyFlow is a new flow of the type: the four national stages, no items.
func emptyFlow(regionCode string, flowType int) Flow {
	f := Flow{RegionCode: regionCode, Type: flowType, Name: FlowTypeName(flowType) + "审批流程"}
	for no := 1; no <= 4; no++ {
		f.Stages = append(f.Stages, Stage{No: no, Name: StageName(no), LimitDays: 20})
	}
	return f
}

func itemIDsOf(f Flow) map[string]int64 {
	ids := map[string]int64{}
	for _, s := range f.Stages {
		for _, si := range s.Items {
			ids[si.ItemCode] = si.Item.ID
		}
	}
	return ids
}

// SaveDraft replaces the name, stages and stage items of the draft f.ID
// with those of f (region, type and version cannot change) and returns the
// draft as stored. Departments are put in order: duplicates dropped, the
// lead department first. The principal needs access.CatalogAdmin in the
// flow's region. Errors: Unauthenticated, Forbidden, NotFound; Conflict
// when the version is no longer a draft; Invalid with field messages keyed
// "name", "stages", "stage_<no>_name", "stage_<no>_limit",
// "item_<code>_stage", "item_<code>_departments", "item_<code>_join" and
// "item_<code>_quorum" (see checkFlow). Records "catalog.flow.update".
func (s *Service) SaveDraft(ctx context.Context, f Flow) (Flow, error) {
	var out Flow
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.draftForEdit(ctx, tx, f.ID)
		if err != nil {
			return err
		}
		items, err := currentItems(ctx, tx, f)
		if err != nil {
			return err
		}
		f = normalizeFlow(f, items)
		if err := fieldErrors(checkFlow(f, items)); err != nil {
			return err
		}
		if err := s.writeDraft(ctx, tx, cur, f, items); err != nil {
			return err
		}
		out, err = selectFlow(ctx, tx, cur.ID)
		return err
	})
	return out, err
}

// draftForEdit loads flow id after checking that the principal may edit
// its region and that it is still a draft.
func (s *Service) draftForEdit(ctx context.Context, q sqldb.Querier, id int64) (Flow, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, ""); err != nil {
		return Flow{}, err
	}
	cur, err := selectFlow(ctx, q, id)
	if err != nil {
		return Flow{}, err
	}
	if _, err := access.Authorize(ctx, access.CatalogAdmin, cur.RegionCode); err != nil {
		return Flow{}, err
	}
	if cur.Status != StatusDraft {
		return Flow{}, errs.Ef(errs.Conflict, "第%d版已%s，不能再修改；如需调整，请新建草稿。", cur.Version, cur.StatusLabel())
	}
	return cur, nil
}

// currentItems returns the current revision of every item f names.
func currentItems(ctx context.Context, q sqldb.Querier, f Flow) (map[string]Item, error) {
	items := map[string]Item{}
	for _, st := range f.Stages {
		for _, si := range st.Items {
			if _, done := items[si.ItemCode]; done {
				continue
			}
			it, err := selectItem(ctx, q, si.ItemCode)
			if errs.Is(err, errs.NotFound) {
				continue // checkFlow reports it
			}
			if err != nil {
				return nil, err
			}
			items[si.ItemCode] = it
		}
	}
	return items, nil
}

func (s *Service) writeDraft(ctx context.Context, tx *sql.Tx, cur, f Flow, items map[string]Item) error {
	ids := map[string]int64{}
	count := 0
	for code, it := range items {
		ids[code] = it.ID
	}
	for _, st := range f.Stages {
		count += len(st.Items)
	}
	if err := updateFlowName(ctx, tx, cur.ID, f.Name, s.now()); err != nil {
		return err
	}
	if err := deleteStages(ctx, tx, cur.ID); err != nil {
		return err
	}
	if err := insertStages(ctx, tx, cur.ID, f.Stages, ids); err != nil {
		return err
	}
	return s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.flow.update", ObjectType: "catalog_flow",
		ObjectID: strconv.FormatInt(cur.ID, 10), RegionCode: cur.RegionCode,
		Detail: map[string]any{"type": cur.Type, "version": cur.Version, "stages": len(f.Stages), "items": count}})
}

// PublishFlow publishes the draft with the id: it pins every stage item to
// the item's current revision, retires the previously published version of
// the same region and type, and returns the published version. Cases
// already running on the retired version keep it (see FlowVersion). The
// principal needs access.CatalogAdmin in the flow's region. Errors:
// Unauthenticated, Forbidden, NotFound; Conflict when it is no longer a
// draft; Invalid with field messages when the draft fails checkFlow or a
// stage has no required item ("stage_<no>_items"). Records
// "catalog.flow.publish".
func (s *Service) PublishFlow(ctx context.Context, flowID int64) (Flow, error) {
	var out Flow
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.draftForEdit(ctx, tx, flowID)
		if err != nil {
			return err
		}
		items, err := currentItems(ctx, tx, cur)
		if err != nil {
			return err
		}
		problems := checkFlow(cur, items)
		for k, v := range publishProblems(cur) {
			problems[k] = v
		}
		if err := fieldErrors(problems); err != nil {
			return err
		}
		retired, err := publishRow(ctx, tx, cur, s.now())
		if err != nil {
			return err
		}
		err = s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.flow.publish", ObjectType: "catalog_flow",
			ObjectID: strconv.FormatInt(cur.ID, 10), RegionCode: cur.RegionCode,
			Detail: map[string]any{"type": cur.Type, "version": cur.Version, "retired_flow_id": retired}})
		if err != nil {
			return err
		}
		out, err = selectFlow(ctx, tx, cur.ID)
		return err
	})
	return out, err
}

// DiscardDraft deletes the draft with the id. Authorisation and errors as
// PublishFlow, without the checks. Records "catalog.flow.discard".
func (s *Service) DiscardDraft(ctx context.Context, flowID int64) error {
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.draftForEdit(ctx, tx, flowID)
		if err != nil {
			return err
		}
		if err := deleteFlowRow(ctx, tx, cur.ID); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.flow.discard", ObjectType: "catalog_flow",
			ObjectID: strconv.FormatInt(cur.ID, 10), RegionCode: cur.RegionCode,
			Detail: map[string]any{"type": cur.Type, "version": cur.Version}})
	})
}
