package flows

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/stats"
)

// TestOutreachMonthText checks the staff's monthly numbers in every
// language: valid HTML within Telegram's limit however many places, small
// counts hidden, and a chart that draws.
func TestOutreachMonthText(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	var rows []outreach.Row
	month := outreach.Month{Year: 2026, Month: 3}
	for i := range 60 {
		tl := outreach.NewTally()
		tl.Shifts, tl.Contacts = stats.Count(60-i), stats.Count(3+i)
		tl.Materials[outreach.Syringes], tl.Referrals[outreach.NeedOST] = stats.Count(100+i), 2
		place := outreach.Place{Hotspot: outreach.HotspotID(i + 1), Label: fmt.Sprintf("Praça <%d> & Co", i)}
		if i == 59 {
			place = outreach.Place{Region: "PT-11"}
		}
		rows = append(rows, outreach.Row{Month: month, Place: place, Tally: tl})
	}
	mr := outreach.BuildReport(1, month, month, rows).Months[0]
	for _, lang := range locales.Languages {
		tu := &turn{Flows: &Flows{Deps{Catalog: catalog, Regions: regions}}, lang: lang}
		text := tu.outreachText(mr, map[string]any{"Org": bot.EscapeHTML("Rua <Segura>"), "Month": month.String()})
		plain, _, err := tgfake.ParseHTML(text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", lang, err, text)
		}
		if n := bot.UTF16Len(plain); n > 4096 {
			t.Errorf("%s: %d characters, over Telegram's 4096", lang, n)
		}
		fewer := catalog.T(lang, locales.FewerThanFive, nil)
		if !strings.Contains(plain, "Praça <0> & Co") || !strings.Contains(plain, fewer) ||
			!strings.Contains(plain, catalog.T(lang, locales.OutreachOtherPlaces, nil)) {
			t.Errorf("%s: text lacks a place, %q or the other places:\n%s", lang, fewer, plain)
		}
		if strings.Contains(plain, "Praça <30>") {
			t.Errorf("%s: place 30 listed; only %d are", lang, textPlaces)
		}
		png, err := tu.outreachChart(mr, "Rua Segura")
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("%s: chart %d bytes, %v", lang, len(png), err)
		}
	}
}

// TestShiftStepsFitTelegram renders every step of a full draft in every
// language: valid HTML, callback data within 64 bytes.
func TestShiftStepsFitTelegram(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	d := &shiftDraft{ID: newDraftID(), Org: 1, Date: "2026-03-10", Label: "Cais do Sodré", Hotspot: 3, Contacts: 12,
		Materials: map[outreach.Material]int{outreach.NaloxoneKits: 3, outreach.Syringes: 9999},
		Referrals: map[outreach.Need]int{outreach.NeedMentalHealth: 1, outreach.NeedDrugChecking: 2},
		Note:      strings.Repeat("é <b>", outreach.MaxNoteLen/5)}
	for _, lang := range locales.Languages {
		tu := &turn{Flows: &Flows{Deps{Catalog: catalog, Regions: regions, Now: time.Now}}, lang: lang}
		s := &shift{turn: tu, d: d}
		for _, step := range []string{shiftDate, shiftDay, shiftContacts, shiftMaterials, shiftReferrals, shiftOverdoses, shiftNote, shiftSummary} {
			d.Step = step
			text, kb, err := s.render(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := tgfake.ParseHTML(text); err != nil {
				t.Errorf("%s %s: %v", lang, step, err)
			}
			if utf8.RuneCountInString(text) > 4096 {
				t.Errorf("%s %s: too long", lang, step)
			}
			for _, row := range kb {
				for _, b := range row {
					if len(b.Data) > 64 || b.Data == "" {
						t.Errorf("%s %s: button %q data %q", lang, step, b.Text, b.Data)
					}
				}
			}
		}
	}
}

// TestShiftTodayIsThePeersDay checks that "today" turns at the peer's
// midnight: 23:30 UTC is already tomorrow in Warsaw, still today in Lisbon.
func TestShiftTodayIsThePeersDay(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	late := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		regions []string
		want    string
	}{
		{[]string{"PL-14"}, "20260311"},
		{[]string{"PT-11"}, "20260310"},
		{nil, "20260310"},
	}
	for _, tt := range tests {
		tu := &turn{Flows: &Flows{Deps{Catalog: catalog, Regions: regions, Now: func() time.Time { return late }}},
			lang: "en", p: &people.Person{Regions: tt.regions}}
		s := &shift{turn: tu, d: &shiftDraft{ID: newDraftID(), Org: 1, Step: shiftDate}}
		_, kb, err := s.render(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if today := kb[0][0]; !strings.Contains(today.Data, tt.want) {
			t.Errorf("%v: today's button %q has data %q, want the day %s", tt.regions, today.Text, today.Data, tt.want)
		}
	}
}
