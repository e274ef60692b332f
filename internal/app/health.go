package app

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/ticket"
)

// Health-watch thresholds: a leased job whose lease lapsed this long ago has
// stopped on every server; notices waiting this long mean the relay is stuck;
// less free space than this on the data directory's disk will soon stop
// every write.
const (
	staleLease     = 10 * time.Minute
	stuckNotices   = 10 * time.Minute
	minFreeDiskMiB = 1024
)

// watchedJobs are the leases that must be renewed while gongai runs.
var watchedJobs = map[string]string{"deadline-scan": "办件时限扫描", "case-notices": "办件通知投递",
	"ticket-clocks": "工单计时扫描"}

// WatchHealth checks what an operator must hear of at once and opens (or
// updates) a monitoring ticket per failing check, deduplicated by the
// check's key. It returns how many checks failed.
func (s *System) WatchHealth(ctx context.Context) (int, error) {
	var alerts []ticket.Alert
	for _, check := range []func(context.Context) ([]ticket.Alert, error){s.checkLeases, s.checkNotices, s.checkCalendar} {
		a, err := check(ctx)
		if err != nil {
			return 0, err
		}
		alerts = append(alerts, a...)
	}
	alerts = append(alerts, s.checkDisk()...)
	for _, a := range alerts {
		if _, _, err := s.Tickets.OpenOrUpdate(ctx, a); err != nil {
			return 0, err
		}
	}
	return len(alerts), nil
}

func (s *System) checkLeases(ctx context.Context) ([]ticket.Alert, error) {
	leases, err := jobs.Leases(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var out []ticket.Alert
	for _, l := range leases {
		label, ok := watchedJobs[l.Name]
		if ok && s.Now().Sub(l.ExpiresAt) > staleLease {
			out = append(out, ticket.Alert{Key: "health:job:" + l.Name, Title: "后台任务停止运行：" + label,
				Detail:   fmt.Sprintf("任务 %s 的租约已于 %s 过期，没有服务器在运行它。", l.Name, l.ExpiresAt.Format(time.RFC3339)),
				Severity: ticket.Important, Subsystem: "platform"})
		}
	}
	return out, nil
}

func (s *System) checkNotices(ctx context.Context) ([]ticket.Alert, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE noticed = 0 AND created_at < $1`,
		sqldb.T(s.Now().Add(-stuckNotices))).Scan(&n)
	if err != nil || n == 0 {
		return nil, sqldb.Translate(err)
	}
	return []ticket.Alert{{Key: "health:notices", Title: "办件通知积压",
		Detail:   fmt.Sprintf("%d 条办件事件超过 %s 未转为站内通知。", n, stuckNotices),
		Severity: ticket.General, Subsystem: "platform"}}, nil
}

func (s *System) checkCalendar(ctx context.Context) ([]ticket.Alert, error) {
	year, missing, err := s.Calendar.MissingNextYear(ctx, s.Now())
	if err != nil || !missing {
		return nil, err
	}
	return []ticket.Alert{{Key: fmt.Sprintf("health:calendar:%d", year), Title: fmt.Sprintf("%d 年节假日安排尚未录入", year),
		Detail:   "跨入下一年度的办件截止日期只能暂定；请在“工作日历”导入国务院办公厅的放假通知。",
		Severity: ticket.General, Subsystem: "calendar"}}, nil
}

func (s *System) checkDisk() []ticket.Alert {
	var st syscall.Statfs_t
	if err := syscall.Statfs(s.Config.DataDir, &st); err != nil {
		return nil
	}
	free := st.Bavail * uint64(st.Bsize) >> 20
	if free >= minFreeDiskMiB {
		return nil
	}
	return []ticket.Alert{{Key: "health:disk", Title: "数据目录磁盘空间不足",
		Detail:   fmt.Sprintf("%s 所在磁盘仅剩 %d MiB（低于 %d MiB），写入将很快失败。", s.Config.DataDir, free, minFreeDiskMiB),
		Severity: ticket.Emergency, Subsystem: "platform"}}
}
