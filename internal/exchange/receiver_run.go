package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// ReceiverConfig configures RunReceiver. DB is required (migrated; the
// receiver writes spgl_inbox and spgl_rejects). At least one of NATSURL and
// HTTPAddr must be set; HTTPAddr needs Secret.
type ReceiverConfig struct {
	DB       *sqldb.DB
	NATSURL  string // consume the SPGL stream with a durable consumer
	Durable  string // consumer name; "spgl-receiver" when empty
	HTTPAddr string // serve POST /spgl/records, e.g. ":8095"
	Secret   string // HMAC key shared with the relay
	Now      func() time.Time
	// Ready, when set, receives the HTTP listener's address once it
	// listens (tests pass ":0").
	Ready func(addr string)
}

// RecordsPath is the receiver's HTTP endpoint.
const RecordsPath = "/spgl/records"

// RunReceiver runs the reference receiver until ctx ends: it consumes the
// SPGL stream (NATSURL) and/or serves RecordsPath (HTTPAddr), validating
// every record and answering receipts (on NATS: to the SPGLACK stream; on
// HTTP: in the response). It returns nil when ctx ends, or the first error
// that stops a part.
func RunReceiver(ctx context.Context, cfg ReceiverConfig, log *slog.Logger) error {
	if cfg.DB == nil || (cfg.NATSURL == "" && cfg.HTTPAddr == "") {
		return errors.New("exchange-receiver: needs a database and a NATS URL and/or an HTTP address")
	}
	if cfg.HTTPAddr != "" && cfg.Secret == "" {
		return errors.New("exchange-receiver: the HTTP endpoint needs the shared secret")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Durable == "" {
		cfg.Durable = "spgl-receiver"
	}
	rv := NewReceiver(cfg.DB, cfg.Now)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	errc := make(chan error, 2)
	parts := 0
	if cfg.NATSURL != "" {
		parts++
		go func() { errc <- consumeNATS(ctx, rv, cfg.NATSURL, cfg.Durable, log) }()
	}
	if cfg.HTTPAddr != "" {
		parts++
		go func() { errc <- serveReceiver(ctx, rv, cfg, log) }()
	}
	var first error
	for range parts {
		if err := <-errc; err != nil && first == nil {
			first = err
			stop()
		}
	}
	return first
}

func serveReceiver(ctx context.Context, rv *Receiver, cfg ReceiverConfig, log *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+RecordsPath, ReceiverHandler(rv, cfg.Secret, log))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	log.Info("exchange-receiver listening", "addr", ln.Addr().String(), "path", RecordsPath)
	if cfg.Ready != nil {
		cfg.Ready(ln.Addr().String())
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ReceiverHandler is the HTTP endpoint of rv: a signed JSON record in, a
// signed Receipt out (200). A missing or wrong signature is 401, a body
// over 1 MiB 413, a database failure 503 (the sender retries).
func ReceiverHandler(rv *Receiver, secret string, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "请求体过大或无法读取", http.StatusRequestEntityTooLarge)
			return
		}
		if !SignatureOK(secret, body, r.Header.Get(SignatureHeader)) {
			http.Error(w, "签名校验失败", http.StatusUnauthorized)
			return
		}
		rc, err := rv.Accept(r.Context(), body)
		if err != nil {
			log.Error("exchange-receiver: accept", "err", err)
			http.Error(w, "暂时无法处理，请稍后重试", http.StatusServiceUnavailable)
			return
		}
		out, _ := json.Marshal(rc)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set(SignatureHeader, Sign(secret, out))
		_, _ = w.Write(out)
	})
}
