package referral

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// MinShown is the smallest count stats show as a number; smaller non-zero
// counts are shown as "fewer than 5" so that no one stands out.
const MinShown = 5

// Count is a number of requests in a report.
type Count int

// Hidden reports whether the count is too small to show.
func (c Count) Hidden() bool { return c > 0 && c < MinShown }

// Text writes the count, or fewer when it is hidden.
func (c Count) Text(fewer string) string {
	if c.Hidden() {
		return fewer
	}
	return strconv.Itoa(int(c))
}

// MarshalJSON writes a hidden count as the string "fewer than 5".
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Hidden() {
		return json.Marshal("fewer than 5")
	}
	return json.Marshal(int(c))
}

// StatsRow is one request as the statistics keep it: no person, no time
// of day.
type StatsRow struct {
	Day          time.Time
	Need         Need
	Region       string
	Outcome      string // waiting, claimed, closed, withdrawn
	ClaimSeconds int    // -1 while unclaimed
}

// Stats sums up an organisation's requests.
type Stats struct {
	Requests  Count             `json:"requests"`
	ByNeed    map[string]Count  `json:"by_need"`
	ByRegion  map[string]Count  `json:"by_region"`
	ByOutcome map[string]Count  `json:"by_outcome"`
	FollowUps map[Outcome]Count `json:"follow_ups"`
	// ClaimP50 and ClaimP95 are the times from request to claim, in
	// seconds; nil when fewer than MinShown requests were claimed.
	ClaimP50 *int `json:"claim_seconds_p50"`
	ClaimP95 *int `json:"claim_seconds_p95"`
}

// Summarize computes Stats from rows and follow-up answer counts.
func Summarize(rows []StatsRow, followUps map[Outcome]int) Stats {
	s := Stats{ByNeed: map[string]Count{}, ByRegion: map[string]Count{}, ByOutcome: map[string]Count{}, FollowUps: map[Outcome]Count{}}
	var claims []int
	for _, r := range rows {
		s.Requests++
		s.ByNeed[string(r.Need)]++
		s.ByRegion[r.Region]++
		s.ByOutcome[r.Outcome]++
		if r.ClaimSeconds >= 0 {
			claims = append(claims, r.ClaimSeconds)
		}
	}
	for o, n := range followUps {
		s.FollowUps[o] = Count(n)
	}
	if len(claims) >= MinShown {
		slices.Sort(claims)
		p50, p95 := percentile(claims, 50), percentile(claims, 95)
		s.ClaimP50, s.ClaimP95 = &p50, &p95
	}
	return s
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []int, p int) int {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[max(rank, 1)-1]
}
