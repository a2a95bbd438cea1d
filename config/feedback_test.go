package config

import (
	"testing"
	"time"
)

func TestFeedbackRetention(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 180 * 24 * time.Hour, true},
		{"90d", 90 * 24 * time.Hour, true},
		{"30", 30 * 24 * time.Hour, true},
		{"72h", 72 * time.Hour, true},
		{"0d", 0, false},
		{"30m", 0, false},
		{"3651d", 0, false},
		{"half a year", 0, false},
	}
	for _, tt := range tests {
		c, err := Load(env(map[string]string{"FEEDBACK_RETENTION": tt.value}), Needs{})
		if !tt.ok {
			if ce, isConfig := AsError(err); !isConfig || ce.Setting != "FEEDBACK_RETENTION" {
				t.Errorf("%q: error %v, want one naming FEEDBACK_RETENTION", tt.value, err)
			}
			continue
		}
		if err != nil || c.FeedbackRetention != tt.want {
			t.Errorf("%q: %v, %v; want %v", tt.value, c.FeedbackRetention, err, tt.want)
		}
	}
}
