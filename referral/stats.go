package referral

import (
	"slices"
	"time"

	"github.com/peerbot/peerbot/stats"
)

// Count is a number of requests in a report: counts from 1 to 4 are never
// shown (see package stats).
type Count = stats.Count

// MinShown is the smallest count shown as a number.
const MinShown = stats.MinShown

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
