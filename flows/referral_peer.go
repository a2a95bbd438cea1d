package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/referral"
)

// maxRequestMessage is how much of a person's message goes with their
// request to the staff group, in characters.
const maxRequestMessage = 500

// countryCode gives a region's country code, for routing.
func (f *Flows) countryCode(region string) string {
	if c, ok := f.Regions.CountryOf(region); ok {
		return c.Code
	}
	return ""
}

// route picks the organisation for a request: the one the rules choose if it
// has a staff group, else the fallback, if that has one.
func (f *Flows) route(ctx context.Context, region string, need referral.Need) (orgs.OrgID, bool, error) {
	rules, err := f.Referral.Store.Rules(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("loading referral rules: %w", err)
	}
	org, ok := referral.Route(rules, region, need, f.countryCode)
	if !ok {
		return 0, false, nil
	}
	// An organisation with no staff group would never see the request: the
	// fallback takes it, if it has one.
	groups, err := f.Referral.Groups.StaffGroups(ctx, org)
	if err != nil {
		return 0, false, fmt.Errorf("loading staff groups: %w", err)
	}
	if len(groups) > 0 {
		return org, true, nil
	}
	fallback, ok := referral.Fallback(rules)
	if !ok || fallback == org {
		return 0, false, nil
	}
	if groups, err = f.Referral.Groups.StaffGroups(ctx, fallback); err != nil {
		return 0, false, fmt.Errorf("loading staff groups: %w", err)
	}
	return fallback, len(groups) > 0, nil
}

// peerAsk offers to send a request for a peer worker, with a short
// message if the person wants.
func (t *turn) peerAsk(ctx context.Context, need referral.Need, region string) error {
	if !need.Valid() || !t.Regions.Valid(region) {
		return t.stale(ctx)
	}
	if c, _, err := t.Referral.Store.Active(ctx, t.in.Chat); err == nil {
		return t.alreadyOpen(ctx, c)
	} else if !errors.Is(err, referral.ErrNotFound) {
		return fmt.Errorf("looking for an open conversation: %w", err)
	}
	_, ok, err := t.route(ctx, region, need)
	if err != nil {
		return err
	}
	if !ok {
		return t.reply(ctx, t.tr(locales.PeerNoRoute, nil)+"\n\n"+t.emergencyLine(region), t.backToMenu(), false)
	}
	if err := t.saveRefState(ctx, refState{Kind: "msg", Need: need, Region: region}); err != nil {
		return err
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonSendWithoutMessage, nil), peerSendAction, string(need), region)),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	return t.reply(ctx, t.tr(locales.PeerAsk, nil), kb, false)
}

// alreadyOpen tells the person they have a request or conversation open,
// with the button that closes it.
func (t *turn) alreadyOpen(ctx context.Context, c referral.Conversation) error {
	return t.reply(ctx, t.tr(locales.PeerAlreadyOpen, nil), append(t.closeKeyboard(c.ID), t.backToMenu()...), false)
}

// closeKeyboard is the button that closes a conversation.
func (t *turn) closeKeyboard(id referral.ConversationID) bot.Keyboard {
	return bot.Keyboard{bot.Row(t.button(t.tr(locales.ButtonCloseConversation, nil), peerCloseAction, strconv.FormatInt(int64(id), 10)))}
}

func (t *turn) emergencyLine(region string) string {
	return t.tr(locales.EmergencyLine, map[string]any{"Number": bot.EscapeHTML(t.emergencyNumber(region))})
}

