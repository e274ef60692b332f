package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// MaxJSONBody is the largest API request body DecodeJSON reads.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON request body into v: exactly one JSON value of at
// most MaxJSONBody bytes (trailing content such as "{}}" or "{} {}" is
// refused), with no property v does not have and no NUL character in its
// text. Every error is Invalid with
// a Chinese message a client can act on; a misspelt or mistyped property
// is also named in Fields. The decoder's own (English) text stays in the
// wrapped cause.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonBodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return jsonBodyError(err)
		}
		return errs.Wrap(errs.Invalid, "请求体在 JSON 值之后还有多余的内容，请只发送一个 JSON 对象。", err)
	}
	if hasNUL(reflect.ValueOf(v)) {
		return errs.E(errs.Invalid, "请求体的文字中含有 NUL 字符（\\u0000），请删除后重试。")
	}
	return nil
}

// hasNUL reports whether a decoded string (or map key) in v contains the
// NUL character, which "\u0000" in JSON produces and no PostgreSQL text
// column can store: refused here, it would otherwise fail the request
// with an internal error at the first INSERT.
func hasNUL(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.IndexByte(v.String(), 0) >= 0
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasNUL(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && hasNUL(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false // raw bytes ([]byte, json.RawMessage) are the handler's to read
		}
		for i := range v.Len() {
			if hasNUL(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasNUL(it.Key()) || hasNUL(it.Value()) {
				return true
			}
		}
	}
	return false
}

// jsonBodyError classifies a decoding error of DecodeJSON.
func jsonBodyError(err error) error {
	var (
		tooLarge *http.MaxBytesError
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooLarge):
		return errs.Wrap(errs.Invalid, "请求体过大：JSON 请求体不能超过 1 MB。", err)
	case errors.Is(err, io.EOF):
		return errs.Wrap(errs.Invalid, "请求体为空，应为一个 JSON 对象。", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Wrap(errs.Invalid, "请求体不完整：JSON 在结束前中断了，请检查括号和引号是否成对。", err)
	case errors.As(err, &syntax):
		return errs.Wrap(errs.Invalid, fmt.Sprintf("请求体不是有效的 JSON：第 %d 个字节附近有语法错误。", syntax.Offset), err)
	case errors.As(err, &typ) && typ.Field != "":
		msg := fmt.Sprintf("属性“%s”的值类型不对，应为%s。", typ.Field, jsonKindLabel(typ.Type))
		return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{typ.Field: msg}, Err: err}
	case errors.As(err, &typ):
		return errs.Wrap(errs.Invalid, "请求体应为一个 JSON 对象。", err)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		msg := fmt.Sprintf("请求体中有未知的属性“%s”，请对照接口文档检查拼写。", name)
		return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{name: msg}, Err: err}
	}
	return errs.Wrap(errs.Invalid, "请求体中有无法读取的值，请对照接口文档检查各属性的格式。", err)
}

// jsonKindLabel names the JSON type that a Go type is decoded from.
func jsonKindLabel(t reflect.Type) string {
	if t == nil {
		return "其他类型"
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "数组 [...]"
	case reflect.Map, reflect.Struct:
		return "对象 {...}"
	}
	return "其他类型"
}
