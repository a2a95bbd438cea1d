package referral_test

import (
	"testing"
	"time"

	"github.com/peerbot/peerbot/referral"
)

func mustHours(t *testing.T, byday, opens, closes string) referral.Hours {
	t.Helper()
	h, err := referral.ParseHours("WEEKLY", byday, opens, closes)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		freq, byday, opens, closes string
		wantErr                    bool
	}{
		{"WEEKLY", "MO,TU", "09:00", "17:00", false},
		{"", "mo, fr", "09:00:00", "17:30:00", false},
		{"WEEKLY", "SA", "22:00", "02:00", false},
		{"WEEKLY", "SU", "00:00", "24:00", false},
		{"MONTHLY", "MO", "09:00", "17:00", true},
		{"WEEKLY", "", "09:00", "17:00", true},
		{"WEEKLY", "1MO", "09:00", "17:00", true},
		{"WEEKLY", "MO", "9:00", "17:00", true},
		{"WEEKLY", "MO", "09:60", "17:00", true},
		{"WEEKLY", "MO", "24:00", "17:00", true},
		{"WEEKLY", "MO", "09:00", "24:01", true},
	}
	for _, tt := range tests {
		_, err := referral.ParseHours(tt.freq, tt.byday, tt.opens, tt.closes)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseHours(%q, %q, %q, %q) err = %v, want error %v", tt.freq, tt.byday, tt.opens, tt.closes, err, tt.wantErr)
		}
	}
}

func TestWeekStatus(t *testing.T) {
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	weekdays := referral.Week{mustHours(t, "MO,TU,WE,TH,FR", "09:00", "17:00")}
	night := referral.Week{mustHours(t, "FR,SA", "22:00", "04:00")}
	allDay := referral.Week{mustHours(t, "MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, lisbon)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		week     referral.Week
		now      string
		wantOpen bool
		wantNext string // "" when open or never
	}{
		{"weekday open", weekdays, "2026-12-02 10:00", true, ""},
		{"weekday at closing", weekdays, "2026-12-02 17:00", false, "2026-12-03 09:00"},
		{"friday evening to monday", weekdays, "2026-12-04 18:00", false, "2026-12-07 09:00"},
		{"past midnight still open", night, "2026-12-05 02:30", true, ""},
		{"sunday morning after the night", night, "2026-12-06 05:00", false, "2026-12-11 22:00"},
		{"always open", allDay, "2026-12-06 03:00", true, ""},
		// Clocks go forward at 01:00 on 29 March 2026 in Lisbon: the day has
		// 23 hours, and opening times stay on the wall clock.
		{"spring forward", weekdays, "2026-03-28 12:00", false, "2026-03-30 09:00"},
		// Clocks go back at 02:00 on 25 October 2026.
		{"fall back", weekdays, "2026-10-25 01:30", false, "2026-10-26 09:00"},
		{"night across fall back", night, "2026-10-25 01:30", true, ""},
	}
	for _, tt := range tests {
		open, next, ok := tt.week.Status(at(tt.now), lisbon)
		if open != tt.wantOpen {
			t.Errorf("%s: open = %v, want %v", tt.name, open, tt.wantOpen)
		}
		if tt.wantNext != "" {
			if !ok || !next.Equal(at(tt.wantNext)) {
				t.Errorf("%s: next = %v (%v), want %s", tt.name, next.In(lisbon), ok, tt.wantNext)
			}
			if next.In(lisbon).Hour() != at(tt.wantNext).Hour() {
				t.Errorf("%s: next opening at %d:00 local, want wall clock %s", tt.name, next.In(lisbon).Hour(), tt.wantNext)
			}
		}
	}
	if _, _, ok := (referral.Week{}).Status(at("2026-12-02 10:00"), lisbon); ok {
		t.Error("a week without hours has a next opening")
	}
}

func FuzzParseHours(f *testing.F) {
	f.Add("WEEKLY", "MO,TU", "09:00", "17:00")
	f.Add("", "SA", "22:00:00", "02:00:00")
	f.Add("MONTHLY", "1MO", "25:00", "x")
	f.Fuzz(func(t *testing.T, freq, byday, opens, closes string) {
		h, err := referral.ParseHours(freq, byday, opens, closes)
		if err != nil {
			return
		}
		if h.Days == 0 || h.Opens < 0 || h.Opens >= 24*60 || h.Closes < 0 || h.Closes > 24*60 {
			t.Fatalf("accepted odd hours %+v", h)
		}
		// What was read writes back and reads again the same.
		again, err := referral.ParseHours("WEEKLY", h.ByDay(), h.Opens.String(), h.Closes.String())
		if err != nil || again != h {
			t.Fatalf("round trip of %+v: %+v, %v", h, again, err)
		}
		lisbon, _ := time.LoadLocation("Europe/Lisbon")
		open, next, ok := referral.Week{h}.Status(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), lisbon)
		if !open && !ok {
			t.Fatalf("hours %+v never open", h)
		}
		_ = next
	})
}

func TestDistanceAndBox(t *testing.T) {
	// Lisbon to Porto is about 274 km.
	if d := referral.DistanceKm(38.7223, -9.1393, 41.1579, -8.6291); d < 270 || d > 280 {
		t.Errorf("Lisbon-Porto = %.1f km", d)
	}
	minLat, maxLat, minLon, maxLon := referral.Box(38.72, -9.14, 15)
	for _, p := range [][2]float64{{38.72 + 0.13, -9.14}, {38.72, -9.14 + 0.17}, {38.72 - 0.13, -9.14 - 0.17}} {
		if referral.DistanceKm(38.72, -9.14, p[0], p[1]) <= 15 && (p[0] < minLat || p[0] > maxLat || p[1] < minLon || p[1] > maxLon) {
			t.Errorf("point %v within 15 km is outside the box", p)
		}
	}
	if _, _, minLon, maxLon := referral.Box(89.9, 0, 50); minLon != -180 || maxLon != 180 {
		t.Error("a box near the pole does not take every longitude")
	}
}
