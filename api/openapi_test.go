package api

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/peerbot/peerbot/metrics"
)

// TestOpenAPIDocumentsEveryRoute checks that docs/openapi.yaml describes
// every route the handler serves (and nothing it does not), with the
// problem schema and the bearer scheme its routes refer to.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	raw, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI    string                               `yaml:"openapi"`
		Paths      map[string]map[string]map[string]any `yaml:"paths"`
		Components struct {
			Schemas         map[string]any `yaml:"schemas"`
			SecuritySchemes map[string]struct {
				Type   string `yaml:"type"`
				Scheme string `yaml:"scheme"`
			} `yaml:"securitySchemes"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q, want 3.1", doc.OpenAPI)
	}
	if _, ok := doc.Components.Schemas["Problem"]; !ok {
		t.Error("no Problem schema")
	}
	if s := doc.Components.SecuritySchemes["partnerToken"]; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("partnerToken scheme %+v", s)
	}

	// Every option that adds routes is set; a placeholder service is
	// enough, no request is served.
	rt := newRouter(Options{Metrics: metrics.New(), Alerts: nilService{}, Campaigns: NewCampaignAPI(nil, nil, nil, nil),
		Moderation: NewModerationAPI(nil, nil, nil), Training: NewTrainingAPI(nil, nil, nil, nil, nil),
		Outreach: NewOutreachAPI(nil, nil, nil), Feedback: NewFeedbackAPI(nil, nil, nil, nil, nil, nil),
		Referrals: NewReferralAPI(nil, nil, nil)})
	served := map[string]bool{}
	for _, r := range rt.routes {
		key := strings.ToLower(r.Method) + " " + r.Path
		served[key] = true
		if doc.Paths[r.Path][strings.ToLower(r.Method)] == nil {
			t.Errorf("%s %s is served but not in docs/openapi.yaml", r.Method, r.Path)
		}
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if !served[method+" "+path] {
				t.Errorf("docs/openapi.yaml documents %s %s, which is not served", strings.ToUpper(method), path)
			}
			if strings.HasPrefix(path, "/api/") && op["security"] == nil {
				t.Errorf("%s %s has no security requirement", strings.ToUpper(method), path)
			}
		}
	}
	if len(served) < 7 {
		t.Errorf("only %d routes recorded: %v", len(served), served)
	}
}

// nilService stands in for the alert service where only the routes matter.
type nilService struct{ AlertService }
