package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// CreateItem adds an active item at revision 1 and returns it as stored;
// it.ID, it.Revision and it.Active are ignored and materials are numbered
// in their slice order. Material templates and samples name files already
// in the blob store by hash; their size and type are taken from the store.
// The principal needs access.CatalogAdmin for the city (the catalog is
// city-wide). Errors: Unauthenticated, Forbidden; Invalid with per-field
// Chinese messages (see Item.Validate; also a template that is not stored);
// Conflict with a field message when the code is taken. Records
// "catalog.item.create".
func (s *Service) CreateItem(ctx context.Context, it Item) (Item, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, access.CityRegionCode); err != nil {
		return Item{}, err
	}
	it = normalizeItem(it)
	it.Revision = 1
	if err := s.checkItem(ctx, &it); err != nil {
		return Item{}, err
	}
	var out Item
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := selectItem(ctx, tx, it.Code); !errs.Is(err, errs.NotFound) {
			if err != nil {
				return err
			}
			return &errs.Error{Kind: errs.Conflict, Message: "事项编码已被使用。",
				Fields: map[string]string{"code": "事项编码“" + it.Code + "”已被使用，请换一个。"}}
		}
		id, err := insertItem(ctx, tx, it.Code, s.now())
		if err != nil {
			return err
		}
		if _, err := insertRevision(ctx, tx, id, it, s.now(), audit.ActorFrom(ctx).Name); err != nil {
			return err
		}
		if out, err = selectItem(ctx, tx, it.Code); err != nil {
			return err
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.item.create", ObjectType: "catalog_item",
			ObjectID: it.Code, Detail: map[string]any{"revision": 1, "name": it.Name}})
	})
	return out, err
}

// UpdateItem saves it as the next revision of the item it.Code and returns
// the item as stored. it.Revision is the revision the change was made
// against: when it is not 0 and another revision has been saved since, the
// result is Conflict and nothing changes. Active is ignored (see
// SetItemActive). A save that changes nothing writes nothing and returns
// the current revision. Published flows keep the revision they pinned.
// Authorisation and errors as CreateItem, plus NotFound. Records
// "catalog.item.update" with the names of the changed fields.
func (s *Service) UpdateItem(ctx context.Context, it Item) (Item, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, access.CityRegionCode); err != nil {
		return Item{}, err
	}
	it = normalizeItem(it)
	if err := s.checkItem(ctx, &it); err != nil {
		return Item{}, err
	}
	var out Item
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		old, err := selectItem(ctx, tx, it.Code)
		if err != nil {
			return err
		}
		if it.Revision != 0 && it.Revision != old.Revision {
			return staleRevision(old)
		}
		out, err = s.saveRevision(ctx, tx, old, it, nil)
		return err
	})
	return out, err
}

func staleRevision(cur Item) error {
	return errs.Ef(errs.Conflict, "事项“%s”已被他人修改（当前为第%d版），请刷新页面，在最新版本上重新修改。", cur.Name, cur.Revision)
}

// saveRevision stores next as revision old.Revision+1 in tx and records
// the change, unless nothing changed; extra is added to the audit detail.
func (s *Service) saveRevision(ctx context.Context, tx *sql.Tx, old, next Item, extra map[string]any) (Item, error) {
	changed := itemChanges(old, next)
	if len(changed) == 0 {
		return old, nil
	}
	if err := advanceRevision(ctx, tx, old.ID, old.Revision, s.now()); err != nil {
		return Item{}, err
	}
	next.Revision = old.Revision + 1
	if _, err := insertRevision(ctx, tx, old.ID, next, s.now(), audit.ActorFrom(ctx).Name); err != nil {
		return Item{}, err
	}
	detail := map[string]any{"revision": next.Revision, "changed": changed}
	for k, v := range extra {
		detail[k] = v
	}
	err := s.rec.Record(ctx, tx, audit.Entry{Action: "catalog.item.update", ObjectType: "catalog_item",
		ObjectID: old.Code, Detail: detail})
	if err != nil {
		return Item{}, err
	}
	return selectItem(ctx, tx, old.Code)
}

