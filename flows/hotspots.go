package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
)

// hotspotAction is the callback action of staff managing their
// organisation's hotspots: the organisation, then "add" or "cancel" (none
// lists them).
const hotspotAction = "hs"

// hotspotWait is kept in conversation state while the bot waits for staff
// to type a new hotspot's label.
type hotspotWait struct {
	Org orgs.OrgID `json:"o"`
}

func (t *turn) hotspotKey() string { return "hotspotadd:" + t.Keys(t.in.Chat) }

// staffMembership returns the person's staff membership of the
// organisation named in a button, checked on every press.
func (t *turn) staffMembership(ctx context.Context, orgArg string) (orgs.Membership, bool, error) {
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return orgs.Membership{}, false, err
	}
	for _, m := range ms {
		if strconv.FormatInt(int64(m.Org), 10) == orgArg {
			return m, true, nil
		}
	}
	return orgs.Membership{}, false, nil
}

// hotspotButton handles the hotspot buttons of /outreach.
func (t *turn) hotspotButton(ctx context.Context, c bot.Callback) error {
	m, ok, err := t.staffMembership(ctx, arg(c, 0))
	if err != nil {
		return err
	}
	if !ok {
		return t.stale(ctx)
	}
	switch arg(c, 1) {
	case "":
		// Pressed under the month's chart: a photo, whose text cannot
		// become a list, so the list comes as a new message.
		return t.hotspotList(ctx, m, "", false)
	case "add":
		raw, err := json.Marshal(hotspotWait{Org: m.Org})
		if err != nil {
			return fmt.Errorf("encoding hotspot wait: %w", err)
		}
		if err := t.States.SetState(ctx, t.hotspotKey(), raw, t.StateTTL); err != nil {
			return fmt.Errorf("saving hotspot wait: %w", err)
		}
		kb := bot.Keyboard{bot.Row(t.button(t.tr(locales.ButtonShiftCancel, nil), hotspotAction, arg(c, 0), "cancel"))}
		return t.reply(ctx, t.tr(locales.HotspotAsk, map[string]any{"Max": outreach.MaxLabelLen}), kb, true)
	case "cancel":
		if _, err := t.States.DeleteState(ctx, t.hotspotKey()); err != nil {
			return fmt.Errorf("deleting hotspot wait: %w", err)
		}
		return t.hotspotList(ctx, m, "", true)
	}
	return t.stale(ctx)
}

// hotspotList shows the organisation's hotspots, after an optional note.
func (t *turn) hotspotList(ctx context.Context, m orgs.Membership, note string, edit bool) error {
	hs, err := t.Outreach.Hotspots(ctx, m.Org)
	if err != nil {
		return fmt.Errorf("loading hotspots: %w", err)
	}
	list := t.tr(locales.ShiftNone, nil)
	if len(hs) > 0 {
		var lines []string
		for _, h := range hs {
			line := "📍 " + bot.EscapeHTML(h.Label)
			if h.Region != "" {
				line += " (" + bot.EscapeHTML(t.Regions.Name(h.Region, t.lang)) + ")"
			}
			lines = append(lines, line)
		}
		list = strings.Join(lines, "\n")
	}
	text := t.tr(locales.HotspotsList, map[string]any{"Org": bot.EscapeHTML(m.OrgName), "List": list})
	if note != "" {
		text = note + "\n\n" + text
	}
	org := strconv.FormatInt(int64(m.Org), 10)
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonAddHotspot, nil), hotspotAction, org, "add")),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	return t.reply(ctx, text, kb, edit)
}

// hotspotInput takes a new hotspot's label typed by staff, if the bot is
// waiting for one. A label that cannot be used is explained and the bot
// keeps waiting.
func (t *turn) hotspotInput(ctx context.Context) (bool, error) {
	raw, err := t.States.GetState(ctx, t.hotspotKey())
	if err != nil {
		return false, fmt.Errorf("loading hotspot wait: %w", err)
	}
	var w hotspotWait
	if raw == nil || json.Unmarshal(raw, &w) != nil || w.Org == 0 {
		return false, nil
	}
	m, ok, err := t.staffMembership(ctx, strconv.FormatInt(int64(w.Org), 10))
	if err != nil {
		return false, err
	}
	if !ok {
		_, err := t.States.DeleteState(ctx, t.hotspotKey())
		return false, err
	}
	cancel := bot.Keyboard{bot.Row(t.button(t.tr(locales.ButtonShiftCancel, nil), hotspotAction, strconv.FormatInt(int64(w.Org), 10), "cancel"))}
	h := outreach.Hotspot{Org: w.Org, Label: strings.TrimSpace(t.in.Text)}
	if err := h.Validate(); err != nil {
		return true, t.reply(ctx, t.tr(locales.HotspotInvalid, map[string]any{"Max": outreach.MaxLabelLen}), cancel, false)
	}
	if _, err := t.Outreach.AddHotspot(ctx, h); err != nil {
		if errors.Is(err, outreach.ErrHotspotTaken) {
			return true, t.reply(ctx, t.tr(locales.HotspotTaken, nil), cancel, false)
		}
		return true, fmt.Errorf("adding hotspot: %w", err)
	}
	if _, err := t.States.DeleteState(ctx, t.hotspotKey()); err != nil {
		return true, fmt.Errorf("deleting hotspot wait: %w", err)
	}
	t.Log.Info("hotspot added", "chat", t.Keys(t.in.Chat), "org", int64(w.Org))
	return true, t.hotspotList(ctx, m, t.tr(locales.HotspotAdded, map[string]any{"Label": bot.EscapeHTML(h.Label)}), false)
}
