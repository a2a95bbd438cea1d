package referral

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"sync"
	"time"
)

// zones caches loaded time zones: time.LoadLocation reads the zone
// database each time, which would dominate a search.
var zones sync.Map

func zone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, l)
	return l, nil
}

// Query is a nearest-services search: near a point (never stored, never
// logged) or in a region, for one need.
type Query struct {
	Need Need
	// Region is searched when there is no point: an ISO 3166-2 region, or a
	// country code for the whole country.
	Region string
	// Lat and Lon are the point when HasPoint.
	Lat, Lon float64
	HasPoint bool
	// Limit is how many results to return (default DefaultLimit).
	Limit int
}

// DefaultLimit is how many services a search shows.
const DefaultLimit = 3

// SearchRadiiKm are the bounding-box half-widths a point search tries in
// turn, until enough services are found.
var SearchRadiiKm = []float64{15, 60, 250}

// ErrNoNeed is returned for a query without a known need.
var ErrNoNeed = errors.New("search: unknown need")

// Check validates the query and fills defaults.
func (q *Query) Check() error {
	if !q.Need.Valid() {
		return ErrNoNeed
	}
	if q.HasPoint && !ValidCoordinates(q.Lat, q.Lon) {
		return errors.New("search: coordinates out of range")
	}
	if !q.HasPoint && q.Region == "" {
		return errors.New("search: neither a point nor a region")
	}
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	return nil
}

// Box is the latitude/longitude box within radiusKm of the point, for a
// prefilter on an index; it may be wider than the circle, never narrower.
func Box(lat, lon, radiusKm float64) (minLat, maxLat, minLon, maxLon float64) {
	dLat := radiusKm / earthRadiusKm * 180 / math.Pi
	minLat, maxLat = math.Max(-90, lat-dLat), math.Min(90, lat+dLat)
	c := math.Cos(math.Max(math.Abs(minLat), math.Abs(maxLat)) * math.Pi / 180)
	if c < 1e-6 || maxLat >= 90 || minLat <= -90 {
		return minLat, maxLat, -180, 180
	}
	dLon := dLat / c
	if dLon >= 180 {
		return minLat, maxLat, -180, 180
	}
	// Near the antimeridian the box would wrap: take every longitude.
	if lon-dLon < -180 || lon+dLon > 180 {
		return minLat, maxLat, -180, 180
	}
	return minLat, maxLat, lon - dLon, lon + dLon
}

// Candidate is a service at a location as the store finds it.
type Candidate struct {
	// Key is the short number of the service at the location, for the
	// map-pin button.
	Key       int64
	Service   Service
	Location  Location
	Phones    []string
	Languages []string
	Week      Week
}

// Result is a ranked candidate.
type Result struct {
	Candidate
	// DistanceKm is NaN for a region search.
	DistanceKm float64
	Open       bool
	// NextOpen is when it next opens, when not open and HasNext.
	NextOpen time.Time
	HasNext  bool
}

// Rank orders candidates for a person: open now first, then the nearest
// (or, in a region search, those opening soonest, then by name), and keeps
// the first q.Limit. Inactive services are dropped.
func Rank(q Query, cands []Candidate, now time.Time) []Result {
	out := make([]Result, 0, len(cands))
	for _, c := range cands {
		if c.Service.Status != "" && c.Service.Status != "active" {
			continue
		}
		r := Result{Candidate: c, DistanceKm: math.NaN()}
		if q.HasPoint {
			r.DistanceKm = DistanceKm(q.Lat, q.Lon, c.Location.Lat, c.Location.Lon)
		}
		if loc, err := zone(c.Location.TimeZone); err == nil && len(c.Week) > 0 {
			r.Open, r.NextOpen, r.HasNext = c.Week.Status(now, loc)
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Result) int {
		if a.Open != b.Open {
			if a.Open {
				return -1
			}
			return 1
		}
		if q.HasPoint {
			if c := cmp.Compare(a.DistanceKm, b.DistanceKm); c != 0 {
				return c
			}
		} else if !a.Open && a.HasNext != b.HasNext {
			if a.HasNext {
				return -1
			}
			return 1
		} else if !a.Open && a.HasNext && !a.NextOpen.Equal(b.NextOpen) {
			return a.NextOpen.Compare(b.NextOpen)
		}
		return cmp.Or(cmp.Compare(a.Service.Name, b.Service.Name), cmp.Compare(a.Key, b.Key))
	})
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}