// peerSend opens the conversation and posts the request in the
// organisation's staff groups. message is the person's own words, or "";
// it goes to the groups and is stored nowhere.
func (t *turn) peerSend(ctx context.Context, need referral.Need, region, message string) error {
	if !need.Valid() || !t.Regions.Valid(region) {
		return t.stale(ctx)
	}
	if err := t.clearRefState(ctx); err != nil {
		return err
	}
	org, ok, err := t.route(ctx, region, need)
	if err != nil {
		return err
	}
	if !ok {
		return t.reply(ctx, t.tr(locales.PeerNoRoute, nil)+"\n\n"+t.emergencyLine(region), t.backToMenu(), false)
	}
	c, err := t.Referral.Store.OpenConversation(ctx, referral.Conversation{
		Person: t.p.ID, PersonChat: t.in.Chat, Org: org, Need: need, Region: region, Lang: t.lang,
	})
	if errors.Is(err, referral.ErrOpenAlready) {
		open, _, err := t.Referral.Store.Active(ctx, t.in.Chat)
		if err != nil {
			return fmt.Errorf("loading the open conversation: %w", err)
		}
		return t.alreadyOpen(ctx, open)
	}
	if err != nil {
		return err
	}
	posted, err := t.postRequest(ctx, c, strings.TrimSpace(message), nil)
	if err != nil || posted == 0 {
		// Nobody would see it: close it rather than leave the person waiting.
		if _, cerr := t.Referral.Store.Close(ctx, c.ID); cerr != nil {
			t.Log.Error("closing an unposted request", "conversation", int64(c.ID), "err", cerr)
		}
		if err != nil {
			return err
		}
		return t.reply(ctx, t.tr(locales.PeerNoRoute, nil)+"\n\n"+t.emergencyLine(region), t.backToMenu(), false)
	}
	name := ""
	if o, err := t.Orgs.Org(ctx, org); err == nil {
		name = o.Name
	}
	t.Log.Info("peer-worker request", "conversation", int64(c.ID), "org", int64(org), "need", string(need), "groups", posted)
	text := t.tr(locales.PeerSent, map[string]any{"Org": bot.EscapeHTML(name), "Pseudonym": t.Referral.Store.Pseudonym(c.ID)}) +
		"\n" + t.tr(locales.PeerWhenUnclaimed, map[string]any{"Minutes": int(2 * t.Referral.Timing.Remind / time.Minute)})
	if closed, err := t.outOfHours(ctx, org, name); err != nil {
		return err
	} else if closed != "" {
		text += "\n\n" + closed
	}
	text += "\n\n" + t.emergencyLine(region)
	return t.reply(ctx, text, t.closeKeyboard(c.ID), t.in.Kind == bot.KindCallback)
}

// outOfHours says honestly when the organisation's peer workers will
// answer, when they are not working now; "" when they are, or when the
// organisation set no hours.
func (t *turn) outOfHours(ctx context.Context, org orgs.OrgID, name string) (string, error) {
	week, zone, err := t.Referral.Store.OrgHours(ctx, org)
	if err != nil || len(week) == 0 {
		return "", err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return "", nil // stored by the CLI, which checked it
	}
	now := t.Now()
	open, next, ok := week.Status(now, loc)
	if open || !ok {
		return "", nil
	}
	w := when(t.Catalog, t.lang, next, now, loc, locales.WhenTodayFrom, locales.WhenTomorrow, locales.WhenOn)
	return t.tr(locales.PeerOutOfHours, map[string]any{"Org": bot.EscapeHTML(name), "When": w}), nil
}

// postRequest posts a request in its organisation's staff groups, in the
// person's language, with a Take it button, and returns in how many.
func (f *Flows) postRequest(ctx context.Context, c referral.Conversation, message string, header *string) (int, error) {
	groups, err := f.Referral.Groups.StaffGroups(ctx, c.Org)
	if err != nil {
		return 0, fmt.Errorf("loading staff groups: %w", err)
	}
	text := f.requestText(c, message)
	if header != nil {
		text = *header + "\n" + text
	}
	kb := bot.Keyboard{bot.Row(bot.CallbackButton(f.Catalog.T(c.Lang, locales.ButtonClaim, nil),
		bot.Callback{Action: claimAction, Args: []string{strconv.FormatInt(int64(c.ID), 10)}}))}
	posted := 0
	for _, g := range groups {
		if _, err := f.Send.Send(ctx, bot.Outgoing{Chat: g, Text: text, ParseMode: bot.HTML, Keyboard: kb}); err != nil {
			f.Log.Warn("posting a request in a staff group", "chat", f.Keys(g), "err", err)
			continue
		}
		posted++
	}
	return posted, nil
}

// requestText is the staff group's post about a request: a pseudonym, the
// need and region, and the person's message. Never their name or id.
func (f *Flows) requestText(c referral.Conversation, message string) string {
	text := f.Catalog.T(c.Lang, locales.GroupRequest, map[string]any{
		"Pseudonym": f.Referral.Store.Pseudonym(c.ID),
		"Need":      bot.EscapeHTML(f.Catalog.T(c.Lang, needNames[c.Need], nil)),
		"Region":    bot.EscapeHTML(f.Regions.Name(c.Region, c.Lang)),
	})
	if message != "" {
		text += "\n" + f.Catalog.T(c.Lang, locales.GroupRequestMessage, map[string]any{"Text": bot.EscapeHTML(clipRunes(message, maxRequestMessage))})
	}
	return text
}

