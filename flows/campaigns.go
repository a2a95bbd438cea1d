package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// Campaigns is the campaign store /campaigns needs.
type Campaigns interface {
	ListByOrg(ctx context.Context, org orgs.OrgID, limit int) ([]*campaigns.Campaign, error)
	Get(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error)
	Schedule(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID, at time.Time) (*campaigns.Campaign, error)
	Cancel(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error)
	Stats(ctx context.Context, id campaigns.CampaignID) (campaigns.Stats, error)
	// Create stores a campaign written in the bot as a draft.
	Create(ctx context.Context, c *campaigns.Campaign) (*campaigns.Campaign, error)
}

// campaignRows is how many campaigns /campaigns lists.
const campaignRows = 8

// campaignSnippet is how much of a campaign's text its page and button show.
const campaignSnippet = 160

// campaignStatusNames name the campaign statuses.
var campaignStatusNames = map[campaigns.Status]*i18n.Message{
	campaigns.Draft:     locales.CampaignStatusDraft,
	campaigns.Scheduled: locales.CampaignStatusScheduled,
	campaigns.Sending:   locales.CampaignStatusSending,
	campaigns.Sent:      locales.CampaignStatusSent,
	campaigns.Cancelled: locales.CampaignStatusCancelled,
}

// staffOrgs returns the organisations where the person is staff or admin.
func (t *turn) staffOrgs(ctx context.Context) ([]orgs.Membership, error) {
	ms, err := t.Orgs.MembershipsOf(ctx, t.p.ID)
	if err != nil {
		return nil, fmt.Errorf("loading memberships: %w", err)
	}
	var out []orgs.Membership
	for _, m := range ms {
		if m.Role.Includes(orgs.RoleStaff) {
			out = append(out, m)
		}
	}
	return out, nil
}

// campaignsCommand answers /campaigns: the campaigns of the person's
// organisation, a picker when they are staff of several, and the unknown
// command answer for everyone else, so the menu stays invisible to them.
func (t *turn) campaignsCommand(ctx context.Context) error {
	if t.Campaigns == nil {
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return err
	}
	switch len(ms) {
	case 0:
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	case 1:
		return t.campaignList(ctx, ms[0], false)
	}
	var kb bot.Keyboard
	for _, m := range ms {
		kb = append(kb, bot.Row(t.button(clipRunes(m.OrgName, 60), "cmps", strconv.FormatInt(int64(m.Org), 10))))
	}
	return t.reply(ctx, t.tr(locales.CampaignsPickOrg, nil), kb, false)
}

// staffOf checks, on every press, that the person is still staff of the
// organisation named in the button: a role may have changed since.
func (t *turn) staffOf(ctx context.Context, orgArg string) (orgs.Membership, bool, error) {
	if t.Campaigns == nil {
		return orgs.Membership{}, false, nil
	}
	id, err := strconv.ParseInt(orgArg, 10, 64)
	if err != nil {
		return orgs.Membership{}, false, nil
	}
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return orgs.Membership{}, false, err
	}
	for _, m := range ms {
		if m.Org == orgs.OrgID(id) {
			return m, true, nil
		}
	}
	return orgs.Membership{}, false, nil
}

