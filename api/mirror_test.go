package api

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
)

// mirrorAlert is a valid alert for the mirror tests.
func mirrorAlert(identifier string, severity alerts.Severity, regions ...string) *alerts.Alert {
	return &alerts.Alert{
		Identifier: identifier, Sender: "lab@example.org", MsgType: alerts.MsgAlert,
		SoldAs: "heroin", Form: alerts.FormPowder, Appearance: alerts.Appearance{Colour: "light brown"},
		Contents: []alerts.Content{
			{Substance: "isotonitazene", Trace: true, Note: "cannot tell from protonitazene"},
			{Substance: "xylazine", Amount: 12.5, Unit: "%"},
		},
		LinkedToOverdoses: true, Severity: severity,
		Advice:     map[string]string{"pl": "Nie używaj w pojedynkę.\nMiej przy sobie nalokson.", "en": "Do not use alone.\nCarry naloxone."},
		Regions:    regions,
		SampleLink: "https://lab.example.org/samples/0412", PhotoURL: "https://lab.example.org/samples/0412.jpg",
	}
}

// mirrorEnv holds active alerts of two partners, and some that must not
// show: withdrawn, expired, waiting for review.
func mirrorEnv(t *testing.T) (*alertEnv, *alerts.Stored) {
	t.Helper()
	e := newAlertEnv(t)
	ctx := context.Background()
	lab, _ := e.addPartner("Warsaw Lab", false, "PL-14")
	network, _ := e.addPartner("Polish Drug Checking <Network> & Co", false, "PL")
	festival, _ := e.addPartner("Festival", true, "PL")
	submit := func(p *alerts.Partner, a *alerts.Alert) *alerts.Stored {
		t.Helper()
		st, _, err := e.svc.Submit(ctx, p, a, alerts.FormatCAP)
		if err != nil {
			t.Fatalf("Submit %s: %v", a.Identifier, err)
		}
		return st
	}
	start := e.now
	submit(lab, mirrorAlert("WAW-1", alerts.Caution, "PL-14"))
	e.now = start.Add(time.Hour)
	up := mirrorAlert("WAW-1-2", alerts.Warning, "PL-14")
	up.MsgType, up.References = alerts.MsgUpdate, []alerts.Reference{{Identifier: "WAW-1"}}
	up.Expires = start.Add(14 * 24 * time.Hour)
	update := submit(lab, up)

	e.now = start.Add(2 * time.Hour)
	pills := mirrorAlert("N-1", alerts.Caution, "PL", "PL-12")
	pills.SoldAs, pills.Form = `MDMA "<b>Tesla</b>" & <script>alert(1)</script>`, alerts.FormPill
	pills.Appearance = alerts.Appearance{Colour: "pink", Logo: "Tesla", Shape: "shield", Weight: "450 mg"}
	pills.Contents = []alerts.Content{{Substance: "pmma", Amount: 80, Unit: "mg"}, {Substance: "mdma", Amount: 140, Unit: "mg", Note: "high dose"}}
	pills.LinkedToOverdoses = false
	pills.Advice = map[string]string{"pl": "Zacznij od ćwiartki. <Nie> łącz z alkoholem & innymi."}
	pills.Sender, pills.PhotoURL = "", ""
	submit(network, pills)

	withdrawn := mirrorAlert("W-1", alerts.Warning, "PL-14")
	withdrawn.SoldAs = "withdrawn batch"
	submit(lab, withdrawn)
	cancel := mirrorAlert("W-1-c", alerts.Warning, "PL-14")
	cancel.MsgType, cancel.References, cancel.Contents = alerts.MsgCancel, []alerts.Reference{{Identifier: "W-1"}}, nil
	submit(lab, cancel)
	gone := mirrorAlert("E-1", alerts.Information, "PL-14")
	gone.Expires, gone.SoldAs = e.now.Add(time.Minute), "expired batch"
	submit(lab, gone)
	unreviewed := mirrorAlert("F-1", alerts.Warning, "PL-24")
	unreviewed.SoldAs = "unreviewed batch"
	submit(festival, unreviewed)

	e.now = start.Add(3 * time.Hour)
	return e, update
}

func TestMirrorPage(t *testing.T) {
	e, _ := mirrorEnv(t)
	for _, tt := range []struct{ name, query, golden, lang string }{
		{"English by default", "", "mirror.en.html", "en"},
		{"Polish", "?lang=pl", "mirror.pl.html", "pl"},
		{"Ukrainian from a longer tag", "?lang=uk-UA", "", "uk"},
		{"unknown language", "?lang=xx", "", "en"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do("GET", "/alerts"+tt.query, "", "", nil)
			body := rec.Body.String()
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
			}
			if !strings.HasPrefix(rec.Header().Get("Cache-Control"), "public, max-age=") {
				t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
			if !strings.Contains(body, `<html lang="`+tt.lang+`">`) {
				t.Errorf("page is not in %s", tt.lang)
			}
			for _, bad := range []string{"<script>", "<b>Tesla", "<Network>", "<Nie>", "withdrawn batch", "expired batch", "unreviewed batch", "src="} {
				if strings.Contains(body, bad) {
					t.Errorf("page shows %q", bad)
				}
			}
			if tt.golden != "" {
				golden(t, tt.golden, rec.Body.Bytes())
			}
		})
	}
	t.Run("nothing active", func(t *testing.T) {
		rec := newAlertEnv(t).do("GET", "/alerts", "", "", nil)
		if !strings.Contains(rec.Body.String(), "No active alerts right now.") || strings.Contains(rec.Body.String(), "<article") {
			t.Errorf("page without alerts: %s", rec.Body)
		}
	})
}

func TestMirrorAtom(t *testing.T) {
	e, _ := mirrorEnv(t)
	rec := e.do("GET", "/alerts.atom", "", "", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	golden(t, "alerts.atom", rec.Body.Bytes())
}

func TestMirrorCAP(t *testing.T) {
	e, update := mirrorEnv(t)
	path := "/alerts/" + strconv.FormatInt(int64(update.ID), 10) + ".cap"
	rec := e.do("GET", path, "", "", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/cap+xml; charset=utf-8" {
		t.Fatalf("status %d, %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	golden(t, "update.cap.xml", rec.Body.Bytes())
	back, err := alerts.ParseCAP(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Identifier != "WAW-1-2" || back.MsgType != alerts.MsgUpdate || len(back.References) != 1 ||
		back.References[0].Identifier != "WAW-1" || back.References[0].Sender != "lab@example.org" || back.Severity != alerts.Warning {
		t.Errorf("read back %+v", back)
	}

	for _, tt := range []struct{ name, path string }{
		{"unknown id", "/alerts/9999.cap"},
		{"not a number", "/alerts/abc.cap"},
		{"no extension", "/alerts/1"},
		{"waiting for review", "/alerts/" + strconv.FormatInt(int64(update.ID+5), 10) + ".cap"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do("GET", tt.path, "", "", nil)
			if rec.Code != 404 {
				t.Fatalf("status %d", rec.Code)
			}
			problemOf(t, rec)
		})
	}
}