// relay passes a message of a conversation to the other side with
// copyMessage, which shows no "forwarded from". It reports whether the
// person has a conversation (and so the update was handled).
func (t *turn) relay(ctx context.Context) (bool, error) {
	c, worker, err := t.Referral.Store.Active(ctx, t.in.Chat)
	if errors.Is(err, referral.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, fmt.Errorf("looking for a conversation: %w", err)
	}
	if c.State == referral.Waiting && !worker {
		return true, t.reply(ctx, t.tr(locales.PeerWaiting, nil), t.closeKeyboard(c.ID), false)
	}
	switch t.in.Kind {
	case bot.KindText, bot.KindPhoto, bot.KindLocation:
	default:
		return true, t.reply(ctx, t.tr(locales.PeerOnlySomeKinds, nil), nil, false)
	}
	to := c.WorkerChat
	if worker {
		to = c.PersonChat
	}
	if _, err := t.Referral.Relay.Copy(ctx, to, t.in.Chat, t.in.MessageID); err != nil {
		return true, fmt.Errorf("relaying a message: %w", err)
	}
	return true, nil
}

// peerClose closes a conversation from either side.
func (t *turn) peerClose(ctx context.Context, idText string) error {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	c, err := t.Referral.Store.Conversation(ctx, referral.ConversationID(id))
	if errors.Is(err, referral.ErrNotFound) || (err == nil && c.State == referral.Closed) {
		return t.reply(ctx, t.tr(locales.PeerClosedDone, nil), nil, true)
	}
	if err != nil {
		return err
	}
	byWorker := c.Worker == t.p.ID
	if !byWorker && c.Person != t.p.ID {
		return t.stale(ctx)
	}
	if _, err := t.Referral.Store.Close(ctx, c.ID); err != nil && !errors.Is(err, referral.ErrTaken) {
		return err
	}
	t.Log.Info("conversation closed", "conversation", id, "by_worker", byWorker)
	if err := t.reply(ctx, t.tr(locales.PeerClosedDone, nil), nil, true); err != nil {
		return err
	}
	if c.State != referral.Claimed {
		return nil
	}
	if byWorker {
		_, err = t.Send.Send(ctx, bot.Outgoing{Chat: c.PersonChat, Text: t.Catalog.T(c.Lang, locales.PeerClosedByWorker, nil), ParseMode: bot.HTML})
		return err
	}
	lang := locales.Default
	if w, err := t.People.GetPerson(ctx, c.WorkerChat); err == nil && locales.Supported(w.Lang) {
		lang = w.Lang
	}
	_, err = t.Send.Send(ctx, bot.Outgoing{Chat: c.WorkerChat, ParseMode: bot.HTML,
		Text: t.Catalog.T(lang, locales.WorkerPersonClosed, map[string]any{"Pseudonym": t.Referral.Store.Pseudonym(c.ID)})})
	return err
}

// aliasCommand handles /alias NAME: the name the person sees for the
// worker of the conversation they are in.
func (t *turn) aliasCommand(ctx context.Context) error {
	c, worker, err := t.Referral.Store.Active(ctx, t.in.Chat)
	if errors.Is(err, referral.ErrNotFound) || (err == nil && !worker) {
		return t.reply(ctx, t.tr(locales.WorkerAliasHowTo, nil), nil, false)
	}
	if err != nil {
		return err
	}
	alias, ok := referral.CleanAlias(t.in.Payload)
	if !ok {
		return t.reply(ctx, t.tr(locales.WorkerAliasHowTo, nil), nil, false)
	}
	if err := t.Referral.Store.SetAlias(ctx, c.ID, alias); err != nil {
		return err
	}
	if err := t.reply(ctx, t.tr(locales.WorkerAliasSet, map[string]any{"Worker": bot.EscapeHTML(alias)}), nil, false); err != nil {
		return err
	}
	// The person meets the worker under the chosen name.
	name := ""
	if o, err := t.Orgs.Org(ctx, c.Org); err == nil {
		name = o.Name
	}
	_, err = t.Send.Send(ctx, bot.Outgoing{Chat: c.PersonChat, ParseMode: bot.HTML,
		Text: t.Catalog.T(c.Lang, locales.PeerClaimed, map[string]any{"Worker": bot.EscapeHTML(alias), "Org": bot.EscapeHTML(name)})})
	return err
}

