package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/peerbot/peerbot/alerts"
)

// statusOf maps the domain's error codes to HTTP statuses: the one place
// where that happens.
var statusOf = map[alerts.ErrorCode]int{
	alerts.ErrInvalid:      http.StatusUnprocessableEntity,
	alerts.ErrNotFound:     http.StatusNotFound,
	alerts.ErrConflict:     http.StatusConflict,
	alerts.ErrForbidden:    http.StatusForbidden,
	alerts.ErrUnauthorized: http.StatusUnauthorized,
}

// writeError answers a domain error as a problem naming the field at fault.
// Internal errors are logged and answered without their text, which may
// name hosts or queries.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := alerts.Code(err)
	status, ok := statusOf[code]
	if !ok {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again later"})
		return
	}
	p := Problem{Status: status, Type: problemType(code)}
	var e *alerts.Error
	var v *alerts.ValidationError
	switch {
	case errors.As(err, &e):
		p.Field, p.Detail = e.Field, e.Message
	case errors.As(err, &v):
		p.Field, p.Detail = v.Field, v.Problem
	}
	if status == http.StatusUnauthorized {
		challenge(w, true)
	}
	WriteProblem(w, p)
}

// problemType names the kind of problem as a URN, so clients can tell a
// conflict from a validation error without parsing the text.
func problemType(code alerts.ErrorCode) string {
	return "urn:peerbot:problem:" + string(code)
}

// challenge asks for a partner token (RFC 6750): invalid says a token was
// given and refused.
func challenge(w http.ResponseWriter, invalid bool) {
	v := `Bearer realm="peerbot"`
	if invalid {
		v += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", v)
}
