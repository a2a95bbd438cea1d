package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/locales"
)

// TestPartnerSeesDeliveryStatsInTheBot: a lab's staff member, linked with
// /partner, asks /mystats in Polish and sees the lab's published alert with
// what it was about and how far its delivery got; another lab's alert is
// not listed; Refresh shows an alert published since; a person who is no
// partner's member hears that /mystats is an unknown command.
func TestPartnerSeesDeliveryStatsInTheBot(t *testing.T) {
	h := newHarness(t, nil)
	lab := h.partner("Warsaw Lab", "PL-14")
	other := h.partner("Kraków Lab", "PL-12")
	h.seed(5000, 3, "pl", "PL-14")

	first := lab.post("application/json", fmt.Sprintf(jsonWarning, "waw-1", "PL-14"), http.StatusCreated)
	foreign := other.post("application/json", fmt.Sprintf(jsonWarning, "krk-1", "PL-12"), http.StatusCreated)
	waitDelivered(t, lab, first.resource.ID, 3, 3)

	outsider := h.newPerson(801, "en")
	outsider.onboard("en", "PL", "PL-14")
	outsider.send("/mystats", outsider.text(locales.UnknownCommand, nil))

	staff := h.newPerson(800, "pl")
	staff.onboard("pl", "PL", "PL-14")
	staff.send("/partner "+h.partnerLinkCode("Warsaw Lab"), staff.text(locales.PartnerLinked, map[string]any{"Partner": "Warsaw Lab"}))

	tr := staff.text
	counts := tr(locales.MyStatsCounts, map[string]any{"Recipients": 3, "Sent": 3, "Pending": 0, "Blocked": 0, "Failed": 0})
	stats := staff.send("/mystats", counts)
	id := func(a answer) string { return "#" + strconv.FormatInt(int64(a.resource.ID), 10) }
	for _, want := range []string{
		// The fake shows the text as Telegram does, without the markup.
		strings.NewReplacer("<b>", "", "</b>", "").Replace(tr(locales.MyStatsTitle, map[string]any{"Partner": "Warsaw Lab"})),
		id(first) + " MDMA / PMMA", tr(locales.AlertStatusSent, nil),
		strings.SplitN(tr(locales.AlertStatsTimes, map[string]any{"First": "", "P50": "", "P95": ""}), " ", 2)[0],
	} {
		if !strings.Contains(stats.Text, want) {
			t.Errorf("/mystats %q does not show %q", stats.Text, want)
		}
	}
	if strings.Contains(stats.Text, id(foreign)) {
		t.Errorf("/mystats %q shows another lab's alert %s", stats.Text, id(foreign))
	}

	// Refresh edits the list to show what was published since.
	second := lab.post("application/json", fmt.Sprintf(jsonWarning, "waw-2", "PL-14"), http.StatusCreated)
	refreshed := staff.press(tr(locales.MyStatsRefresh, nil), id(second))
	if refreshed.ID != stats.ID || !strings.Contains(refreshed.Text, id(first)) {
		t.Errorf("after Refresh message %d (want %d): %q", refreshed.ID, stats.ID, refreshed.Text)
	}
}
