package main

import (
	"testing"

	"github.com/peerbot/peerbot/locales"
)

// TestMuteCampaignsInSettings checks, in three languages, that campaigns can
// be muted and unmuted from /settings without touching alerts.
func TestMuteCampaignsInSettings(t *testing.T) {
	h := newHarness(t, nil)
	for i, lang := range []string{"pl", "uk", "pt"} {
		chat := int64(7001 + i)
		p := h.newPerson(chat, lang)
		country := map[string]string{"pl": "PL", "uk": "UA", "pt": "PT"}[lang]
		region := map[string]string{"pl": "PL-14", "uk": "UA-30", "pt": "PT-11"}[lang]
		p.onboard(lang, country, region)

		p.send("/settings", p.text(locales.ButtonCampaignsOn, nil))
		p.press(p.text(locales.ButtonCampaignsOn, nil), p.text(locales.ButtonCampaignsOff, nil))
		got := h.person(chat)
		if !got.CampaignsMuted || got.BroadcastsStopped {
			t.Fatalf("%s: after muting: campaigns muted %v, broadcasts stopped %v", lang, got.CampaignsMuted, got.BroadcastsStopped)
		}
		p.press(p.text(locales.ButtonCampaignsOff, nil), p.text(locales.ButtonCampaignsOn, nil))
		if h.person(chat).CampaignsMuted {
			t.Fatalf("%s: unmuting did not unmute", lang)
		}
	}
}