// campaignCallback handles the buttons of /campaigns; args are the
// organisation and, except for the list, the campaign.
func (t *turn) campaignCallback(ctx context.Context, c bot.Callback) error {
	m, ok, err := t.staffOf(ctx, arg(c, 0))
	if err != nil {
		return err
	}
	if !ok {
		return t.stale(ctx)
	}
	switch c.Action {
	case "cmps":
		return t.campaignList(ctx, m, true)
	case "ccnew":
		return t.newCampaign(ctx, m)
	}
	id, err := strconv.ParseInt(arg(c, 1), 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	camp, err := t.Campaigns.Get(ctx, m.Org, campaigns.CampaignID(id))
	if errors.Is(err, campaigns.ErrNotFound) {
		return t.stale(ctx)
	}
	if err != nil {
		return fmt.Errorf("loading campaign %d: %w", id, err)
	}
	switch c.Action {
	case "cmp":
		return t.campaignPage(ctx, m, camp, true)
	case "cmppv":
		return t.campaignPreview(ctx, m, camp)
	case "cmpsend":
		return t.campaignConfirm(ctx, m, camp, locales.CampaignConfirmSend, locales.ButtonConfirmSend, "cmpsendok")
	case "cmpstop":
		return t.campaignConfirm(ctx, m, camp, locales.CampaignConfirmCancel, locales.ButtonConfirmCancel, "cmpstopok")
	case "cmpsendok":
		done, err := t.Campaigns.Schedule(ctx, m.Org, camp.ID, time.Time{})
		return t.campaignChanged(ctx, m, camp, done, err, locales.CampaignScheduled, "scheduled")
	case "cmpstopok":
		done, err := t.Campaigns.Cancel(ctx, m.Org, camp.ID)
		return t.campaignChanged(ctx, m, camp, done, err, locales.CampaignStopped, "cancelled")
	}
	return t.stale(ctx)
}

// campaignChanged shows the page after sending or stopping a campaign.
func (t *turn) campaignChanged(ctx context.Context, m orgs.Membership, before, after *campaigns.Campaign, err error, popup *i18n.Message, what string) error {
	switch {
	case errors.Is(err, campaigns.ErrNotEditable):
		t.answer = t.tr(locales.CampaignNotEditable, nil)
		if after, err = t.Campaigns.Get(ctx, m.Org, before.ID); err != nil {
			return fmt.Errorf("reloading campaign %d: %w", before.ID, err)
		}
	case err != nil:
		return fmt.Errorf("changing campaign %d: %w", before.ID, err)
	default:
		t.answer = t.tr(popup, nil)
		// The actor is named by the person's internal id, never by anything
		// Telegram knows about them.
		t.Log.Info("campaign "+what+" in the bot", "campaign", int64(after.ID), "org", int64(m.Org), "by", fmt.Sprintf("member:%d", t.p.ID))
	}
	return t.campaignPage(ctx, m, after, true)
}

func orgArg(m orgs.Membership) string { return strconv.FormatInt(int64(m.Org), 10) }

func campaignArg(c *campaigns.Campaign) string { return strconv.FormatInt(int64(c.ID), 10) }

// campaignList shows the organisation's latest campaigns, each a button.
func (t *turn) campaignList(ctx context.Context, m orgs.Membership, edit bool) error {
	list, err := t.Campaigns.ListByOrg(ctx, m.Org, campaignRows)
	if err != nil {
		return fmt.Errorf("listing campaigns: %w", err)
	}
	lines := []string{t.tr(locales.CampaignsTitle, map[string]any{"Org": bot.EscapeHTML(m.OrgName)})}
	if len(list) == 0 {
		lines = append(lines, t.tr(locales.CampaignsNone, nil))
	}
	var kb bot.Keyboard
	for _, c := range list {
		st, err := t.Campaigns.Stats(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("loading stats of campaign %d: %w", c.ID, err)
		}
		status := t.tr(campaignStatusNames[c.Status], nil)
		lines = append(lines, t.tr(locales.CampaignsItem, map[string]any{
			"ID": int64(c.ID), "Status": status, "Recipients": st.Recipients, "Sent": st.Sent, "Pending": st.Pending,
		}))
		text, _ := c.Text(c.DefaultLang)
		label := fmt.Sprintf("#%d · %s · %s", c.ID, status, clipRunes(oneLine(text), 30))
		kb = append(kb, bot.Row(t.button(label, "cmp", orgArg(m), campaignArg(c))))
	}
	kb = append(kb,
		bot.Row(t.button(t.tr(locales.ButtonNewCampaign, nil), "ccnew", orgArg(m))),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	return t.reply(ctx, strings.Join(lines, "\n"), kb, edit)
}

// campaignPage shows one campaign: status, start of the text, segment,
// delivery counts, and what can be done with it.
func (t *turn) campaignPage(ctx context.Context, m orgs.Membership, c *campaigns.Campaign, edit bool) error {
	st, err := t.Campaigns.Stats(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("loading stats of campaign %d: %w", c.ID, err)
	}
	text, in := c.Text(c.DefaultLang)
	lines := []string{
		t.tr(locales.CampaignTitle, map[string]any{"ID": int64(c.ID), "Org": bot.EscapeHTML(m.OrgName), "Status": t.tr(campaignStatusNames[c.Status], nil)}),
		t.tr(locales.CampaignText, map[string]any{"Lang": t.langName(in), "Text": bot.EscapeHTML(clipRunes(text, campaignSnippet))}),
		t.tr(locales.CampaignSegment, map[string]any{"Segment": t.segmentSummary(c.Segment)}),
	}
	if c.Status == campaigns.Scheduled && c.SendAt != nil {
		lines = append(lines, t.tr(locales.CampaignSendAt, map[string]any{"Time": c.SendAt.UTC().Format("2006-01-02 15:04")}))
	}
	lines = append(lines, t.tr(locales.CampaignStats, map[string]any{
		"Recipients": st.Recipients, "Sent": st.Sent, "Pending": st.Pending, "Failed": st.Failed + st.Blocked, "Skipped": st.Skipped,
	}))
	o, id := orgArg(m), campaignArg(c)
	var kb bot.Keyboard
	switch c.Status {
	case campaigns.Draft:
		kb = append(kb,
			bot.Row(t.button(t.tr(locales.ButtonCampaignPreview, nil), "cmppv", o, id)),
			bot.Row(t.button(t.tr(locales.ButtonCampaignSend, nil), "cmpsend", o, id)))
	case campaigns.Scheduled, campaigns.Sending:
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonCampaignCancel, nil), "cmpstop", o, id)))
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonCampaignsList, nil), "cmps", o)))
	return t.reply(ctx, strings.Join(lines, "\n\n"), kb, edit)
}

