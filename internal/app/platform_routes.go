package app

import (
	"context"
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// platformRoutes registers the probes, metrics, OpenAPI document and assets.
func (s *System) platformRoutes(rt *web.Router, static *web.Static) {
	rt.Handle("GET /healthz", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := w.Write([]byte("ok\n"))
		return err
	})
	rt.Handle("GET /readyz", access.Public, s.readyz)
	rt.Handle("GET /metrics", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		s.Metrics.ServeHTTP(w, r)
		return nil
	})
	rt.Handle("GET /static/", access.Public, func(w http.ResponseWriter, r *http.Request) error {
		static.ServeHTTP(w, r)
		return nil
	})
	rt.API("GET /api/v1/openapi.json", access.Public, web.APIDoc{Tag: "系统", Summary: "本 API 的 OpenAPI 3 描述文档"},
		func(w http.ResponseWriter, r *http.Request) error {
			web.WriteJSON(w, http.StatusOK, rt.OpenAPI("达州市工程建设项目审批管理系统 API", Version()))
			return nil
		})
}

// readyz reports ready when the database answers within two seconds.
func (s *System) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.DB.PingContext(ctx); err != nil {
		return errs.Wrap(errs.Unavailable, "数据库不可用。", err)
	}
	var one int
	if err := s.DB.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return errs.Wrap(errs.Unavailable, "数据库不可用。", err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ready\n"))
	return err
}
