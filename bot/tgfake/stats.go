package tgfake

import (
	"maps"
	"slices"
	"time"
)

// Call is one request the fake answered.
type Call struct {
	Method string
	// Params are the request's parameters as received (JSON for objects).
	Params map[string]string
	// Files are the names of uploaded file parts.
	Files       []string
	Status      int
	Description string
	Time        time.Time
}

// Stats counts what the fake answered.
type Stats struct {
	// Calls counts requests by method, whatever their outcome.
	Calls map[string]int
	// TooManyRequests counts 429 answers (rate limits and injected ones).
	TooManyRequests int
	// CallsDuringRetryAfter counts sends made while a retry_after the fake
	// had answered was still running for their scope (the whole bot or
	// the chat): a client that honours retry_after keeps this at 0.
	CallsDuringRetryAfter int
	// CallsLateInRetryAfter counts those of them made in the second half of
	// their window. Sends already under way when the 429 was answered
	// arrive early in it, however loaded the machine; a client that ignores
	// retry_after sends all through it.
	CallsLateInRetryAfter int
	// Errors counts every unsuccessful answer.
	Errors int
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Time = s.opts.Now()
	s.calls = append(s.calls, c)
	s.stats.Calls[c.Method]++
	if c.Status != 200 {
		s.stats.Errors++
	}
	if c.Status == 429 {
		s.stats.TooManyRequests++
	}
	s.notifyLocked()
}

// Calls returns every request answered so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Params = maps.Clone(c.Params)
		c.Files = slices.Clone(c.Files)
		out[i] = c
	}
	return out
}

// CallsTo returns the requests made to one method.
func (s *Server) CallsTo(method string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls = maps.Clone(s.stats.Calls)
	return st
}
