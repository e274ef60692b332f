package app

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/anomaly"
	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/indicator"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/quality"
	"github.com/dazhou-gongai/gongai/internal/report"
	"github.com/dazhou-gongai/gongai/internal/ticket"
)

// buildMonitoring wires the operations capabilities that read the
// engine's data: data quality, indicators (fed by the quality rates),
// anomaly alerts on the indicators (firing alerts open tickets), reports
// and the upward data exchange.
func (s *System) buildMonitoring(ctx context.Context) {
	s.Quality = quality.NewService(quality.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Now: s.Now})
	s.Indicators = indicator.NewService(indicator.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Regions: s.Org,
		Source: qualityFigures{s}, Now: s.Now})
	s.Anomaly = anomaly.NewService(anomaly.Deps{DB: s.DB, Audit: s.Audit, Source: anomalySource{s.Indicators},
		Regions: s.Org, Calendar: s.Calendar, Notify: s.Notify, Now: s.Now, OnFiring: s.alertTicket, Log: s.Log})
	s.Reports = report.NewService(report.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Orgs: s.Org,
		Blobs: s.Blobs, Now: s.Now})
	s.Exchange = exchange.NewService(exchange.Deps{DB: s.DB, Audit: s.Audit, Orgs: s.Org, Projects: s.Projects,
		Transport: s.exchangeTransport(ctx), Log: s.Log, Now: s.Now})
}

// exchangeTransport is NATS JetStream when GONGAI_NATS_URL is set, the
// upper system's HTTP endpoint when GONGAI_EXCHANGE_URL is, or both. A
// transport that cannot start is logged and left out: records then wait in
// the queue (the exchange page shows them) until the next start.
func (s *System) exchangeTransport(ctx context.Context) exchange.Transport {
	var ts exchange.Multi
	if s.Config.NATSURL != "" {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if t, err := exchange.NewNATSTransport(cctx, s.Config.NATSURL); err != nil {
			s.Log.Error("data exchange: NATS unavailable, records wait in the queue", "url", s.Config.NATSURL, "err", err)
		} else {
			s.closers = append(s.closers, t.Close)
			ts = append(ts, t)
		}
	}
	if s.Config.ExchangeURL != "" {
		t, err := exchange.NewHTTPTransport(exchange.HTTPConfig{URL: s.Config.ExchangeURL, Secret: s.Config.ExchangeSecret})
		if err != nil {
			s.Log.Error("data exchange: HTTP endpoint not usable", "err", err)
		} else {
			ts = append(ts, t)
		}
	}
	switch len(ts) {
	case 0:
		return nil
	case 1:
		return ts[0]
	}
	return ts
}

// alertTicket opens (or updates) the monitoring ticket of a firing
// indicator alert, so that the operations team's clock starts at once.
func (s *System) alertTicket(ctx context.Context, a anomaly.Alert) {
	_, _, err := s.Tickets.OpenOrUpdate(ctx, ticket.Alert{Key: a.Key(), Title: "指标告警：" + a.Title(),
		Detail: a.Explanation, Severity: ticket.General, Subsystem: "指标监测", RegionCode: a.RegionCode})
	if err != nil {
		s.Log.ErrorContext(ctx, "open a ticket for an indicator alert", "alert", a.Key(), "err", err)
	}
}

// anomalySource gives the anomaly rules the daily indicator values. A day
// without a value is left out: the rules treat it as "reported nothing".
type anomalySource struct{ ind *indicator.Service }

func (a anomalySource) Series(ctx context.Context, code, region, period string, from, to time.Time) ([]anomaly.Point, error) {
	pts, err := a.ind.Series(ctx, code, region, period, calendar.DateOf(from), calendar.DateOf(to).AddDays(-1))
	if err != nil {
		return nil, err
	}
	out := make([]anomaly.Point, 0, len(pts))
	for _, p := range pts {
		if p.Value != nil {
			out = append(out, anomaly.Point{Start: p.Start.Time(), Value: *p.Value, Numerator: p.Numerator,
				Denominator: p.Denominator})
		}
	}
	return out, nil
}

func (a anomalySource) Indicators(ctx context.Context) ([]anomaly.Indicator, error) {
	defs, err := a.ind.Definitions(ctx)
	out := make([]anomaly.Indicator, len(defs))
	for i, d := range defs {
		out[i] = anomaly.Indicator{Code: d.Code, Name: d.Name, Unit: d.Unit}
	}
	return out, err
}

// qualityFigures feeds the data-quality indicators: from the rates of the
// data-governance runs (passed rows over checked rows per region and day),
// and 上报成功率 from the outcomes of the upward exchange.
type qualityFigures struct{ s *System }

var qualityIndicators = map[string]string{quality.Timeliness: indicator.ReportTimelyRate,
	quality.Completeness: indicator.CompletenessRate, quality.Consistency: indicator.ConsistencyRate}

func (qualityFigures) Codes() []string {
	return []string{indicator.ReportTimelyRate, indicator.CompletenessRate, indicator.ConsistencyRate,
		indicator.ReportSuccessRate}
}

func (q qualityFigures) Figures(ctx context.Context, from, to calendar.Date) ([]indicator.Figure, error) {
	rates, err := quality.DailyRates(ctx, q.s.DB, from, to)
	if err != nil {
		return nil, err
	}
	var out []indicator.Figure
	for _, r := range rates {
		code, ok := qualityIndicators[r.Dimension]
		day, err := calendar.ParseDate(r.Day)
		if !ok || err != nil || r.Evaluated == 0 {
			continue
		}
		out = append(out, indicator.Figure{Code: code, RegionCode: r.RegionCode, Day: day,
			Numerator: float64(r.Evaluated - r.Failed), Denominator: float64(r.Evaluated),
			Ref: indicator.Ref{Kind: "record", Key: r.Day + "/" + r.RegionCode + "/" + r.Dimension,
				Label: "数据质量检查 " + r.Day, URL: "/quality"}})
	}
	sent, err := exchange.DailySuccess(ctx, q.s.DB, from, to)
	if err != nil {
		return nil, err
	}
	for _, x := range sent { // 上报成功率: accepted by the upper system over records with a known outcome
		out = append(out, indicator.Figure{Code: indicator.ReportSuccessRate, RegionCode: x.RegionCode, Day: x.Day,
			Numerator: float64(x.Accepted), Denominator: float64(x.Settled),
			Ref: indicator.Ref{Kind: "record", Key: x.Day.String() + "/" + x.RegionCode + "/exchange",
				Label: "向上级系统上报 " + x.Day.String(), URL: "/exchange"}})
	}
	return out, nil
}
