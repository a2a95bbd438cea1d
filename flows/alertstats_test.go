package flows

import (
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/moderation"
)

// TestMyStatsText checks what a partner's list shows for each kind of
// version: what it is about (escaped), and delivery figures for published
// versions only.
func TestMyStatsText(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	subs, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	f := &Flows{Deps{Catalog: catalog, Regions: regions, Renderer: &alerts.Renderer{Catalog: catalog, Substances: subs, Regions: regions}}}
	row := func(id alerts.AlertID, status alerts.Status, a alerts.Alert, d alerts.DeliveryStats) moderation.Row {
		a.ID, a.Regions = id, []string{"PL-14"}
		return moderation.Row{Stored: &alerts.Stored{Alert: a, Status: status}, Delivery: d}
	}
	pill := alerts.Alert{MsgType: alerts.MsgAlert, SoldAs: "Tesla <blue>", Contents: []alerts.Content{{Substance: "pmma"}, {Substance: "mdma"}}}
	tests := []struct {
		name      string
		row       moderation.Row
		want, not []string
	}{
		{"published and delivered", row(7, alerts.StatusPublished, pill, alerts.DeliveryStats{
			Recipients: 9, Sent: 5, Pending: 1, Blocked: 2, Failed: 1, FirstDelivery: 1200 * time.Millisecond, P50: 2 * time.Second, P95: 3500 * time.Millisecond,
		}), []string{"<b>#7</b> Tesla &lt;blue&gt; / PMMA,", "Recipients 9, sent 5, pending 1, blocked 2, failed 1.", "after 1.2 s; p50 2.0 s, p95 3.5 s"}, []string{"MDMA"}},
		{"published, nothing delivered yet", row(8, alerts.StatusPublished, pill, alerts.DeliveryStats{Recipients: 3, Pending: 3}),
			[]string{"Recipients 3, sent 0, pending 3", "Not delivered to anyone yet."}, []string{"p50"}},
		{"in review", row(9, alerts.StatusReview, pill, alerts.DeliveryStats{}), []string{"waiting for review"}, []string{"Recipients"}},
		{"a withdrawal", row(10, alerts.StatusPublished, alerts.Alert{MsgType: alerts.MsgCancel}, alerts.DeliveryStats{Recipients: 1, Sent: 1}),
			[]string{"<b>#10</b> withdrawal of an earlier alert,"}, nil},
	}
	lab := &alerts.Partner{Name: "Lab & Co"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.myStatsText(lab, []moderation.Row{tt.row}, "en")
			for _, w := range append([]string{"Latest alerts from Lab &amp; Co"}, tt.want...) {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("%q shows %q", got, w)
				}
			}
		})
	}
	if got := f.myStatsText(lab, nil, "en"); !strings.Contains(got, "Lab &amp; Co has not sent any alerts yet.") {
		t.Errorf("no alerts: %q", got)
	}
}
