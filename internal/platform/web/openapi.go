package web

import (
	"regexp"
	"strconv"
	"strings"
)

// APIDoc describes a JSON API route for the OpenAPI document.
type APIDoc struct {
	Summary     string
	Tag         string
	Description string
	// Query lists query parameters: name → description.
	Query map[string]string
	// Request and Response are example values; their JSON shape becomes
	// the schema.
	Request  any
	Response any
	// Status is the success status (200 when zero).
	Status int
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_]+)\.*\}`)

// OpenAPI builds an OpenAPI 3.0 document from the router's API routes.
func (rt *Router) OpenAPI(title, version string) map[string]any {
	paths := map[string]any{}
	for _, route := range rt.Routes() {
		if route.API == nil {
			continue
		}
		item, _ := paths[route.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[route.Path] = item
		}
		item[strings.ToLower(route.Method)] = operation(route)
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": title, "version": version},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"apiKey":  map[string]any{"type": "http", "scheme": "bearer", "description": "机构 API 密钥"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "gongai_session"},
			},
			"schemas": map[string]any{"Error": schemaOf(APIError{Code: "invalid", Message: "…",
				Fields: map[string]string{"field": "…"}, RequestID: "…"})},
		},
	}
}

func operation(route Route) map[string]any {
	d := route.API
	op := map[string]any{"summary": d.Summary, "tags": []string{d.Tag},
		"operationId": operationID(route)}
	if d.Description != "" {
		op["description"] = d.Description
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(route.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
			"schema": map[string]any{"type": "string"}})
	}
	for name, desc := range d.Query {
		params = append(params, map[string]any{"name": name, "in": "query", "description": desc,
			"schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.Request != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaOf(d.Request)}}}
	}
	status := d.Status
	if status == 0 {
		status = 200
	}
	ok := map[string]any{"description": "成功"}
	if d.Response != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(d.Response)}}
	}
	errRef := map[string]any{"description": "错误", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	op["responses"] = map[string]any{strconv.Itoa(status): ok, "default": errRef}
	if route.Guard.IsPublic() {
		op["security"] = []any{}
	} else {
		op["security"] = []any{map[string]any{"apiKey": []any{}}, map[string]any{"session": []any{}}}
	}
	return op
}

func operationID(route Route) string {
	return strings.ToLower(route.Method) +
		strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "").Replace(route.Path)
}
