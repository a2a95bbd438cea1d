package demo

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestShareLocation: the web chat shares a location as Telegram's
// location button would; bad coordinates are refused, naming the field.
func TestShareLocation(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("pt")
	var m message
	resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/location", p.ID), `{"latitude": 38.723, "longitude": -9.136}`, &m)
	if resp.StatusCode != http.StatusCreated || m.Kind != "location" || !strings.Contains(m.MediaLabel, "38.72300") {
		t.Fatalf("status %d, message %+v", resp.StatusCode, m)
	}
	if u := h.nextUpdate(); u.Message == nil {
		t.Errorf("update %+v carries no message", u)
	}
	for _, body := range []string{`{}`, `{"latitude": 91, "longitude": 0}`, `{"latitude": 0, "longitude": -181}`} {
		var problem map[string]any
		if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/location", p.ID), body, &problem); resp.StatusCode != http.StatusBadRequest || problem["field"] != "latitude" {
			t.Errorf("%s: status %d, problem %v", body, resp.StatusCode, problem)
		}
	}
}
