package catalog

import (
	"context"
	"io"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Service is the catalog capability. It is safe for concurrent use.
type Service struct {
	db    *sqldb.DB
	rec   *audit.Recorder
	blobs blob.Store
	now   func() time.Time
}

// NewService returns a Service over db that records every write with rec,
// keeps material templates and samples in blobs and stamps rows with now().
func NewService(db *sqldb.DB, rec *audit.Recorder, blobs blob.Store, now func() time.Time) *Service {
	return &Service{db: db, rec: rec, blobs: blobs, now: now}
}

// Item returns the current revision of the item with the code, materials
// and form included, active or not. errs.NotFound when there is no such
// item. No authorisation: the catalog is public.
func (s *Service) Item(ctx context.Context, code string) (Item, error) {
	return selectItem(ctx, s.db, code)
}

// ItemRevision returns the item as of the revision with the id (an Item's
// RevisionID), whatever revision is current now. errs.NotFound when there
// is none. No authorisation.
func (s *Service) ItemRevision(ctx context.Context, revisionID int64) (Item, error) {
	return selectRevision(ctx, s.db, revisionID)
}

// Items returns the current revisions of the items matching f, main line
// first, then by stage and code; inactive items only with
// f.IncludeInactive. errs.Invalid for an unknown f.Kind, f.Line or f.Stage.
// No authorisation.
func (s *Service) Items(ctx context.Context, f ItemFilter) ([]Item, error) {
	bad := map[string]string{}
	if f.Kind != "" && !known(kinds, f.Kind) {
		bad["kind"] = "事项类别无效。"
	}
	if f.Line != "" && !known(lines, f.Line) {
		bad["line"] = "主线/辅线无效。"
	}
	if f.Stage != nil && (*f.Stage < 0 || *f.Stage > 4) {
		bad["stage"] = "阶段应为0到4。"
	}
	if err := fieldErrors(bad); err != nil {
		return nil, err
	}
	return selectItems(ctx, s.db, f)
}

// PublishedFlow returns the current published version of the flow of the
// region and type, with its stages, items (at their pinned revisions),
// materials and forms. errs.NotFound when none is published. No
// authorisation. A case must store the returned ID and later read its flow
// with FlowVersion, never with PublishedFlow again.
func (s *Service) PublishedFlow(ctx context.Context, regionCode string, flowType int) (Flow, error) {
	id, err := flowIDWith(ctx, s.db, regionCode, flowType, StatusPublished)
	if err != nil {
		return Flow{}, err
	}
	if id == 0 {
		return Flow{}, errs.Ef(errs.NotFound, "该区县尚未发布“%s”的审批流程。", FlowTypeName(flowType))
	}
	return selectFlow(ctx, s.db, id)
}

// FlowVersion returns the flow version with the id in whatever status it
// is now (draft, published or retired), so that a running case keeps
// reading the version it started on. errs.NotFound when there is none. No
// authorisation; pages for people use ViewFlow.
func (s *Service) FlowVersion(ctx context.Context, flowID int64) (Flow, error) {
	return selectFlow(ctx, s.db, flowID)
}

// ViewFlow is FlowVersion for people: a draft is shown only to a principal
// holding access.CatalogAdmin in its region and is otherwise NotFound, as
// unpublished work is not public.
func (s *Service) ViewFlow(ctx context.Context, flowID int64) (Flow, error) {
	f, err := selectFlow(ctx, s.db, flowID)
	if err != nil {
		return Flow{}, err
	}
	if f.Status == StatusDraft && !canAdminFlows(ctx, f.RegionCode) {
		return Flow{}, errs.E(errs.NotFound, "未找到该流程版本。")
	}
	return f, nil
}

// Flows lists flow versions matching f without their stages, by region,
// type and newest version first. Drafts are included only when
// f.IncludeDrafts is set, which needs access.CatalogAdmin (in f.RegionCode
// when given) and then lists only drafts of regions in the principal's
// scope. Errors: Unauthenticated, Forbidden.
func (s *Service) Flows(ctx context.Context, f FlowFilter) ([]Flow, error) {
	var scope access.Scope
	if f.IncludeDrafts {
		p, err := access.Authorize(ctx, access.CatalogAdmin, f.RegionCode)
		if err != nil {
			return nil, err
		}
		scope = p.ScopeOf(access.CatalogAdmin)
	}
	out, err := selectFlows(ctx, s.db, f)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(fl Flow) bool {
		return fl.Status == StatusDraft && !scope.Contains(fl.RegionCode)
	}), nil
}

// GuideFile opens a file the catalog publishes: the template or sample of
// some material. Any other hash is errs.NotFound, even when the blob store
// holds it, so that uploaded application documents never leak through
// the public guide. The caller closes the reader.
func (s *Service) GuideFile(ctx context.Context, hash string) (io.ReadCloser, blob.Ref, error) {
	if !blob.ValidHash(hash) {
		return nil, blob.Ref{}, errs.E(errs.NotFound, "文件不存在。")
	}
	listed, err := blobListed(ctx, s.db, hash)
	if err != nil {
		return nil, blob.Ref{}, err
	}
	if !listed {
		return nil, blob.Ref{}, errs.E(errs.NotFound, "文件不存在。")
	}
	return s.blobs.Open(ctx, hash)
}

// canAdminFlows reports whether the principal in ctx may edit the flows of
// the region.
func canAdminFlows(ctx context.Context, regionCode string) bool {
	p := access.From(ctx)
	return p != nil && p.Can(access.CatalogAdmin) && p.ScopeOf(access.CatalogAdmin).Contains(regionCode)
}

// canAdminItems reports whether the principal in ctx may edit the
// city-wide item catalog.
func canAdminItems(ctx context.Context) bool { return canAdminFlows(ctx, access.CityRegionCode) }

// ReviewDepartments returns the departments (org function codes, the lead
// first) that review item it in parallel, as the city's (达州市本级)
// published flows arrange it; just its lead department when no published
// city flow includes it. No authorisation: the guide is public.
func (s *Service) ReviewDepartments(ctx context.Context, it Item) ([]string, error) {
	deps, err := selectItemDepartments(ctx, s.db, access.CityRegionCode, it.Code)
	if err != nil || len(deps) > 0 {
		return deps, err
	}
	return []string{it.LeadFunction}, nil
}
