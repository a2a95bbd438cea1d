package tgfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxBody bounds a request body; real uploads of photos are up to 10 MB.
const maxBody = 20 << 20

// request is one Bot API call with its parameters as the server sees them:
// every value a string (objects and arrays JSON-encoded), uploads apart.
type request struct {
	method string
	params map[string]string
	files  map[string]int // uploaded file parts: field name -> size
	// uploads holds the uploaded files' bytes, by field name.
	uploads map[string][]byte
	// parsed holds text fields after entities parsing, by field name.
	parsed map[string]formatted
}

// formatted is a text parameter after parsing its markup.
type formatted struct {
	Text      string
	Entities  []Entity
	ParseMode string
}

// apiError is an unsuccessful answer.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string { return e.Description }

func badRequest(format string, args ...any) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// readRequest decodes the parameters of a call from the query string and
// a multipart/form-data, x-www-form-urlencoded or JSON body.
func readRequest(r *http.Request, method string) (*request, *apiError) {
	req := &request{method: method, params: map[string]string{}, files: map[string]int{}, uploads: map[string][]byte{}, parsed: map[string]formatted{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			req.params[k] = v[0]
		}
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil {
			// A call without parameters comes as an empty multipart body.
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, badRequest("can't parse multipart/form-data request: %v", err)
		}
		for k, v := range r.MultipartForm.Value {
			if len(v) > 0 {
				req.params[k] = v[0]
			}
		}
		for k, fh := range r.MultipartForm.File {
			if len(fh) > 0 {
				req.files[k] = int(fh[0].Size)
				if f, err := fh[0].Open(); err == nil {
					data, _ := io.ReadAll(f)
					f.Close()
					req.uploads[k] = data
				}
			}
		}
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			return nil, badRequest("can't parse form request: %v", err)
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				req.params[k] = v[0]
			}
		}
	case "application/json":
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return nil, badRequest("can't read request body")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			break
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, badRequest("can't parse JSON object")
		}
		for k, raw := range obj {
			if v, ok := jsonParam(raw); ok {
				req.params[k] = v
			}
		}
	}
	return req, nil
}

// jsonParam turns one member of a JSON body into the string the server
// would have received in a form: strings as they are, null dropped, the
// rest as JSON text.
func jsonParam(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s, true
		}
	}
	return string(raw), true
}

// has reports whether a parameter is present and non-empty (Telegram treats
// an empty value as a missing one), or uploaded as a file.
func (r *request) has(name string) bool {
	if r.params[name] != "" {
		return true
	}
	_, ok := r.files[name]
	return ok
}

func (r *request) str(name string) string { return r.params[name] }

// int64 returns an integer parameter; validation has checked its syntax.
func (r *request) int64(name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.params[name]), 10, 64)
	return n
}

func (r *request) int(name string) int { return int(r.int64(name)) }

func (r *request) float(name string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSpace(r.params[name]), 64)
	return f
}

func (r *request) bool(name string) bool {
	b, _ := parseBool(r.params[name])
	return b
}

// parseBool accepts the spellings Telegram's server accepts.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		return true, true
	case "false", "0", "no", "":
		return false, true
	}
	return false, false
}