// campaignConfirm asks before sending or stopping a campaign.
func (t *turn) campaignConfirm(ctx context.Context, m orgs.Membership, c *campaigns.Campaign, question, yes *i18n.Message, action string) error {
	o, id := orgArg(m), campaignArg(c)
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(yes, nil), action, o, id)),
		bot.Row(t.button(t.tr(locales.ButtonCampaignBack, nil), "cmp", o, id)),
	}
	return t.reply(ctx, t.tr(question, map[string]any{"ID": int64(c.ID)}), kb, true)
}

// campaignPreview sends, for every language, exactly what people reading it
// get, under a line naming the language (and saying when they get the
// default language's text instead), then the campaign's page again.
func (t *turn) campaignPreview(ctx context.Context, m orgs.Membership, c *campaigns.Campaign) error {
	for _, lang := range locales.Languages {
		_, in := c.Text(lang)
		label := t.tr(locales.CampaignPreviewLabel, map[string]any{"Lang": t.langName(lang)})
		if in != lang {
			label = t.tr(locales.CampaignPreviewFallback, map[string]any{"Lang": t.langName(lang), "Default": t.langName(in)})
		}
		msg := c.Render(lang)
		out := t.outgoing()
		out.Keyboard = msg.Keyboard
		body, limit := msg.Text, bot.MaxText
		if msg.Photo != "" {
			out.Photo, body, limit = msg.Photo, msg.Caption, bot.MaxCaption
		}
		// The label goes on top when both fit; otherwise it is a message
		// of its own so the preview stays exactly what people get.
		if utf8.RuneCountInString(label)+2+utf8.RuneCountInString(body) <= limit {
			out.Text = label + "\n\n" + body
		} else {
			lo := t.outgoing()
			lo.Text = label
			if _, err := t.Send.Send(ctx, lo); err != nil {
				return fmt.Errorf("sending preview label: %w", err)
			}
			out.Text = body
		}
		if _, err := t.Send.Send(ctx, out); err != nil {
			return fmt.Errorf("sending %s preview of campaign %d: %w", lang, c.ID, err)
		}
	}
	return t.campaignPage(ctx, m, c, false)
}

// outgoing is a new HTML message to the person, deleted later in discreet
// mode.
func (t *turn) outgoing() bot.Outgoing {
	out := bot.Outgoing{Chat: t.in.Chat, ParseMode: bot.HTML}
	if t.p != nil && t.p.Discreet.DeleteAfterHours > 0 {
		out.DeleteAfter = time.Duration(t.p.Discreet.DeleteAfterHours) * time.Hour
	}
	return out
}

// langName is a language's own name for itself.
func (t *turn) langName(lang string) string {
	if !locales.Supported(lang) {
		return bot.EscapeHTML(lang)
	}
	return t.Catalog.T(lang, locales.LanguageName, nil)
}

// segmentSummary says in a line whom a segment reaches.
func (t *turn) segmentSummary(s campaigns.Segment) string {
	var parts []string
	add := func(msg *i18n.Message, names []string) {
		if len(names) > 0 {
			parts = append(parts, t.tr(msg, map[string]any{"List": strings.Join(names, ", ")}))
		}
	}
	var names []string
	for _, r := range s.Regions {
		names = append(names, bot.EscapeHTML(t.Regions.Name(r, t.lang)))
	}
	add(locales.SegmentRegions, names)
	names = nil
	for _, l := range s.Langs {
		names = append(names, t.langName(l))
	}
	add(locales.SegmentLangs, names)
	names = nil
	for _, r := range s.Roles {
		if msg := roleNames[r]; msg != nil {
			names = append(names, t.tr(msg, nil))
		}
	}
	add(locales.SegmentRoles, names)
	names = nil
	for _, g := range s.Groups {
		if msg := groupNames[g]; msg != nil {
			names = append(names, t.tr(msg, nil))
		}
	}
	add(locales.SegmentGroups, names)
	if len(parts) == 0 {
		return t.tr(locales.SegmentEveryone, nil)
	}
	return strings.Join(parts, "; ")
}

// oneLine folds line breaks into spaces, for a button label.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
