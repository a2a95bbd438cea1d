package flows

import (
	"context"
	"errors"
	"strconv"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
)

// button makes a callback button. Everything needed to act on the press is
// in its data, so it keeps working after a restart and on any replica.
func (t *turn) button(text, action string, args ...string) bot.Button {
	return bot.CallbackButton(text, bot.Callback{Action: action, Args: args})
}

// arg returns the i-th argument of a callback, or "".
func arg(c bot.Callback, i int) string {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return ""
}

// callback routes a button press.
func (t *turn) callback(ctx context.Context) error {
	c, err := bot.DecodeCallback(t.in.CallbackData)
	if err != nil {
		if errors.Is(err, bot.ErrStaleCallback) {
			return t.stale(ctx)
		}
		return err
	}
	// Before consent only the language, privacy and overdose buttons mean anything.
	switch c.Action {
	case "lang":
		return t.chooseLanguage(ctx, arg(c, 0), arg(c, 1))
	case "agree":
		return t.agree(ctx)
	case "decline":
		return t.decline(ctx)
	case "forget":
		return t.forgetConfirm(ctx, true)
	case "forgetyes":
		return t.forget(ctx)
	case "forgetno":
		return t.forgetCancelled(ctx)
	case overdoseAction:
		// An emergency: before onboarding and without consent too.
		return t.overdoseCallback(ctx, c)
	}
	if t.p == nil {
		return t.stale(ctx)
	}
	switch c.Action {
	case "countries":
		return t.countryPicker(ctx, arg(c, 0), true)
	case "country":
		return t.regionPicker(ctx, arg(c, 0), arg(c, 1))
	case "region":
		return t.toggleRegion(ctx, arg(c, 0), arg(c, 1))
	case "regionsdone":
		return t.regionsDone(ctx, arg(c, 0))
	case "groups":
		return t.groupPicker(ctx, arg(c, 0), true)
	case "group":
		return t.toggleGroup(ctx, arg(c, 0), arg(c, 1))
	case "groupsdone":
		return t.groupsDone(ctx, arg(c, 0))
	}
	if !t.onboarded() {
		return t.resumeOnboarding(ctx, locales.FinishSetupFirst)
	}
	switch c.Action {
	case "menu":
		return t.mainMenu(ctx, nil, true)
	case "alerts":
		return t.alertsOverview(ctx, true)
	case "learn":
		return t.learn(ctx, true)
	case trainingAction:
		return t.trainingCallback(ctx, c)
	case trainingStatsAction:
		return t.trainingStats(ctx, true)
	case "findhelp":
		return t.findHelp(ctx, true)
	case "feedback":
		return t.feedbackMenu(ctx, true)
	case feedbackAction:
		return t.feedbackButton(ctx, c)
	case surveyAction:
		return t.openSurvey(ctx, c)
	case reportAction:
		return t.reportCallback(ctx, c)
	case "settings":
		return t.settings(ctx, true)
	case "language":
		return t.languagePicker(ctx, fromSettings, true)
	case "discreet":
		return t.discreetMenu(ctx)
	case "deleteafter":
		h, err := strconv.Atoi(arg(c, 0))
		if err != nil {
			return t.stale(ctx)
		}
		return t.setDeleteAfter(ctx, h)
	case "quiet":
		return t.toggleQuietNights(ctx)
	case "mutecampaigns":
		switch arg(c, 0) {
		case "1":
			return t.setCampaignsMuted(ctx, true)
		case "0":
			return t.setCampaignsMuted(ctx, false)
		}
		return t.stale(ctx)
	case "pause":
		return t.setBroadcastsStopped(ctx, true, true)
	case "resume":
		return t.setBroadcastsStopped(ctx, false, true)
	case "cmps", "cmp", "cmppv", "cmpsend", "cmpsendok", "cmpstop", "cmpstopok", "ccnew":
		return t.campaignCallback(ctx, c)
	case campComposeAction:
		if t.Campaigns != nil {
			return t.campComposeButton(ctx, c)
		}
	case composeAction:
		if t.Partners != nil {
			return t.composeButton(ctx, c)
		}
	case shiftAction, outreachAction, hotspotAction:
		if t.Outreach != nil {
			return t.outreachCallback(ctx, c)
		}
	case myStatsAction:
		if t.PartnerStats != nil {
			return t.myStats(ctx, true)
		}
	case infoAction, cardAction:
		if t.Cards != nil {
			return t.infoCallback(ctx, c)
		}
	}
	if t.Referral != nil && isReferralAction(c.Action) {
		return t.referralCallback(ctx, c)
	}
	return t.stale(ctx)
}

// stale answers a button that no longer means anything (from an older
// release, or a menu that has moved on) with a pop-up and a fresh menu.
func (t *turn) stale(ctx context.Context) error {
	t.answer = t.tr(locales.StaleButton, nil)
	if !t.onboarded() {
		return t.resumeOnboarding(ctx, nil)
	}
	return t.mainMenu(ctx, nil, false)
}