// itemChanges names the revisioned fields that differ between a and b.
func itemChanges(a, b Item) []string {
	var out []string
	add := func(name string, differs bool) {
		if differs {
			out = append(out, name)
		}
	}
	add("name", a.Name != b.Name)
	add("kind", a.Kind != b.Kind)
	add("line", a.Line != b.Line)
	add("stage", a.Stage != b.Stage)
	add("lead_function", a.LeadFunction != b.LeadFunction)
	add("statutory_days", a.StatutoryDays != b.StatutoryDays)
	add("promised_days", a.PromisedDays != b.PromisedDays)
	add("result_name", a.ResultName != b.ResultName)
	add("commitment", a.Commitment != b.Commitment)
	add("deficiency", a.Deficiency != b.Deficiency)
	add("standard_code", a.StandardCode != b.StandardCode)
	add("basis", a.Basis != b.Basis)
	add("fees", a.Fees != b.Fees)
	fa, _ := json.Marshal(a.Form)
	fb, _ := json.Marshal(b.Form)
	add("form", string(fa) != string(fb))
	add("materials", !slices.EqualFunc(a.Materials, b.Materials, sameMaterial))
	return out
}

func sameMaterial(a, b Material) bool {
	return a.Name == b.Name && a.Description == b.Description && a.Required == b.Required &&
		a.DeficiencyAllowed == b.DeficiencyAllowed && a.SortOrder == b.SortOrder &&
		orEmpty(a.Template) == orEmpty(b.Template) && orEmpty(a.Sample) == orEmpty(b.Sample)
}

// checkItem validates it and replaces each template and sample ref with
// the blob store's record of the file, keeping the given display name.
func (s *Service) checkItem(ctx context.Context, it *Item) error {
	fields := errs.FieldsOf(it.Validate())
	if fields == nil {
		fields = map[string]string{}
	}
	for i := range it.Materials {
		m := &it.Materials[i]
		key := "materials[" + strconv.Itoa(i) + "]."
		var err error
		if m.Template, err = s.storedRef(ctx, m.Template); err != nil {
			fields[key+"template"] = "材料“" + m.Name + "”的模板文件不存在，请重新上传。"
		}
		if m.Sample, err = s.storedRef(ctx, m.Sample); err != nil {
			fields[key+"sample"] = "材料“" + m.Name + "”的样表文件不存在，请重新上传。"
		}
	}
	return fieldErrors(fields)
}

func (s *Service) storedRef(ctx context.Context, r *blob.Ref) (*blob.Ref, error) {
	if r == nil {
		return nil, nil
	}
	stored, err := s.blobs.Stat(ctx, r.Hash)
	if err != nil {
		return r, err
	}
	if r.Name != "" {
		stored.Name = blob.CleanName(r.Name, stored.ContentType)
	}
	return &stored, nil
}

// SetItemActive activates or deactivates the item. An inactive item stays
// in the flows that already have it but cannot join a new flow version,
// and a draft containing it cannot be saved or published. Authorisation
// as CreateItem; NotFound. Records "catalog.item.activate" or
// "catalog.item.deactivate" when the state changes.
func (s *Service) SetItemActive(ctx context.Context, code string, active bool) (Item, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, access.CityRegionCode); err != nil {
		return Item{}, err
	}
	var out Item
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		it, err := selectItem(ctx, tx, code)
		if err != nil || it.Active == active {
			out = it
			return err
		}
		if err := updateItemActive(ctx, tx, it.ID, active, s.now()); err != nil {
			return err
		}
		action := "catalog.item.deactivate"
		if active {
			action = "catalog.item.activate"
		}
		if err := s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "catalog_item", ObjectID: code}); err != nil {
			return err
		}
		out, err = selectItem(ctx, tx, code)
		return err
	})
	return out, err
}
