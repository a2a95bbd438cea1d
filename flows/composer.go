package flows

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// The alert composer: people linked to a drug-checking partner (/partner
// CODE) write an alert step by step (/newalert), mostly with buttons, see
// it as people will in any language, and publish it or submit it for
// review. The draft lives in Redis, so it survives restarts and moves
// between replicas; nothing reaches the database before Publish.

// PartnerMembers links people to the partner they compose alerts for;
// *postgres.PartnerMemberStore satisfies it.
type PartnerMembers interface {
	LinkPartner(ctx context.Context, code string, person people.PersonID) (p *alerts.Partner, already bool, err error)
	PartnerOf(ctx context.Context, person people.PersonID) (*alerts.Partner, error)
}

// AlertSubmitter takes a composed alert; *alerts.Service satisfies it.
type AlertSubmitter interface {
	Submit(ctx context.Context, p *alerts.Partner, a *alerts.Alert, format alerts.Format) (*alerts.Stored, bool, error)
}

// composeAction is the callback action of every composer button. Its
// arguments are the draft's id, an operation and the operation's value: a
// button of a discarded or published draft is stale.
const composeAction = "na"

// The composer's steps, in order. The sub-steps of contents (group,
// substance, amount) and of advice (text) come back to their step.
const (
	stepPhoto      = "photo"
	stepSoldAs     = "soldas"
	stepForm       = "form"
	stepContents   = "contents"
	stepGroup      = "group"
	stepSubstance  = "substance"
	stepAmount     = "amount"
	stepOverdoses  = "overdoses"
	stepSeverity   = "severity"
	stepAreas      = "regions"
	stepAdvice     = "advice"
	stepAdviceText = "advicetext"
	stepExpiry     = "expiry"
	stepPreview    = "preview"
	// stepParked: the person left with Back from the first step; the draft
	// waits for /newalert and typed messages are not taken for it.
	stepParked = ""
)

// composeSteps are the numbered steps, for the "3/10" in titles.
var composeSteps = []string{stepPhoto, stepSoldAs, stepForm, stepContents, stepOverdoses, stepSeverity, stepAreas, stepAdvice, stepExpiry, stepPreview}

// stepTitles name the numbered steps; sub-steps carry their step's title.
var stepTitles = map[string]*i18n.Message{
	stepPhoto: locales.ComposeTitlePhoto, stepSoldAs: locales.AlertSoldAs, stepForm: locales.AlertForm,
	stepContents: locales.AlertContents, stepOverdoses: locales.ComposeTitleOverdoses,
	stepSeverity: locales.ComposeTitleSeverity, stepAreas: locales.AlertRegions, stepAdvice: locales.AlertAdvice,
	stepExpiry: locales.AlertExpires, stepPreview: locales.ComposeTitlePreview,
}

// numberedStep is the numbered step a step belongs to.
func numberedStep(step string) string {
	switch step {
	case stepGroup, stepSubstance, stepAmount:
		return stepContents
	case stepAdviceText:
		return stepAdvice
	}
	return step
}

// expiryChoices are the durations offered, in days; 0 is no end date.
var expiryChoices = []int{3, 7, 14, 0}

// draft is an alert being composed. It holds the partner's words for the
// alert (sold as, advice), which are to be published, never anything about
// the person composing it.
type draft struct {
	// ID tells this draft's buttons from an earlier one's; Identifier is
	// the alert's partner identifier, so a Publish pressed twice makes one
	// alert.
	ID         string           `json:"id"`
	Identifier string           `json:"ident"`
	Partner    alerts.PartnerID `json:"p"`
	Step       string           `json:"s,omitempty"`

	Photo     string            `json:"ph,omitempty"`
	SoldAs    string            `json:"sa,omitempty"`
	Form      alerts.Form       `json:"f,omitempty"`
	Contents  []alerts.Content  `json:"c,omitempty"`
	Group     string            `json:"g,omitempty"`  // the substance group being browsed
	Substance string            `json:"sb,omitempty"` // the substance waiting for its amount
	Overdoses *bool             `json:"o,omitempty"`
	Severity  alerts.Severity   `json:"sv,omitempty"`
	Regions   []string          `json:"r,omitempty"`
	Advice    map[string]string `json:"a,omitempty"`
	Lang      string            `json:"al,omitempty"` // the language advice is being typed in
	Expiry    *int              `json:"e,omitempty"`  // days chosen; 0 is no end date
	// Expires is counted when the expiry is chosen, so that the preview
	// shows the very time that is published.
	Expires time.Time `json:"x,omitzero"`
}

