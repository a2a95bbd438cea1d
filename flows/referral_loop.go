package flows

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/referral"
)

// RunReferrals runs the referral worker loop until ctx ends: every
// interval it reminds staff groups of unclaimed requests, passes on those
// still unclaimed to the fallback organisation, asks people the follow-up
// question, closes requests nobody took within the retention and deletes
// conversations past it. Every replica may run
// it: each step claims its rows in one UPDATE.
func (f *Flows) RunReferrals(ctx context.Context, interval time.Duration) {
	if f.Referral == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := f.ReferralTick(ctx, f.Now()); err != nil && ctx.Err() == nil {
			f.Log.Error("referral loop", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ReferralTick runs one round of the referral worker loop as of now.
func (f *Flows) ReferralTick(ctx context.Context, now time.Time) error {
	tm := f.Referral.Timing
	var errs []error
	due, err := f.Referral.Store.DueReminders(ctx, now, tm.Remind)
	errs = append(errs, err)
	for _, c := range due {
		h := f.Catalog.T(c.Lang, locales.GroupRequestReminder, nil)
		if _, err := f.postRequest(ctx, c, "", &h); err != nil {
			errs = append(errs, err)
		}
	}
	rules, err := f.Referral.Store.Rules(ctx)
	errs = append(errs, err)
	if fallback, ok := referral.Fallback(rules); ok && err == nil {
		moved, err := f.Referral.Store.Escalate(ctx, now, tm.Remind, fallback)
		errs = append(errs, err)
		for _, c := range moved {
			h := f.Catalog.T(c.Lang, locales.GroupRequestEscalated, nil)
			if _, err := f.postRequest(ctx, c, "", &h); err != nil {
				errs = append(errs, err)
			}
			f.Log.Info("request passed to the fallback organisation", "conversation", int64(c.ID), "org", int64(fallback))
		}
	}
	asks, err := f.Referral.Store.DueFollowUps(ctx, now.Add(-tm.FollowUp))
	errs = append(errs, err)
	for _, c := range asks {
		errs = append(errs, f.askFollowUp(ctx, c))
	}
	_, err = f.Referral.Store.Abandon(ctx, now.Add(-tm.Retention))
	errs = append(errs, err)
	_, err = f.Referral.Store.Purge(ctx, now.Add(-max(tm.Retention, tm.FollowUp)))
	errs = append(errs, err)
	return errors.Join(errs...)
}

// askFollowUp asks the person whether they got what they needed. The
// buttons carry the organisation and need: the answer is counted with
// nothing that points back to them.
func (f *Flows) askFollowUp(ctx context.Context, c referral.Conversation) error {
	org, need := strconv.FormatInt(int64(c.Org), 10), string(c.Need)
	b := func(msg, answer string) bot.Button {
		return bot.CallbackButton(msg, bot.Callback{Action: followUpAction, Args: []string{org, need, answer}})
	}
	kb := bot.Keyboard{bot.Row(
		b(f.Catalog.T(c.Lang, locales.ButtonGotYes, nil), string(referral.GotYes)),
		b(f.Catalog.T(c.Lang, locales.ButtonGotPartly, nil), string(referral.GotPartly)),
		b(f.Catalog.T(c.Lang, locales.ButtonGotNo, nil), string(referral.GotNo)),
	)}
	_, err := f.Send.Send(ctx, bot.Outgoing{Chat: c.PersonChat, Text: f.Catalog.T(c.Lang, locales.FollowUpQuestion, nil), ParseMode: bot.HTML, Keyboard: kb})
	if errors.Is(err, bot.ErrUnreachable) {
		return nil
	}
	return err
}

// referralStatsDays is the period /referralstats covers.
const referralStatsDays = 30

// referralStats answers /referralstats in a staff group: the
// organisation's requests, with counts under 5 shown as "fewer than 5".
// Nothing in it identifies a person.
func (f *Flows) referralStats(ctx context.Context, in bot.Incoming, lang string) error {
	org, err := f.Orgs.OrgByGroupChat(ctx, in.Chat)
	if err != nil {
		return nil // not a staff group: stay quiet
	}
	st, err := f.Referral.Store.Stats(ctx, org.ID, f.Now().AddDate(0, 0, -referralStatsDays))
	if err != nil {
		return fmt.Errorf("loading referral stats: %w", err)
	}
	_, err = f.Send.Send(ctx, bot.Outgoing{Chat: in.Chat, Text: f.referralStatsText(st, lang), ParseMode: bot.HTML})
	return err
}

// referralStatsText renders an organisation's referral statistics.
func (f *Flows) referralStatsText(st referral.Stats, lang string) string {
	fewer := f.Catalog.T(lang, locales.FewerThanFive, nil)
	list := func(m map[string]referral.Count, name func(string) string) string {
		if len(m) == 0 {
			return f.Catalog.T(lang, locales.StatsNone, nil)
		}
		keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
			return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
		})
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = bot.EscapeHTML(name(k)) + ": " + m[k].Text(fewer)
		}
		return strings.Join(parts, ", ")
	}
	needName := func(k string) string {
		if m := needNames[referral.Need(k)]; m != nil {
			return f.Catalog.T(lang, m, nil)
		}
		return k
	}
	outcomes := map[string]string{
		"waiting": f.Catalog.T(lang, locales.OutcomeWaiting, nil), "claimed": f.Catalog.T(lang, locales.OutcomeClaimed, nil),
		"closed": f.Catalog.T(lang, locales.OutcomeClosed, nil), "withdrawn": f.Catalog.T(lang, locales.OutcomeWithdrawn, nil),
	}
	claim := f.Catalog.T(lang, locales.StatsClaimFew, nil)
	if st.ClaimP50 != nil && st.ClaimP95 != nil {
		mins := func(s int) string { return f.Catalog.N(lang, locales.StatsMinutes, (s+59)/60, nil) }
		claim = f.Catalog.T(lang, locales.StatsClaimTimes, map[string]any{"P50": mins(*st.ClaimP50), "P95": mins(*st.ClaimP95)})
	}
	answers := map[string]referral.Count{}
	answerNames := map[string]string{
		"yes": f.Catalog.T(lang, locales.ButtonGotYes, nil), "partly": f.Catalog.T(lang, locales.ButtonGotPartly, nil),
		"no": f.Catalog.T(lang, locales.ButtonGotNo, nil),
	}
	for k, v := range st.FollowUps {
		answers[string(k)] = v
	}
	return f.Catalog.T(lang, locales.ReferralStats, map[string]any{
		"Requests":  st.Requests.Text(fewer),
		"ByNeed":    list(st.ByNeed, needName),
		"ByRegion":  list(st.ByRegion, func(k string) string { return f.Regions.Name(k, lang) }),
		"ByOutcome": list(st.ByOutcome, func(k string) string { return cmp.Or(outcomes[k], k) }),
		"Claim":     claim,
		"FollowUps": list(answers, func(k string) string { return cmp.Or(answerNames[k], k) }),
	})
}
