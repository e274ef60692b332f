package formschema

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParse_OK(t *testing.T) {
	s, err := Parse([]byte(`{"fields":[
		{"name":"project_name","label":"项目名称","type":"text","required":true,"max_length":100},
		{"name":"total_investment","label":"总投资（万元）","type":"number","min":0},
		{"name":"structure","label":"结构类型","type":"choice","options":["框架结构","剪力墙结构"]},
		{"name":"buildings","label":"单体建筑","type":"table","columns":[
			{"name":"name","label":"名称","type":"text","required":true},
			{"name":"area","label":"建筑面积","type":"number","min":0,"max":1000000}]},
		{"name":"site_plan","label":"总平面图","type":"attachment"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Fields) != 5 || s.Fields[3].Columns[1].Max == nil || *s.Fields[3].Columns[1].Max != 1e6 {
		t.Fatalf("parsed %+v", s)
	}
	if !s.HasAttachments() {
		t.Fatal("HasAttachments = false")
	}
	if empty, err := Parse([]byte("  \n")); err != nil || len(empty.Fields) != 0 {
		t.Fatalf("blank input: %+v, %v", empty, err)
	}
}

func TestParse_Problems(t *testing.T) {
	tests := []struct {
		name, json string
		want       []string // each must appear in one problem
	}{
		{"syntax error with position", "{\"fields\":[\n{\"name\":\"a\",}]}", []string{"不是有效的 JSON", "第2行"}},
		{"truncated", `{"fields":[{"name":"a"`, []string{"不完整"}},
		{"unknown property", `{"fields":[{"name":"a","label":"甲","type":"text","requried":true}]}`, []string{"未知的属性“requried”"}},
		{"wrong value type", `{"fields":[{"name":"a","label":"甲","type":"text","required":"yes"}]}`, []string{"值类型不对", "true 或 false"}},
		{"trailing data", `{"fields":[]} {}`, []string{"多余的内容"}},
		{"missing name", `{"fields":[{"label":"甲","type":"text"}]}`, []string{"第1个字段缺少名称"}},
		{"bad name", `{"fields":[{"name":"Area","label":"甲","type":"text"}]}`, []string{"第1个字段“Area”的名称无效"}},
		{"duplicate name", `{"fields":[{"name":"a","label":"甲","type":"text"},{"name":"a","label":"乙","type":"text"}]}`, []string{"第2个字段“a”的名称与前面的字段重复"}},
		{"missing label", `{"fields":[{"name":"a","type":"text"}]}`, []string{"缺少标签"}},
		{"unknown type", `{"fields":[{"name":"a","label":"甲","type":"integer"}]}`, []string{"类型“integer”无效"}},
		{"choice without options", `{"fields":[{"name":"a","label":"甲","type":"choice","options":["一"]}]}`, []string{"需要2到100个选项"}},
		{"duplicate option", `{"fields":[{"name":"a","label":"甲","type":"choice","options":["一","一"]}]}`, []string{"选项“一”重复"}},
		{"empty option", `{"fields":[{"name":"a","label":"甲","type":"choice","options":["一"," "]}]}`, []string{"第2个选项是空的"}},
		{"options on text", `{"fields":[{"name":"a","label":"甲","type":"text","options":["一","二"]}]}`, []string{"不能设置选项"}},
		{"min on text", `{"fields":[{"name":"a","label":"甲","type":"text","min":1}]}`, []string{"不能设置最小值或最大值"}},
		{"min above max", `{"fields":[{"name":"a","label":"甲","type":"number","min":10,"max":2.5}]}`, []string{"最小值 10 大于最大值 2.5"}},
		{"max_length on date", `{"fields":[{"name":"a","label":"甲","type":"date","max_length":10}]}`, []string{"不能设置最大长度"}},
		{"negative max_length", `{"fields":[{"name":"a","label":"甲","type":"text","max_length":-1}]}`, []string{"最大长度应在1到10000之间"}},
		{"columns on text", `{"fields":[{"name":"a","label":"甲","type":"text","columns":[{"name":"b","label":"乙","type":"text"}]}]}`, []string{"不能设置列"}},
		{"table without columns", `{"fields":[{"name":"a","label":"甲","type":"table"}]}`, []string{"需要1到20列"}},
		{"nested table", `{"fields":[{"name":"a","label":"甲","type":"table","columns":[{"name":"b","label":"乙","type":"table"}]}]}`, []string{"第1个字段“a”的第1列“b”的类型“table”无效"}},
		{"attachment column", `{"fields":[{"name":"a","label":"甲","type":"table","columns":[{"name":"b","label":"乙","type":"attachment"}]}]}`, []string{"只能是 text、number、date 或 choice"}},
		{"duplicate column", `{"fields":[{"name":"a","label":"甲","type":"table","columns":[{"name":"b","label":"乙","type":"text"},{"name":"b","label":"丙","type":"text"}]}]}`, []string{"第2列“b”的名称与前面的字段重复"}},
		{"column choice without options", `{"fields":[{"name":"a","label":"甲","type":"table","columns":[{"name":"b","label":"乙","type":"choice"}]}]}`, []string{"第1列“b”是选择字段"}},
		{"every problem at once", `{"fields":[{"name":"A","type":"x"},{"name":"b","label":"乙","type":"number","min":3,"max":1}]}`,
			[]string{"名称无效", "缺少标签", "类型“x”无效", "最小值 3 大于最大值 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json))
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SchemaError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(se.Error(), w) {
					t.Errorf("problems %q lack %q", se.Problems, w)
				}
			}
		})
	}
}

func TestProblems_TooManyFields(t *testing.T) {
	var s Schema
	for i := 0; i <= MaxFields; i++ {
		s.Fields = append(s.Fields, Field{Name: "f_" + strconv.Itoa(i), Label: "字段", Type: TypeText})
	}
	if p := s.Problems(); len(p) != 1 || !strings.Contains(p[0], "最多100个字段") {
		t.Fatalf("problems = %q", p)
	}
}