// alert is the draft as an alert; the service sets its sent time.
func (d *draft) alert() *alerts.Alert {
	a := &alerts.Alert{
		Identifier: d.Identifier, MsgType: alerts.MsgAlert,
		SoldAs: d.SoldAs, Form: d.Form, Contents: d.Contents, Severity: d.Severity,
		Advice: d.Advice, PhotoFileID: d.Photo, Regions: d.Regions,
	}
	if d.Overdoses != nil {
		a.LinkedToOverdoses = *d.Overdoses
	}
	a.Expires = d.Expires
	return a
}

// composer is one update's view of the composer: the draft and the
// partner it is written for.
type composer struct {
	*turn
	d       *draft
	partner *alerts.Partner
}

// draftKey is where the draft lives, next to the onboarding state.
func (t *turn) draftKey() string { return "compose:" + t.Keys(t.in.Chat) }

func (t *turn) loadAlertDraft(ctx context.Context) (*draft, error) {
	return loadDraft(ctx, t.States, t.draftKey(), "alert draft", func(d *draft) string { return d.ID })
}

func (c *composer) save(ctx context.Context) error {
	return c.saveDraft(ctx, c.draftKey(), "alert draft", c.d)
}

func (t *turn) dropDraft(ctx context.Context) (bool, error) {
	existed, err := t.States.DeleteState(ctx, t.draftKey())
	if err != nil {
		return false, fmt.Errorf("deleting alert draft: %w", err)
	}
	return existed, nil
}

// partnerOf returns the partner the person composes for, nil when none.
func (t *turn) partnerOf(ctx context.Context) (*alerts.Partner, error) {
	p, err := t.Partners.PartnerOf(ctx, t.p.ID)
	if errors.Is(err, alerts.ErrNotPartnerMember) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("loading partner: %w", err)
	}
	return p, nil
}

// partnerCodeErrors are the replies to link codes that cannot be used; the
// wording is that of the staff group codes, which work the same way.
var partnerCodeErrors = map[error]*i18n.Message{
	alerts.ErrPartnerCodeUnknown: locales.GroupCodeUnknown,
	alerts.ErrPartnerCodeExpired: locales.GroupCodeExpired,
	alerts.ErrPartnerCodeUsed:    locales.GroupCodeUsed,
}

// linkPartner handles /partner CODE: after consent, it makes the person a
// member of the code's partner.
func (t *turn) linkPartner(ctx context.Context) error {
	if t.p == nil {
		return t.resumeOnboarding(ctx, locales.FinishSetupFirst)
	}
	if t.in.Payload == "" {
		return t.reply(ctx, t.tr(locales.PartnerLinkHowTo, nil), nil, false)
	}
	p, already, err := t.Partners.LinkPartner(ctx, t.in.Payload, t.p.ID)
	for e, msg := range partnerCodeErrors {
		if errors.Is(err, e) {
			return t.reply(ctx, t.tr(msg, nil), nil, false)
		}
	}
	if err != nil {
		return fmt.Errorf("linking partner: %w", err)
	}
	msg := locales.PartnerLinked
	if already {
		msg = locales.PartnerAlreadyLinked
	} else {
		t.Log.Info("partner member linked", "chat", t.Keys(t.in.Chat), "partner", int64(p.ID))
	}
	return t.reply(ctx, t.tr(msg, map[string]any{"Partner": bot.EscapeHTML(p.Name)}), nil, false)
}

