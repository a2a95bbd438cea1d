package flows

import (
	"context"
	"fmt"
	"strings"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
)

// forgetConfirm asks before deleting everything; /forget works at any point,
// even in the middle of onboarding.
func (t *turn) forgetConfirm(ctx context.Context, edit bool) error {
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonForgetYes, nil), "forgetyes")),
		bot.Row(t.button(t.tr(locales.ButtonCancel, nil), "forgetno")),
	}
	return t.reply(ctx, t.tr(locales.ForgetConfirm, nil), kb, edit)
}

// forget deletes the profile and the conversation state, then says what
// was deleted. The reply is sent without discreet-mode scheduling: the
// schedule is gone with the profile.
func (t *turn) forget(ctx context.Context) error {
	var items []string
	if t.p != nil {
		f, err := t.People.ForgetPerson(ctx, t.p.ID)
		if err != nil {
			return fmt.Errorf("forgetting person: %w", err)
		}
		if f.Profile {
			items = append(items, t.tr(locales.ForgetItemProfile, nil))
		}
		if f.Regions > 0 {
			items = append(items, t.n(locales.ForgetItemRegions, f.Regions))
		}
		if f.SubstanceGroups > 0 {
			items = append(items, t.n(locales.ForgetItemGroups, f.SubstanceGroups))
		}
		if f.PendingDeletions > 0 {
			items = append(items, t.n(locales.ForgetItemDeletions, f.PendingDeletions))
		}
		if f.Memberships > 0 {
			items = append(items, t.n(locales.ForgetItemMemberships, f.Memberships))
		}
		if f.TrainingModules > 0 {
			items = append(items, t.n(locales.ForgetItemTraining, f.TrainingModules))
		}
		if f.PartnerLink {
			items = append(items, t.tr(locales.ForgetItemPartner, nil))
		}
		if f.OutreachShifts > 0 {
			items = append(items, t.n(locales.ForgetItemOutreach, f.OutreachShifts))
		}
		if f.Referrals > 0 {
			items = append(items, t.n(locales.ForgetItemReferrals, f.Referrals))
		}
		t.p = nil
	}
	existed, err := t.clearState(ctx)
	if err != nil {
		return err
	}
	drafted, err := t.dropDraft(ctx)
	if err != nil {
		return err
	}
	shift, err := t.dropOutreachState(ctx)
	if err != nil {
		return err
	}
	// An unfinished feedback, report or survey answer goes too.
	unsent, err := t.States.DeleteState(ctx, t.fbKey())
	if err != nil {
		return fmt.Errorf("deleting feedback draft: %w", err)
	}
	// A need waiting for a location, or a request waiting for its message.
	searching, err := t.States.DeleteState(ctx, t.refKey())
	if err != nil {
		return fmt.Errorf("deleting referral step: %w", err)
	}
	if existed || drafted || shift || unsent || searching {
		items = append(items, t.tr(locales.ForgetItemState, nil))
	}
	if len(items) == 0 {
		return t.reply(ctx, t.tr(locales.ForgetNothing, nil), nil, true)
	}
	list := "• " + strings.Join(items, "\n• ")
	return t.reply(ctx, t.tr(locales.ForgetDone, map[string]any{"List": list}), nil, true)
}

func (t *turn) forgetCancelled(ctx context.Context) error {
	if !t.onboarded() {
		return t.reply(ctx, t.tr(locales.ForgetCancelled, nil), nil, true)
	}
	return t.mainMenu(ctx, locales.ForgetCancelled, true)
}