// followUpAnswer counts an answer to "did you get what you needed?". The
// button carries the organisation and need, so nothing needs to link the
// answer to the person.
func (t *turn) followUpAnswer(ctx context.Context, orgText, needText, answer string) error {
	org, err := strconv.ParseInt(orgText, 10, 64)
	need, out := referral.Need(needText), referral.Outcome(answer)
	if err != nil || !need.Valid() || !out.Valid() {
		return t.stale(ctx)
	}
	if err := t.Referral.Store.RecordFollowUp(ctx, orgs.OrgID(org), need, out); err != nil {
		return err
	}
	return t.reply(ctx, t.tr(locales.FollowUpThanks, nil), nil, true)
}

// referralClaim handles Take it under a request in a staff group: the
// first member of the organisation to press it gets the conversation.
func (f *Flows) referralClaim(ctx context.Context, in bot.Incoming, cb bot.Callback, lang string) error {
	var answer string
	defer func() {
		if err := f.Send.AnswerCallback(context.WithoutCancel(ctx), in.CallbackID, answer); err != nil {
			f.Log.Debug("answering callback", "chat", f.Keys(in.Chat), "err", err)
		}
	}()
	id, err := strconv.ParseInt(arg(cb, 0), 10, 64)
	if err != nil {
		return nil
	}
	org, err := f.Orgs.OrgByGroupChat(ctx, in.Chat)
	if errors.Is(err, orgs.ErrNotFound) {
		// The group was unlinked: the request is another group's now.
		answer = f.Catalog.T(lang, locales.ClaimTaken, nil)
		return nil
	}
	if err != nil {
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		// As with alert reviews: they can press again; a redelivery would
		// only repeat the pop-up.
		f.Log.Error("loading the staff group's organisation", "chat", f.Keys(in.Chat), "err", err)
		return nil
	}
	worker, err := f.People.GetPerson(ctx, in.From)
	if errors.Is(err, people.ErrNotFound) {
		answer = f.Catalog.T(lang, locales.ClaimStartFirst, nil)
		return nil
	}
	if err != nil {
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		// As with alert reviews: they can press again; a redelivery would
		// only repeat the pop-up.
		f.Log.Error("loading the worker", "chat", f.Keys(in.Chat), "err", err)
		return nil
	}
	role, err := f.Orgs.Role(ctx, org.ID, worker.ID)
	if errors.Is(err, orgs.ErrNotMember) || (err == nil && !role.Includes(orgs.RolePeer)) {
		answer = f.Catalog.T(lang, locales.ClaimNotMember, map[string]any{"Org": clipRunes(org.Name, 100)})
		return nil
	}
	if err != nil {
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		// As with alert reviews: they can press again; a redelivery would
		// only repeat the pop-up.
		f.Log.Error("loading the worker's role", "chat", f.Keys(in.Chat), "err", err)
		return nil
	}
	c, err := f.Referral.Store.Conversation(ctx, referral.ConversationID(id))
	if err == nil && c.Org != org.ID {
		err = referral.ErrTaken // passed on to another organisation
	}
	if err == nil {
		c, err = f.Referral.Store.Claim(ctx, c.ID, worker.ID, in.From, "")
	}
	switch {
	case errors.Is(err, referral.ErrTaken) || errors.Is(err, referral.ErrNotFound):
		answer = f.Catalog.T(lang, locales.ClaimTaken, nil)
		return nil
	case err != nil:
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		// As with alert reviews: they can press again; a redelivery would
		// only repeat the pop-up.
		f.Log.Error("claiming a request", "chat", f.Keys(in.Chat), "err", err)
		return nil
	}
	answer = f.Catalog.T(lang, locales.ClaimDone, nil)
	f.Log.Info("request claimed", "conversation", id, "org", int64(org.ID))
	idText := strconv.FormatInt(id, 10)
	alias := f.Catalog.T(c.Lang, locales.PeerDefaultAlias, nil)
	// The group's post loses its button; the message stays for the record.
	if _, err := f.Send.Send(ctx, bot.Outgoing{Chat: in.Chat, EditMessageID: in.MessageID, ParseMode: bot.HTML,
		Text: f.requestText(c, "") + "\n\n" + f.Catalog.T(c.Lang, locales.GroupClaimed, map[string]any{"Worker": bot.EscapeHTML(alias)})}); err != nil {
		f.Log.Warn("marking a request taken", "chat", f.Keys(in.Chat), "err", err)
	}
	wlang := locales.Default
	if locales.Supported(worker.Lang) {
		wlang = worker.Lang
	}
	closeKB := func(l string) bot.Keyboard {
		return bot.Keyboard{bot.Row(bot.CallbackButton(f.Catalog.T(l, locales.ButtonCloseConversation, nil),
			bot.Callback{Action: peerCloseAction, Args: []string{idText}}))}
	}
	workerKB := append(closeKB(wlang), bot.Row(bot.CallbackButton(f.Catalog.T(wlang, locales.ButtonTransfer, nil),
		bot.Callback{Action: transferAction, Args: []string{idText}})))
	if _, err := f.Send.Send(ctx, bot.Outgoing{Chat: in.From, ParseMode: bot.HTML, Keyboard: workerKB,
		Text: f.Catalog.T(wlang, locales.WorkerClaimed, map[string]any{
			"Pseudonym": f.Referral.Store.Pseudonym(c.ID),
			"Need":      bot.EscapeHTML(f.Catalog.T(wlang, needNames[c.Need], nil)),
			"Region":    bot.EscapeHTML(f.Regions.Name(c.Region, wlang)),
			"Worker":    bot.EscapeHTML(f.Catalog.T(c.Lang, locales.PeerDefaultAlias, nil)),
		})}); err != nil {
		return fmt.Errorf("telling the worker: %w", err)
	}
	// No name chosen yet: /alias introduces them by name later.
	_, err = f.Send.Send(ctx, bot.Outgoing{Chat: c.PersonChat, ParseMode: bot.HTML, Keyboard: closeKB(c.Lang),
		Text: f.Catalog.T(c.Lang, locales.PeerClaimedAnon, map[string]any{"Org": bot.EscapeHTML(org.Name)})})
	if err != nil {
		return fmt.Errorf("telling the person: %w", err)
	}
	return nil
}