// newAlert handles /newalert: a partner member starts a draft, or picks up
// the one they left; anyone else hears that the command is unknown.
func (t *turn) newAlert(ctx context.Context) error {
	partner, err := t.partnerOf(ctx)
	if err != nil {
		return err
	}
	if partner == nil {
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	if partner.Revoked() {
		return t.partnerRevoked(ctx, partner)
	}
	d, err := t.loadAlertDraft(ctx)
	if err != nil {
		return err
	}
	c := &composer{turn: t, d: d, partner: partner}
	if d != nil && d.Partner == partner.ID {
		if d.Step == stepParked {
			d.Step = stepPhoto
		}
		if err := t.reply(ctx, t.tr(locales.ComposeResume, nil), nil, false); err != nil {
			return err
		}
		return c.show(ctx, d.Step, nil, false)
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	c.d = &draft{ID: id, Identifier: fmt.Sprintf("bot-%d-%s", partner.ID, id), Partner: partner.ID}
	if len(partner.Regions) == 1 {
		// The only region the partner may publish for is surely meant.
		c.d.Regions = []string{partner.Regions[0]}
	}
	intro := t.tr(locales.ComposeStart, map[string]any{"Partner": bot.EscapeHTML(partner.Name)})
	return c.show(ctx, stepPhoto, &intro, false)
}

// randomID returns 8 random characters of base32 (40 bits): enough to tell
// one person's drafts apart, and to make identifiers unique per partner.
func randomID() (string, error) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a draft id: %w", err)
	}
	for i := range b {
		b[i] = alphabet[b[i]&31]
	}
	return string(b[:]), nil
}

func (t *turn) partnerRevoked(ctx context.Context, p *alerts.Partner) error {
	if _, err := t.dropDraft(ctx); err != nil {
		return err
	}
	return t.reply(ctx, t.tr(locales.PartnerRevoked, map[string]any{"Partner": bot.EscapeHTML(p.Name)}), nil, false)
}

// openComposer loads the partner of a draft, for a press or a message
// meant for the composer. It returns nil when there is nothing to compose:
// no draft, or the person no longer composes for its partner; answered is
// true when it told them so (the partner was revoked).
func (t *turn) openComposer(ctx context.Context, d *draft) (c *composer, answered bool, err error) {
	if d == nil {
		return nil, false, nil
	}
	partner, err := t.partnerOf(ctx)
	if err != nil {
		return nil, false, err
	}
	if partner == nil || partner.ID != d.Partner {
		// Unlinked, or linked to another partner since: the draft goes.
		_, err := t.dropDraft(ctx)
		return nil, false, err
	}
	if partner.Revoked() {
		return nil, true, t.partnerRevoked(ctx, partner)
	}
	return &composer{turn: t, d: d, partner: partner}, false, nil
}

// composeInput takes a typed message or a photo for the draft, when the
// draft waits for one. handled is false when there is no draft, or the
// person parked it: the message is then answered as usual.
func (t *turn) composeInput(ctx context.Context) (handled bool, err error) {
	if t.in.Kind != bot.KindText && t.in.Kind != bot.KindPhoto {
		return false, nil
	}
	d, err := t.loadAlertDraft(ctx)
	if err != nil || d == nil || d.Step == stepParked {
		return false, err
	}
	c, answered, err := t.openComposer(ctx, d)
	if err != nil || c == nil {
		// Without a composer the message is answered as usual.
		return answered, err
	}
	switch {
	case t.in.Kind == bot.KindPhoto && c.d.Step == stepPhoto:
		c.d.Photo = t.in.Photo
		return true, c.show(ctx, stepSoldAs, nil, false)
	case t.in.Kind == bot.KindText && c.d.Step == stepSoldAs:
		return true, c.typedSoldAs(ctx, strings.TrimSpace(t.in.Text))
	case t.in.Kind == bot.KindText && c.d.Step == stepAmount:
		return true, c.typedAmount(ctx, t.in.Text)
	case t.in.Kind == bot.KindText && c.d.Step == stepAdviceText:
		return true, c.typedAdvice(ctx, strings.TrimSpace(t.in.Text))
	}
	note := t.tr(locales.ComposeUseButtons, nil)
	return true, c.show(ctx, c.d.Step, &note, false)
}

// checkText says what is wrong with typed text, or "".
func (c *composer) checkText(s string, maxRunes int, multiline bool) string {
	if err := alerts.CheckText(s, maxRunes, multiline); err != nil {
		if len([]rune(s)) > maxRunes {
			return c.tr(locales.ComposeTooLong, map[string]any{"Max": maxRunes})
		}
		return c.tr(locales.ComposeBadText, nil)
	}
	return ""
}

