package outreach

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/stats"
)

// Month is a calendar month, written 2026-01.
type Month struct {
	Year  int
	Month time.Month
}

// MaxReportMonths is the longest span one report covers.
const MaxReportMonths = 36

var monthShape = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	m := monthShape.FindStringSubmatch(s)
	if m == nil {
		return Month{}, fmt.Errorf("%w: %q is not a month written YYYY-MM", ErrInvalid, s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if y < 2000 || y > 2999 || mo < 1 || mo > 12 {
		return Month{}, fmt.Errorf("%w: %q is not a month between 2000-01 and 2999-12", ErrInvalid, s)
	}
	return Month{y, time.Month(mo)}, nil
}

// MonthOf is the month of t in t's location.
func MonthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// String writes the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// MarshalText writes the month as YYYY-MM, in JSON too.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Start is midnight UTC of the month's first day.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// Next is the month after m.
func (m Month) Next() Month { return MonthOf(m.Start().AddDate(0, 1, 0)) }

// Prev is the month before m.
func (m Month) Prev() Month { return MonthOf(m.Start().AddDate(0, -1, 0)) }

// Index counts months since year 0, for comparing and measuring spans.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// Place is where shifts were: one of the organisation's hotspots, or a
// region.
type Place struct {
	Hotspot HotspotID `json:"-"`
	Label   string    `json:"hotspot,omitempty"`
	Region  string    `json:"region,omitempty"`
}

// Tally sums shifts. Its counts are stats.Count, so every report shows
// those from 1 to 4 as "fewer than 5" (and "<5" in JSON and CSV).
type Tally struct {
	Shifts    stats.Count              `json:"shifts"`
	Contacts  stats.Count              `json:"contacts"`
	Materials map[Material]stats.Count `json:"materials"`
	Referrals map[Need]stats.Count     `json:"referrals"`
	Overdoses stats.Count              `json:"overdoses"`
	Naloxone  stats.Count              `json:"naloxone_given"`
}

// NewTally is an empty tally with every material and need at zero, so
// reports always list them all.
func NewTally() Tally {
	t := Tally{Materials: map[Material]stats.Count{}, Referrals: map[Need]stats.Count{}}
	for _, m := range Materials {
		t.Materials[m] = 0
	}
	for _, n := range Needs {
		t.Referrals[n] = 0
	}
	return t
}

// Add adds o to t, which must come from NewTally.
func (t *Tally) Add(o Tally) {
	t.Shifts += o.Shifts
	t.Contacts += o.Contacts
	t.Overdoses += o.Overdoses
	t.Naloxone += o.Naloxone
	for m, n := range o.Materials {
		t.Materials[m] += n
	}
	for need, n := range o.Referrals {
		t.Referrals[need] += n
	}
}

// AddEntry counts one shift.
func (t *Tally) AddEntry(e *Entry) {
	t.Shifts++
	t.Contacts += stats.Count(e.Contacts)
	t.Overdoses += stats.Count(e.Overdoses)
	t.Naloxone += stats.Count(e.Naloxone)
	for m, n := range e.Materials {
		t.Materials[m] += stats.Count(n)
	}
	for need, n := range e.Referrals {
		t.Referrals[need] += stats.Count(n)
	}
}

// Row is one month's tally at one place, as the store sums it.
type Row struct {
	Month Month
	Place Place
	Tally Tally
}

// PlaceTally is a month's tally at one place.
type PlaceTally struct {
	Place
	Tally
}

// MonthReport is one month of an organisation's outreach: the total and
// each place, busiest first.
type MonthReport struct {
	Month  Month        `json:"month"`
	Total  Tally        `json:"total"`
	Places []PlaceTally `json:"places"`
}

// Report is an organisation's outreach, month by month.
type Report struct {
	Org    orgs.OrgID    `json:"-"`
	From   Month         `json:"from"`
	To     Month         `json:"to"`
	Months []MonthReport `json:"months"`
}

// BuildReport puts rows together into a report of every month from from
// to to, months without shifts included, so a funder sees the gaps.
func BuildReport(org orgs.OrgID, from, to Month, rows []Row) Report {
	r := Report{Org: org, From: from, To: to}
	byMonth := map[Month]int{}
	for m := from; m.Index() <= to.Index(); m = m.Next() {
		byMonth[m] = len(r.Months)
		r.Months = append(r.Months, MonthReport{Month: m, Total: NewTally(), Places: []PlaceTally{}})
	}
	for _, row := range rows {
		i, ok := byMonth[row.Month]
		if !ok {
			continue
		}
		mr := &r.Months[i]
		mr.Total.Add(row.Tally)
		pt := PlaceTally{Place: row.Place, Tally: NewTally()}
		pt.Tally.Add(row.Tally)
		mr.Places = append(mr.Places, pt)
	}
	for i := range r.Months {
		slices.SortFunc(r.Months[i].Places, func(a, b PlaceTally) int {
			return cmp.Or(cmp.Compare(b.Shifts, a.Shifts), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Region, b.Region))
		})
	}
	return r
}

// CSVHeader is the first line of the CSV for funders.
func CSVHeader() []string {
	h := []string{"month", "place_type", "place", "shifts", "contacts"}
	for _, m := range Materials {
		h = append(h, string(m))
	}
	for _, n := range Needs {
		h = append(h, "referrals_"+string(n))
	}
	return append(h, "overdoses", "naloxone_given")
}

// WriteCSV writes the report for funders: a total line per month, then a
// line per place. Counts from 1 to 4 are written "<5".
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader()); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	line := func(m Month, kind, place string, t Tally) []string {
		rec := []string{m.String(), kind, place, t.Shifts.String(), t.Contacts.String()}
		for _, mat := range Materials {
			rec = append(rec, t.Materials[mat].String())
		}
		for _, n := range Needs {
			rec = append(rec, t.Referrals[n].String())
		}
		return append(rec, t.Overdoses.String(), t.Naloxone.String())
	}
	for _, mr := range r.Months {
		if err := cw.Write(line(mr.Month, "total", "", mr.Total)); err != nil {
			return fmt.Errorf("writing csv: %w", err)
		}
		for _, p := range mr.Places {
			kind, place := "hotspot", p.Label
			if p.Label == "" {
				kind, place = "region", p.Region
			}
			if err := cw.Write(line(mr.Month, kind, safeCell(place), p.Tally)); err != nil {
				return fmt.Errorf("writing csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	return nil
}

// safeCell keeps a spreadsheet from reading a label as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// PeerTotals are one peer's own numbers. They are shown to the peer only,
// unsuppressed: they single out no one but the person asking.
type PeerTotals struct {
	ThisMonth Tally
	AllTime   Tally
}