// isClaim reports whether callback data is a staff group's Take it.
func isClaim(data string) bool {
	cb, err := bot.DecodeCallback(data)
	return err == nil && cb.Action == claimAction
}

// transfer lets the worker of a conversation pass it on: back to their
// organisation's groups for a colleague, or to another organisation that
// a routing rule names. Without an organisation it shows the choice.
func (t *turn) transfer(ctx context.Context, idText, orgText string) error {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	c, err := t.Referral.Store.Conversation(ctx, referral.ConversationID(id))
	if errors.Is(err, referral.ErrNotFound) || (err == nil && (c.State != referral.Claimed || c.Worker != t.p.ID)) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	if orgText == "" {
		rules, err := t.Referral.Store.Rules(ctx)
		if err != nil {
			return fmt.Errorf("loading referral rules: %w", err)
		}
		seen := map[orgs.OrgID]bool{}
		var kb bot.Keyboard
		for _, id := range append([]orgs.OrgID{c.Org}, ruleOrgs(rules)...) {
			if seen[id] {
				continue
			}
			seen[id] = true
			o, err := t.Orgs.Org(ctx, id)
			if err != nil {
				continue
			}
			kb = append(kb, bot.Row(t.button("↪️ "+clipRunes(o.Name, 40), transferAction, idText, strconv.FormatInt(int64(id), 10))))
		}
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
		return t.reply(ctx, t.tr(locales.TransferChoose, map[string]any{"Pseudonym": t.Referral.Store.Pseudonym(c.ID)}), kb, false)
	}
	orgID, err := strconv.ParseInt(orgText, 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	o, err := t.Orgs.Org(ctx, orgs.OrgID(orgID))
	if errors.Is(err, orgs.ErrNotFound) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	c, err = t.Referral.Store.Transfer(ctx, c.ID, o.ID)
	if errors.Is(err, referral.ErrTaken) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	h := t.Catalog.T(c.Lang, locales.GroupRequestTransferred, nil)
	if _, err := t.postRequest(ctx, c, "", &h); err != nil {
		return err
	}
	t.Log.Info("conversation passed on", "conversation", id, "org", orgID)
	if err := t.reply(ctx, t.tr(locales.TransferDone, map[string]any{"Org": bot.EscapeHTML(o.Name)}), nil, true); err != nil {
		return err
	}
	_, err = t.Send.Send(ctx, bot.Outgoing{Chat: c.PersonChat, ParseMode: bot.HTML,
		Text: t.Catalog.T(c.Lang, locales.PeerTransferred, map[string]any{"Org": bot.EscapeHTML(o.Name)})})
	return err
}

// ruleOrgs are the organisations the routing rules name, in rule order.
func ruleOrgs(rules []referral.Rule) []orgs.OrgID {
	out := make([]orgs.OrgID, 0, len(rules))
	for _, r := range rules {
		out = append(out, r.Org)
	}
	return out
}