func (c *composer) typedSoldAs(ctx context.Context, s string) error {
	if problem := c.checkText(s, alerts.MaxTextRunes, false); problem != "" || s == "" {
		if s == "" {
			problem = c.tr(locales.ComposeSoldAs, nil)
		}
		return c.show(ctx, stepSoldAs, &problem, false)
	}
	c.d.SoldAs = s
	return c.show(ctx, stepForm, nil, false)
}

// amountProblems are the replies to amounts ParseAmount refuses.
var amountProblems = map[alerts.AmountProblem]*i18n.Message{
	alerts.AmountNotUnderstood: locales.ComposeAmountUnclear,
	alerts.AmountUnknownUnit:   locales.ComposeAmountUnit,
	alerts.AmountAmbiguous:     locales.ComposeAmountAmbiguous,
	alerts.AmountOutOfRange:    locales.ComposeAmountRange,
}

func (c *composer) typedAmount(ctx context.Context, s string) error {
	amount, unit, err := alerts.ParseAmount(s)
	if err != nil {
		var ae *alerts.AmountError
		msg := locales.ComposeAmountUnclear
		if errors.As(err, &ae) && amountProblems[ae.Problem] != nil {
			msg = amountProblems[ae.Problem]
		}
		problem := c.tr(msg, map[string]any{"Units": bot.EscapeHTML(strings.Join(alerts.Units, ", "))})
		return c.show(ctx, stepAmount, &problem, false)
	}
	return c.addContent(ctx, alerts.Content{Substance: c.d.Substance, Amount: amount, Unit: unit}, false)
}

func (c *composer) typedAdvice(ctx context.Context, s string) error {
	if problem := c.checkText(s, alerts.MaxAdviceRunes, true); problem != "" || s == "" {
		if s == "" {
			problem = c.tr(locales.ComposeAdviceText, map[string]any{"Language": c.Catalog.T(c.d.Lang, locales.LanguageName, nil)})
		}
		return c.show(ctx, stepAdviceText, &problem, false)
	}
	if c.d.Advice == nil {
		c.d.Advice = map[string]string{}
	}
	c.d.Advice[c.d.Lang] = s
	c.d.Lang = ""
	return c.show(ctx, stepAdvice, nil, false)
}

// addContent adds the substance waiting for its amount and shows what was
// found so far.
func (c *composer) addContent(ctx context.Context, content alerts.Content, edit bool) error {
	if _, ok := c.Renderer.Substances.Substance(content.Substance); !ok {
		return c.show(ctx, stepGroup, nil, edit)
	}
	if len(c.d.Contents) >= alerts.MaxContents {
		return c.show(ctx, stepContents, nil, edit)
	}
	c.d.Contents = append(c.d.Contents, content)
	c.d.Substance, c.d.Group = "", ""
	return c.show(ctx, stepContents, nil, edit)
}

