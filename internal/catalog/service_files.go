package catalog

import (
	"context"
	"database/sql"
	"io"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// File slots of a material.
const (
	SlotTemplate = "template" // 空白模板
	SlotSample   = "sample"   // 填写样表
)

// AttachMaterialFile stores the file read from r in the blob store and
// saves a new revision of the item in which the material with the id (a
// material of revision `revision`, the one the person saw) has it as its
// template or sample (slot). The file is stored before the transaction;
// if the save then fails, it stays in the store unreferenced and harmless.
// Errors: as UpdateItem; NotFound for an unknown material; Invalid for an
// unknown slot or a file the store refuses (empty, too large, wrong type).
func (s *Service) AttachMaterialFile(ctx context.Context, code string, revision int, materialID int64,
	slot string, r io.Reader, name, contentType string) (Item, error) {
	old, idx, err := s.materialForFile(ctx, code, revision, materialID, slot)
	if err != nil {
		return Item{}, err
	}
	ref, err := s.blobs.Put(ctx, r, name, contentType)
	if err != nil {
		return Item{}, err
	}
	return s.setMaterialFile(ctx, old, idx, slot, &ref)
}

// RemoveMaterialFile saves a new revision in which the material has no
// template or sample (slot). Errors as AttachMaterialFile.
func (s *Service) RemoveMaterialFile(ctx context.Context, code string, revision int, materialID int64, slot string) (Item, error) {
	old, idx, err := s.materialForFile(ctx, code, revision, materialID, slot)
	if err != nil {
		return Item{}, err
	}
	return s.setMaterialFile(ctx, old, idx, slot, nil)
}

func (s *Service) materialForFile(ctx context.Context, code string, revision int, materialID int64, slot string) (Item, int, error) {
	if _, err := access.Authorize(ctx, access.CatalogAdmin, access.CityRegionCode); err != nil {
		return Item{}, 0, err
	}
	if slot != SlotTemplate && slot != SlotSample {
		return Item{}, 0, errs.E(errs.Invalid, "请选择上传的是模板还是样表。")
	}
	it, err := selectItem(ctx, s.db, code)
	if err != nil {
		return Item{}, 0, err
	}
	if revision != it.Revision {
		return Item{}, 0, staleRevision(it)
	}
	idx := slices.IndexFunc(it.Materials, func(m Material) bool { return m.ID == materialID })
	if idx < 0 {
		return Item{}, 0, errs.E(errs.NotFound, "该材料不存在，可能已被删除，请刷新页面。")
	}
	return it, idx, nil
}

func (s *Service) setMaterialFile(ctx context.Context, old Item, idx int, slot string, ref *blob.Ref) (Item, error) {
	next := old
	next.Materials = slices.Clone(old.Materials)
	if slot == SlotTemplate {
		next.Materials[idx].Template = ref
	} else {
		next.Materials[idx].Sample = ref
	}
	extra := map[string]any{"material": next.Materials[idx].Name, "slot": slot, "file": orEmpty(ref).Hash}
	var out Item
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := selectItem(ctx, tx, old.Code)
		if err != nil {
			return err
		}
		if cur.Revision != old.Revision {
			return staleRevision(cur)
		}
		out, err = s.saveRevision(ctx, tx, old, next, extra)
		return err
	})
	return out, err
}
