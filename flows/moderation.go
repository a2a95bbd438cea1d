package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/moderation"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// Moderation is what moderators do from their staff group
// (*moderation.Desk).
type Moderation interface {
	Approve(ctx context.Context, id alerts.AlertID, actor string) (*alerts.Stored, error)
	Reject(ctx context.Context, id alerts.AlertID, actor, reason string) (*alerts.Stored, error)
	Latest(ctx context.Context, n int) ([]moderation.Row, error)
}

// statsRows is how many alerts /alertstats lists.
const statsRows = 10

func groupLang(in bot.Incoming) string {
	if lang := locales.Match(in.LanguageCode); lang != "" {
		return lang
	}
	return locales.Default
}

// moderator finds the organisation of the group and checks that the person
// who wrote or pressed is its staff (or admin) and that it moderates
// alerts. It returns the actor for the audit log ("staff:<person id>"), or
// refused set when they may not decide. Other errors are the stores'.
func (f *Flows) moderator(ctx context.Context, in bot.Incoming) (org orgs.Org, actor string, refused bool, err error) {
	org, err = f.Orgs.OrgByGroupChat(ctx, in.Chat)
	if err != nil {
		return org, "", false, err
	}
	if !org.ModeratesAlerts {
		return org, "", true, nil
	}
	p, err := f.People.GetPerson(ctx, in.From)
	if errors.Is(err, people.ErrNotFound) {
		return org, "", true, nil
	}
	if err != nil {
		return org, "", false, fmt.Errorf("loading the moderator: %w", err)
	}
	role, err := f.Orgs.Role(ctx, org.ID, p.ID)
	if errors.Is(err, orgs.ErrNotMember) || (err == nil && !role.Includes(orgs.RoleStaff)) {
		return org, "", true, nil
	}
	if err != nil {
		return org, "", false, fmt.Errorf("loading the moderator's role: %w", err)
	}
	return org, "staff:" + strconv.FormatInt(int64(p.ID), 10), false, nil
}

// groupButton handles Approve and Reject under an alert in review. The
// group's messages are edited by the moderation worker once the decision
// is stored, on every replica's notification; the presser gets a pop-up.
func (f *Flows) groupButton(ctx context.Context, in bot.Incoming, lang string) error {
	var answer string
	defer func() {
		// Always answer a press, or the app keeps spinning.
		if err := f.Send.AnswerCallback(context.WithoutCancel(ctx), in.CallbackID, answer); err != nil {
			f.Log.Debug("answering callback", "chat", f.Keys(in.Chat), "err", err)
		}
	}()
	cb, err := bot.DecodeCallback(in.CallbackData)
	id, approve, ok := moderation.ParseAction(cb)
	if err != nil || !ok || f.Moderation == nil {
		return nil // no other buttons are ever posted in groups
	}
	org, actor, refused, err := f.moderator(ctx, in)
	switch {
	case errors.Is(err, orgs.ErrNotFound):
		// The group was unlinked: nobody here decides any more.
		answer = f.Catalog.T(lang, locales.ReviewAlreadyDecided, nil)
		return nil
	case err != nil:
		f.Log.Error("checking a moderator", "chat", f.Keys(in.Chat), "err", err)
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		return nil // they can press again; the button stays
	case refused:
		// A pop-up is plain text, at most 200 characters.
		answer = f.Catalog.T(lang, locales.ReviewOnlyStaff, map[string]any{"Org": clipRunes(org.Name, 100)})
		return nil
	}
	done := locales.ReviewApprovedDone
	if approve {
		_, err = f.Moderation.Approve(ctx, id, actor)
	} else {
		// Partners read the reason: always in English, their common
		// language with the moderators. /reject gives one in words.
		_, err = f.Moderation.Reject(ctx, id, actor, f.Catalog.T(locales.Default, locales.ReviewNoReason, nil))
		done = locales.ReviewRejectedDone
	}
	switch code := alerts.Code(err); {
	case err == nil:
		f.Log.Info("alert decided in a staff group", "alert", int64(id), "approved", approve, "org", int64(org.ID))
		answer = f.Catalog.T(lang, done, nil)
	case code == alerts.ErrConflict || code == alerts.ErrNotFound:
		answer = f.Catalog.T(lang, locales.ReviewAlreadyDecided, nil)
	default:
		f.Log.Error("deciding on an alert", "alert", int64(id), "err", err)
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
	}
	return nil
}

