package quality

import (
	"context"
	"slices"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// The project checks over the project registry: 项目代码 format and region,
// the owner's 统一社会信用代码 and the mandatory fields. Duplicates and site
// geometry are in checks_geo.go.

const sqlProjects = `SELECT p.id, r.code, p.code, p.name, p.owner_name, p.owner_credit_code, p.address, p.investment
FROM projects p JOIN regions r ON r.id = p.region_id
ORDER BY p.id`

const sqlProjectsByRegion = `SELECT r.code, COUNT(*) FROM projects p JOIN regions r ON r.id = p.region_id GROUP BY r.code`

func init() {
	register("project_code", sqlProjects+"\n-- Go：项目代码须为“年份-行政区划代码-行业代码-类型代码-流水号”（24位），"+
		"\n-- 类型为 01/02/03，行政区划代码须为项目所属区县可用的代码（同 project 包的登记规则）。", checkProjectCode)
	register("project_credit_code", sqlProjects+"\n-- Go：项目单位统一社会信用代码须为18位且校验位正确（GB 32100）。", checkCreditCode)
	register("project_required", sqlProjects+"\n-- Go：项目名称、项目单位、统一社会信用代码、建设地址不能为空，总投资须大于0。", checkProjectRequired)
}

// projectRow is one row of sqlProjects.
type projectRow struct {
	id                                      int64
	region, code, name, owner, credit, addr string
	investment                              int64
}

// eachProject streams the projects to fn.
func eachProject(ctx context.Context, q sqldb.Querier, fn func(p projectRow)) error {
	rows, err := q.QueryContext(ctx, sqlProjects)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p projectRow
		if err := rows.Scan(&p.id, &p.region, &p.code, &p.name, &p.owner, &p.credit, &p.addr, &p.investment); err != nil {
			return sqldb.Translate(err)
		}
		fn(p)
	}
	return sqldb.Translate(rows.Err())
}

// projectCheck runs a per-project problem function over every project.
func projectCheck(ctx context.Context, e *checkEnv, problem func(p projectRow) string) (outcome, error) {
	eval, err := countBy(ctx, e.q, sqlProjectsByRegion)
	if err != nil {
		return outcome{}, err
	}
	out := outcome{evaluated: eval}
	err = eachProject(ctx, e.q, func(p projectRow) {
		if msg := problem(p); msg != "" {
			out.failures = append(out.failures, projectFailure(p.id, p.region, "项目“"+p.name+"”（"+p.code+"）："+msg))
		}
	})
	return out, err
}

func checkProjectCode(ctx context.Context, e *checkEnv) (outcome, error) {
	maxYear := e.now.In(beijing).Year()
	return projectCheck(ctx, e, func(p projectRow) string {
		i := slices.IndexFunc(e.regions, func(r org.Region) bool { return r.Code == p.region })
		if i < 0 {
			return "项目所属区县 " + p.region + " 不存在。"
		}
		return project.CodeProblem(p.code, e.regions[i], e.regions, maxYear)
	})
}

func checkCreditCode(ctx context.Context, e *checkEnv) (outcome, error) {
	return projectCheck(ctx, e, func(p projectRow) string {
		if msg := idcode.CreditCodeProblem(p.credit); msg != "" {
			return "项目单位“" + p.owner + "”的" + msg
		}
		return ""
	})
}

func checkProjectRequired(ctx context.Context, e *checkEnv) (outcome, error) {
	return projectCheck(ctx, e, func(p projectRow) string {
		var missing []string
		for _, f := range []struct{ v, label string }{{p.name, "项目名称"}, {p.owner, "项目单位"},
			{p.credit, "统一社会信用代码"}, {p.addr, "建设地址"}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.label)
			}
		}
		if p.investment <= 0 {
			missing = append(missing, "总投资")
		}
		if len(missing) == 0 {
			return ""
		}
		return "缺少" + strings.Join(missing, "、") + "。"
	})
}