// composeButton handles a press of a composer button.
func (t *turn) composeButton(ctx context.Context, cb bot.Callback) error {
	d, err := t.loadAlertDraft(ctx)
	if err != nil {
		return err
	}
	c, answered, err := t.openComposer(ctx, d)
	if err != nil || answered {
		return err
	}
	if c == nil || arg(cb, 0) != c.d.ID {
		return t.stale(ctx)
	}
	op, v := arg(cb, 1), arg(cb, 2)
	switch op {
	case "cancel":
		if _, err := t.dropDraft(ctx); err != nil {
			return err
		}
		return t.mainMenu(ctx, locales.ComposeCancelled, true)
	case "back":
		return c.back(ctx)
	case "step":
		// Go on from a step that is optional or already answered.
		return c.next(ctx, v)
	case "nophoto":
		c.d.Photo = ""
		return c.show(ctx, stepPhoto, nil, true)
	case "form":
		if f := alerts.Form(v); formNames[f] != nil {
			c.d.Form = f
			return c.show(ctx, stepGroupOrContents(c.d), nil, true)
		}
	case "grp":
		if groupNames[v] != nil {
			c.d.Group = v
			return c.show(ctx, stepSubstance, nil, true)
		}
	case "sub":
		if g, ok := c.Renderer.Substances.Group(v); ok {
			c.d.Group, c.d.Substance = g, v
			return c.show(ctx, stepAmount, nil, true)
		}
	case "amt":
		switch v {
		case "trace":
			return c.addContent(ctx, alerts.Content{Substance: c.d.Substance, Trace: true}, true)
		case "none":
			return c.addContent(ctx, alerts.Content{Substance: c.d.Substance}, true)
		}
	case "more":
		return c.show(ctx, stepGroup, nil, true)
	case "rmlast":
		if n := len(c.d.Contents); n > 0 {
			c.d.Contents = c.d.Contents[:n-1]
		}
		return c.show(ctx, stepGroupOrContents(c.d), nil, true)
	case "od":
		od := v == "1"
		c.d.Overdoses = &od
		return c.show(ctx, stepSeverity, nil, true)
	case "sev":
		n, _ := strconv.Atoi(v)
		if s := alerts.Severity(n); s.Valid() {
			c.d.Severity = s
			return c.show(ctx, stepAreas, nil, true)
		}
	case "reg":
		if slices.Contains(c.partner.Regions, v) {
			c.d.Regions = toggle(c.d.Regions, v)
			return c.show(ctx, stepAreas, nil, true)
		}
	case "alang":
		if locales.Supported(v) {
			c.d.Lang = v
			return c.show(ctx, stepAdviceText, nil, true)
		}
	case "exp":
		days, err := strconv.Atoi(v)
		if err == nil && slices.Contains(expiryChoices, days) {
			c.d.Expiry, c.d.Expires = &days, time.Time{}
			if days > 0 {
				// To the second, as the alert is stored.
				c.d.Expires = c.Now().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second)
			}
			return c.preview(ctx, c.lang)
		}
	case "prev":
		if locales.Supported(v) {
			return c.preview(ctx, v)
		}
	case "pub":
		return c.publish(ctx)
	}
	return t.stale(ctx)
}

// next leaves a step by its "go on" button, when the step allows it.
func (c *composer) next(ctx context.Context, from string) error {
	if from != c.d.Step {
		return c.stale(ctx)
	}
	switch from {
	case stepPhoto:
		return c.show(ctx, stepSoldAs, nil, true)
	case stepSoldAs:
		return c.show(ctx, stepForm, nil, true)
	case stepContents:
		if len(c.d.Contents) > 0 {
			return c.show(ctx, stepOverdoses, nil, true)
		}
	case stepAreas:
		if len(c.d.Regions) == 0 {
			c.answer = c.tr(locales.ChooseAtLeastOneRegion, nil)
			return nil
		}
		return c.show(ctx, stepAdvice, nil, true)
	case stepAdvice:
		if len(c.d.Advice) == 0 {
			c.answer = c.tr(locales.ComposeNeedAdvice, nil)
			return nil
		}
		return c.show(ctx, stepExpiry, nil, true)
	}
	return c.show(ctx, c.d.Step, nil, true)
}

// back goes to the step before the one shown; from the first step it
// parks the draft and shows the main menu.
func (c *composer) back(ctx context.Context) error {
	var prev string
	switch c.d.Step {
	case stepPhoto:
		c.d.Step = stepParked
		if err := c.save(ctx); err != nil {
			return err
		}
		return c.mainMenu(ctx, nil, true)
	case stepSoldAs:
		prev = stepPhoto
	case stepForm:
		prev = stepSoldAs
	case stepGroup:
		prev = stepForm
		if len(c.d.Contents) > 0 {
			prev = stepContents
		}
	case stepSubstance:
		prev = stepGroup
	case stepAmount:
		prev = stepSubstance
	case stepContents:
		prev = stepForm
	case stepOverdoses:
		prev = stepGroupOrContents(c.d)
	case stepSeverity:
		prev = stepOverdoses
	case stepAreas:
		prev = stepSeverity
	case stepAdvice:
		prev = stepAreas
	case stepAdviceText:
		prev = stepAdvice
	case stepExpiry:
		prev = stepAdvice
	default: // the preview
		prev = stepExpiry
	}
	return c.show(ctx, prev, nil, true)
}

// stepGroupOrContents is where contents start: the list when there is one,
// else the first substance's group.
func stepGroupOrContents(d *draft) string {
	if len(d.Contents) > 0 {
		return stepContents
	}
	return stepGroup
}

// toggle adds s to list, or removes it when it is there.
func toggle(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return append(list, s)
}
