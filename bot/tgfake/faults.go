package tgfake

import (
	"fmt"
	"net/http"
	"time"
)

// Fault makes calls fail on purpose, to test retries and back-off.
type Fault struct {
	// Method limits the fault to one method; empty matches every method
	// except getUpdates (so a polling bot keeps receiving updates).
	Method string
	// Times is how many matching calls fail; 0 means 1.
	Times int
	// Status is the HTTP status and error_code: 500 by default, 429, 403...
	Status int
	// Description replaces the default wording for the status.
	Description string
	// RetryAfter is the retry_after of a 429, in seconds; 0 means 1. The
	// window counts for Stats.CallsDuringRetryAfter like a real one.
	RetryAfter int
}

// Fail queues a fault; faults apply in the order they were added.
func (s *Server) Fail(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	if f.Status == http.StatusTooManyRequests && f.RetryAfter <= 0 {
		f.RetryAfter = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults drops the faults not used yet.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// SetLatency changes the delay before every answer.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func (s *Server) currentLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

// injectedFault returns the error of the first fault matching the call.
func (s *Server) injectedFault(req *request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Method != req.method && (f.Method != "" || req.method == "getUpdates") {
			continue
		}
		f.Times--
		if f.Times == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		e := &apiError{Code: f.Status, Description: f.Description}
		if e.Description == "" {
			e.Description = defaultWording(f.Status, f.RetryAfter)
		}
		if f.Status == http.StatusTooManyRequests {
			e.RetryAfter = f.RetryAfter
			s.limits.openGlobalWindow(s.opts.Now(), f.RetryAfter)
		}
		return e
	}
	return nil
}

func defaultWording(status, retryAfter int) string {
	switch status {
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	case http.StatusBadRequest:
		return "Bad Request"
	case http.StatusForbidden:
		return "Forbidden"
	case http.StatusBadGateway:
		return "Bad Gateway"
	}
	return "Internal Server Error"
}
