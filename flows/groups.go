package flows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// groupCodeErrors are the replies to link codes that cannot be used.
var groupCodeErrors = map[error]*i18n.Message{
	orgs.ErrCodeUnknown: locales.GroupCodeUnknown,
	orgs.ErrCodeExpired: locales.GroupCodeExpired,
	orgs.ErrCodeUsedUp:  locales.GroupCodeUsed,
	orgs.ErrGroupTaken:  locales.GroupTaken,
}

// handleGroup handles an update from a group chat: /linkgroup CODE, and
// in moderating staff groups the Approve and Reject buttons, /reject and
// /alertstats. Everything else is ignored, so the bot stays quiet in a
// group where staff talk among themselves.
func (f *Flows) handleGroup(ctx context.Context, in bot.Incoming) error {
	// People in a group have not chosen a language with the bot: answer in
	// the language of the sender's app.
	lang := groupLang(in)
	say := func(msg *i18n.Message, data map[string]any) error {
		_, err := f.Send.Send(ctx, bot.Outgoing{Chat: in.Chat, Text: f.Catalog.T(lang, msg, data), ParseMode: bot.HTML})
		return err
	}
	switch {
	case in.Kind == bot.KindCallback && f.Referral != nil && isClaim(in.CallbackData):
		cb, _ := bot.DecodeCallback(in.CallbackData)
		return f.referralClaim(ctx, in, cb, lang)
	case in.Kind == bot.KindCallback:
		if cb, err := bot.DecodeCallback(in.CallbackData); err == nil && cb.Action == batchDraftAction {
			return f.batchDraftButton(ctx, in, cb, lang)
		}
		return f.groupButton(ctx, in, lang)
	case in.Kind == bot.KindCommand && in.Command == "referralstats" && f.Referral != nil:
		return f.referralStats(ctx, in, lang)
	case in.Kind != bot.KindCommand:
		return nil
	case in.Command == "reject":
		return f.groupReject(ctx, in, say)
	case in.Command == "alertstats":
		return f.alertStats(ctx, in, lang)
	case in.Command != "linkgroup":
		return nil
	}
	if in.Payload == "" {
		return say(locales.GroupLinkHowTo, nil)
	}
	org, already, err := f.Orgs.LinkGroup(ctx, in.Payload, in.Chat)
	for e, msg := range groupCodeErrors {
		if errors.Is(err, e) {
			return say(msg, nil)
		}
	}
	if err != nil {
		f.Log.Error("linking staff group", "chat", f.Keys(in.Chat), "err", err)
		// As in private chats: tell them once, rather than have the update
		// redelivered to fail again while the store is down.
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, serr := f.Send.Send(tctx, bot.Outgoing{Chat: in.Chat, Text: f.Catalog.T(lang, locales.Unavailable, nil), ParseMode: bot.HTML}); serr == nil {
			return nil
		}
		return fmt.Errorf("linking staff group: %w", err)
	}
	data := map[string]any{"Org": bot.EscapeHTML(org.Name)}
	if already {
		return say(locales.GroupAlreadyLinked, data)
	}
	f.Log.Info("staff group linked", "chat", f.Keys(in.Chat), "org", int64(org.ID))
	return say(locales.GroupLinked, data)
}
