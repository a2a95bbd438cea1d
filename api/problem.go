// Package api is the HTTP side of the service: health, metrics, the Telegram
// webhook and (with later work) the partner and organisation API.
package api

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem detail. Field names the input that is
// wrong, so a partner's developer can fix a request without guessing.
type Problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Field  string `json:"field,omitempty"`
}

// WriteProblem answers with application/problem+json.
func WriteProblem(w http.ResponseWriter, p Problem) {
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
