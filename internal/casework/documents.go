package casework

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Answer is one answered question of the application form, for reading.
type Answer struct {
	Label   string     `json:"label"`
	Value   string     `json:"value,omitempty"`
	Columns []string   `json:"columns,omitempty"`
	Rows    [][]string `json:"rows,omitempty"`
}

// MaterialFile is one material of the application and the file attached.
type MaterialFile struct {
	Name              string `json:"name"`
	Required          bool   `json:"required"`
	DeficiencyAllowed bool   `json:"deficiency_allowed"`
	Hash              string `json:"hash,omitempty"`
	FileName          string `json:"file_name,omitempty"`
	Size              int64  `json:"size,omitempty"`
	ContentType       string `json:"content_type,omitempty"`
}

// applicationData reads the one form and the material set of an application.
func applicationData(ctx context.Context, q sqldb.Querier, appID int64) (formschema.Values, map[string]string, error) {
	var form, mats string
	err := q.QueryRowContext(ctx, `SELECT form_data, materials FROM applications WHERE id = $1`, appID).Scan(&form, &mats)
	if err != nil {
		return formschema.Values{}, nil, sqldb.Translate(err)
	}
	var v formschema.Values
	if err := json.Unmarshal([]byte(form), &v); err != nil {
		return v, nil, err
	}
	m := map[string]string{}
	return v, m, json.Unmarshal([]byte(mats), &m)
}

// documents fills the answers and materials of c for its item.
func (s *Service) documents(ctx context.Context, c *Case, item catalog.Item) error {
	values, files, err := applicationData(ctx, s.db, c.ApplicationID)
	if err != nil {
		return err
	}
	c.Answers = answersOf(item.Form, values)
	for _, m := range item.Materials {
		mf := MaterialFile{Name: m.Name, Required: m.Required, DeficiencyAllowed: m.DeficiencyAllowed, Hash: files[m.Name]}
		if mf.Hash != "" {
			ref, err := s.blobs.Stat(ctx, mf.Hash)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			mf.FileName, mf.Size, mf.ContentType = ref.Name, ref.Size, ref.ContentType
		}
		c.Materials = append(c.Materials, mf)
	}
	return nil
}

func answersOf(schema formschema.Schema, v formschema.Values) []Answer {
	var out []Answer
	for _, f := range schema.Fields {
		a := Answer{Label: f.Label}
		if f.Type != formschema.TypeTable {
			a.Value = v.Get(f.Name)
			out = append(out, a)
			continue
		}
		for _, col := range f.Columns {
			a.Columns = append(a.Columns, col.Label)
		}
		for _, row := range v.Table(f.Name) {
			cells := make([]string, len(f.Columns))
			for i, col := range f.Columns {
				cells[i] = row[col.Name]
			}
			a.Rows = append(a.Rows, cells)
		}
		out = append(out, a)
	}
	return out
}

// OpenMaterial opens a file of case id's application for someone who may
// see the case. Only files attached to the application are served.
func (s *Service) OpenMaterial(ctx context.Context, id int64, hash string) (io.ReadCloser, blob.Ref, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, blob.Ref{}, err
	}
	_, files, err := applicationData(ctx, s.db, c.ApplicationID)
	if err != nil {
		return nil, blob.Ref{}, err
	}
	for _, h := range files {
		if h == hash && strings.TrimSpace(h) != "" {
			return s.blobs.Open(ctx, hash)
		}
	}
	return nil, blob.Ref{}, errs.E(errs.NotFound, "该办件没有这个文件。")
}

// Previewable reports whether the browser can show the file in the page.
func (m MaterialFile) Previewable() bool { return m.Hash != "" && Previewable(m.ContentType) }