// groupReject handles /reject ID REASON in a moderating staff group.
func (f *Flows) groupReject(ctx context.Context, in bot.Incoming, say func(*i18n.Message, map[string]any) error) error {
	if f.Moderation == nil {
		return nil
	}
	number, reason := in.Payload, ""
	if i := strings.IndexFunc(number, unicode.IsSpace); i >= 0 {
		number, reason = number[:i], strings.TrimSpace(number[i:])
	}
	org, actor, refused, err := f.moderator(ctx, in)
	switch {
	case errors.Is(err, orgs.ErrNotFound):
		return nil // not a staff group: stay quiet
	case err != nil:
		return f.groupTrouble(ctx, in, "checking a moderator", err)
	case refused:
		return say(locales.ReviewOnlyStaff, map[string]any{"Org": bot.EscapeHTML(org.Name)})
	}
	id, perr := strconv.ParseInt(strings.TrimPrefix(number, "#"), 10, 64)
	if perr != nil || id <= 0 || reason == "" {
		return say(locales.RejectHowTo, nil)
	}
	_, err = f.Moderation.Reject(ctx, alerts.AlertID(id), actor, reason)
	switch code := alerts.Code(err); {
	case err == nil:
		f.Log.Info("alert rejected in a staff group", "alert", id, "org", int64(org.ID))
		return say(locales.ReviewRejectedDone, nil)
	case code == alerts.ErrNotFound:
		return say(locales.RejectUnknown, map[string]any{"ID": id})
	case code == alerts.ErrConflict:
		return say(locales.ReviewAlreadyDecided, nil)
	case code == alerts.ErrInvalid:
		return say(locales.RejectTooLong, nil)
	}
	return f.groupTrouble(ctx, in, "rejecting an alert", err)
}

// groupTrouble logs a store failure and apologises in the group once,
// rather than have the update redelivered to fail again.
func (f *Flows) groupTrouble(ctx context.Context, in bot.Incoming, what string, err error) error {
	f.Log.Error(what, "chat", f.Keys(in.Chat), "err", err)
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, serr := f.Send.Send(tctx, bot.Outgoing{Chat: in.Chat, Text: f.Catalog.T(groupLang(in), locales.Unavailable, nil), ParseMode: bot.HTML}); serr == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// alertStats answers /alertstats in a moderating staff group: the latest
// alerts, their status and how far their delivery got.
func (f *Flows) alertStats(ctx context.Context, in bot.Incoming, lang string) error {
	if f.Moderation == nil {
		return nil
	}
	org, err := f.Orgs.OrgByGroupChat(ctx, in.Chat)
	switch {
	case errors.Is(err, orgs.ErrNotFound):
		return nil
	case err != nil:
		return f.groupTrouble(ctx, in, "finding the group's organisation", err)
	case !org.ModeratesAlerts:
		_, err := f.Send.Send(ctx, bot.Outgoing{Chat: in.Chat, Text: f.Catalog.T(lang, locales.AlertStatsElsewhere, nil), ParseMode: bot.HTML})
		return err
	}
	rows, err := f.Moderation.Latest(ctx, statsRows)
	if err != nil {
		return f.groupTrouble(ctx, in, "loading alert stats", err)
	}
	_, err = f.Send.Send(ctx, bot.Outgoing{Chat: in.Chat, Text: f.statsText(rows, lang), ParseMode: bot.HTML})
	return err
}
