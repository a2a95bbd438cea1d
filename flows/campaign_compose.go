package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// The campaign composer: an organisation's staff write a campaign step by
// step from /campaigns ("New campaign"): its main language and text,
// translations, a photo, who gets it and quiet hours, then save it as a
// draft, whose page offers the preview in every language and sending. The
// draft lives in Redis like the alert composer's; nothing reaches the
// database before Save. Link buttons are left to the API.

// campComposeAction is the callback action of every campaign composer
// button; its arguments are the draft's id, an operation and its value, so
// a button of a discarded or saved draft is stale.
const campComposeAction = "cc"

// The campaign composer's steps, in order; ccTrans (typing a translation)
// comes back to ccMore.
const (
	ccLang    = "lang"
	ccText    = "text"
	ccMore    = "more"
	ccTrans   = "trans"
	ccPhoto   = "photo"
	ccSegment = "seg"
	ccQuiet   = "quiet"
	ccSummary = "sum"
)

// ccSteps are the numbered steps, for the "3/7" in titles.
var ccSteps = []string{ccLang, ccText, ccMore, ccPhoto, ccSegment, ccQuiet, ccSummary}

// ccTitles name the numbered steps.
var ccTitles = map[string]*i18n.Message{
	ccLang: locales.CampCompTitleLang, ccText: locales.CampCompTitleText, ccMore: locales.CampCompTitleMore,
	ccPhoto: locales.CampCompTitlePhoto, ccSegment: locales.CampCompTitleSegment, ccQuiet: locales.CampCompTitleQuiet,
	ccSummary: locales.CampCompTitleSummary,
}

// campDraft is a campaign being written. It holds the organisation's words,
// which are to be broadcast, never anything about the person writing them.
type campDraft struct {
	ID    string            `json:"id"`
	Org   orgs.OrgID        `json:"o"`
	Step  string            `json:"s"`
	Lang  string            `json:"l,omitempty"` // the main language
	Texts map[string]string `json:"t,omitempty"`
	// Adding is the language of the translation being typed.
	Adding  string   `json:"a,omitempty"`
	Photo   string   `json:"ph,omitempty"` // a Telegram file id
	Regions []string `json:"r,omitempty"`
	Roles   []string `json:"ro,omitempty"`
	Langs   []string `json:"ls,omitempty"`
	// Quiet is nil until chosen; true keeps the default quiet hours.
	Quiet *bool `json:"q,omitempty"`
}

// campaign is the draft as a campaign of its organisation.
func (d *campDraft) campaign() *campaigns.Campaign {
	c := &campaigns.Campaign{
		Org: d.Org, Status: campaigns.Draft, Texts: d.Texts, DefaultLang: d.Lang, PhotoFileID: d.Photo,
		Segment: campaigns.Segment{Regions: d.Regions, Langs: d.Langs},
	}
	for _, r := range d.Roles {
		c.Segment.Roles = append(c.Segment.Roles, orgs.Role(r))
	}
	if d.Quiet == nil || *d.Quiet {
		c.QuietStart, c.QuietEnd = campaigns.DefaultQuietStart, campaigns.DefaultQuietEnd
	}
	return c
}

// campComposer is one update's view of the composer: the draft, the
// person's membership and the organisation (for its regions).
type campComposer struct {
	*turn
	d   *campDraft
	m   orgs.Membership
	org orgs.Org
}

func (t *turn) campDraftKey() string { return "campcompose:" + t.Keys(t.in.Chat) }

func (t *turn) loadCampDraft(ctx context.Context) (*campDraft, error) {
	return loadDraft(ctx, t.States, t.campDraftKey(), "campaign draft", func(d *campDraft) string { return d.ID })
}

func (c *campComposer) save(ctx context.Context) error {
	return c.saveDraft(ctx, c.campDraftKey(), "campaign draft", c.d)
}

func (t *turn) dropCampDraft(ctx context.Context) error {
	if _, err := t.States.DeleteState(ctx, t.campDraftKey()); err != nil {
		return fmt.Errorf("deleting campaign draft: %w", err)
	}
	return nil
}

// newCampaign starts a fresh draft for the organisation; an earlier
// draft's buttons go stale.
func (t *turn) newCampaign(ctx context.Context, m orgs.Membership) error {
	org, err := t.Orgs.Org(ctx, m.Org)
	if err != nil {
		return fmt.Errorf("loading organisation %d: %w", m.Org, err)
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	c := &campComposer{turn: t, d: &campDraft{ID: id, Org: m.Org}, m: m, org: org}
	intro := t.tr(locales.CampCompStart, map[string]any{"Org": bot.EscapeHTML(m.OrgName)})
	return c.show(ctx, ccLang, &intro, true)
}

// openCampComposer checks, for a press or a message meant for the draft,
// that the person is still staff of its organisation; when not, the draft
// goes and nil is returned.
func (t *turn) openCampComposer(ctx context.Context, d *campDraft) (*campComposer, error) {
	if d == nil {
		return nil, nil
	}
	m, ok, err := t.staffOf(ctx, strconv.FormatInt(int64(d.Org), 10))
	if err != nil {
		return nil, err
	}
	var org orgs.Org
	if ok {
		org, err = t.Orgs.Org(ctx, d.Org)
		if errors.Is(err, orgs.ErrNotFound) {
			ok = false
		} else if err != nil {
			return nil, fmt.Errorf("loading organisation %d: %w", d.Org, err)
		}
	}
	if !ok {
		return nil, t.dropCampDraft(ctx)
	}
	return &campComposer{turn: t, d: d, m: m, org: org}, nil
}

// campComposeInput takes a typed text or a photo for the draft. handled is
// false when there is no draft: the message is then answered as usual.
func (t *turn) campComposeInput(ctx context.Context) (handled bool, err error) {
	if t.in.Kind != bot.KindText && t.in.Kind != bot.KindPhoto {
		return false, nil
	}
	d, err := t.loadCampDraft(ctx)
	if err != nil || d == nil {
		return false, err
	}
	c, err := t.openCampComposer(ctx, d)
	if err != nil || c == nil {
		return false, err
	}
	typing := c.d.Step == ccText || c.d.Step == ccTrans
	switch {
	case t.in.Kind == bot.KindPhoto && c.d.Step == ccPhoto:
		return true, c.takePhoto(ctx, t.in.Photo)
	case t.in.Kind == bot.KindText && typing:
		return true, c.typedText(ctx, strings.TrimSpace(t.in.Text))
	case typing:
		note := t.tr(locales.CampCompEmpty, nil)
		return true, c.show(ctx, c.d.Step, &note, false)
	}
	note := t.tr(locales.ComposeUseButtons, nil)
	return true, c.show(ctx, c.d.Step, &note, false)
}

// textLimit is how long each text may be: a photo's caption is shorter.
func (c *campComposer) textLimit() int {
	if c.d.Photo != "" {
		return campaigns.MaxCaption
	}
	return campaigns.MaxText
}

// typedText takes the text in the main language or a translation, checked
// as campaigns.Validate checks it.
func (c *campComposer) typedText(ctx context.Context, s string) error {
	if s == "" {
		note := c.tr(locales.CampCompEmpty, nil)
		return c.show(ctx, c.d.Step, &note, false)
	}
	if n, limit := campaigns.Length(s), c.textLimit(); n > limit {
		note := c.tr(locales.CampCompTooLong, map[string]any{"Length": n, "Max": limit})
		return c.show(ctx, c.d.Step, &note, false)
	}
	lang := c.d.Lang
	if c.d.Step == ccTrans {
		lang = c.d.Adding
	}
	if !locales.Supported(lang) {
		return c.show(ctx, ccLang, nil, false)
	}
	if c.d.Texts == nil {
		c.d.Texts = map[string]string{}
	}
	c.d.Texts[lang], c.d.Adding = s, ""
	return c.show(ctx, ccMore, nil, false)
}

// takePhoto attaches a photo when every text fits in a caption.
func (c *campComposer) takePhoto(ctx context.Context, fileID string) error {
	for _, l := range locales.Languages {
		if campaigns.Length(c.d.Texts[l]) > campaigns.MaxCaption {
			note := c.tr(locales.CampCompPhotoTooLong, map[string]any{"Max": campaigns.MaxCaption, "Language": bot.EscapeHTML(c.langName(l))})
			return c.show(ctx, ccPhoto, &note, false)
		}
	}
	c.d.Photo = fileID
	return c.show(ctx, ccSegment, nil, false)
}

// campComposeButton handles a press of a campaign composer button.
func (t *turn) campComposeButton(ctx context.Context, cb bot.Callback) error {
	d, err := t.loadCampDraft(ctx)
	if err != nil {
		return err
	}
	c, err := t.openCampComposer(ctx, d)
	if err != nil {
		return err
	}
	if c == nil || arg(cb, 0) != c.d.ID {
		return t.stale(ctx)
	}
	op, v := arg(cb, 1), arg(cb, 2)
	switch op {
	case "cancel":
		if err := t.dropCampDraft(ctx); err != nil {
			return err
		}
		t.answer = t.tr(locales.CampCompCancelled, nil)
		return t.campaignList(ctx, c.m, true)
	case "back":
		return c.back(ctx)
	case "step":
		return c.next(ctx, v)
	case "lang":
		if locales.Supported(v) {
			c.d.Lang = v
			return c.show(ctx, ccText, nil, true)
		}
	case "tlang":
		if locales.Supported(v) && v != c.d.Lang {
			c.d.Adding = v
			return c.show(ctx, ccTrans, nil, true)
		}
	case "nophoto":
		c.d.Photo = ""
		return c.show(ctx, ccPhoto, nil, true)
	case "reg":
		if slices.Contains(c.org.Regions, v) {
			c.d.Regions = toggle(c.d.Regions, v)
			return c.show(ctx, ccSegment, nil, true)
		}
	case "role":
		if orgs.Role(v).Valid() {
			c.d.Roles = toggle(c.d.Roles, v)
			return c.show(ctx, ccSegment, nil, true)
		}
	case "slang":
		if locales.Supported(v) {
			c.d.Langs = toggle(c.d.Langs, v)
			return c.show(ctx, ccSegment, nil, true)
		}
	case "quiet":
		if v == "1" || v == "0" {
			keep := v == "1"
			c.d.Quiet = &keep
			return c.show(ctx, ccSummary, nil, true)
		}
	case "save":
		if c.d.Step == ccSummary {
			return c.saveCampaign(ctx)
		}
	}
	return t.stale(ctx)
}

// next leaves a step by its "go on" button, when the step allows it.
func (c *campComposer) next(ctx context.Context, from string) error {
	if from != c.d.Step {
		return c.stale(ctx)
	}
	switch from {
	case ccText:
		if c.d.Texts[c.d.Lang] != "" {
			return c.show(ctx, ccMore, nil, true)
		}
	case ccMore:
		return c.show(ctx, ccPhoto, nil, true)
	case ccPhoto:
		return c.show(ctx, ccSegment, nil, true)
	case ccSegment:
		return c.show(ctx, ccQuiet, nil, true)
	}
	return c.show(ctx, c.d.Step, nil, true)
}

// back goes to the step before; from the first step it discards the draft
// and shows the list of campaigns again.
func (c *campComposer) back(ctx context.Context) error {
	prev := map[string]string{
		ccText: ccLang, ccMore: ccText, ccTrans: ccMore, ccPhoto: ccMore,
		ccSegment: ccPhoto, ccQuiet: ccSegment, ccSummary: ccQuiet,
	}[c.d.Step]
	if prev == "" {
		if err := c.dropCampDraft(ctx); err != nil {
			return err
		}
		return c.campaignList(ctx, c.m, true)
	}
	c.d.Adding = ""
	return c.show(ctx, prev, nil, true)
}

// saveCampaign stores the draft as a campaign and shows its page. A
// campaign the rules refuse sends the person to the step to fix.
func (c *campComposer) saveCampaign(ctx context.Context) error {
	camp := c.d.campaign()
	// The author is named by the person's internal id, never by anything
	// Telegram knows about them.
	camp.CreatedBy = fmt.Sprintf("member:%d", c.p.ID)
	var ve *campaigns.ValidationError
	if err := camp.Validate(c.Regions, c.org.Regions); errors.As(err, &ve) {
		c.Log.Info("composed campaign refused", "chat", c.Keys(c.in.Chat), "org", int64(c.d.Org), "field", ve.Field)
		step := c.fieldStep(ve.Field)
		note := c.tr(locales.CampCompRefused, map[string]any{"Step": c.tr(ccTitles[ccNumbered(step)], nil)})
		return c.show(ctx, step, &note, true)
	} else if err != nil {
		return fmt.Errorf("validating composed campaign: %w", err)
	}
	created, err := c.Campaigns.Create(ctx, camp)
	if err != nil {
		return fmt.Errorf("saving composed campaign: %w", err)
	}
	if err := c.dropCampDraft(ctx); err != nil {
		return err
	}
	c.Log.Info("campaign composed in the bot", "campaign", int64(created.ID), "org", int64(c.d.Org), "by", camp.CreatedBy)
	c.answer = c.tr(locales.CampCompSaved, nil)
	return c.campaignPage(ctx, c.m, created, true)
}

// fieldStep is the step where a field of the campaign is set.
func (c *campComposer) fieldStep(field string) string {
	name, rest, _ := strings.Cut(field, ".")
	name, _, _ = strings.Cut(name, "[")
	switch name {
	case "texts":
		if rest == c.d.Lang {
			return ccText
		}
		return ccMore
	case "default_lang":
		return ccLang
	case "photo_url", "photo_file_id":
		return ccPhoto
	case "segment":
		return ccSegment
	case "quiet_start", "quiet_end":
		return ccQuiet
	}
	return ccSummary
}

// ccNumbered is the numbered step a step belongs to.
func ccNumbered(step string) string {
	if step == ccTrans {
		return ccMore
	}
	return step
}

// btn makes a button of this draft.
func (c *campComposer) btn(text, op string, value ...string) bot.Button {
	return c.button(text, campComposeAction, append([]string{c.d.ID, op}, value...)...)
}

func (c *campComposer) goOn(msg *i18n.Message) []bot.Button {
	return bot.Row(c.btn(c.tr(msg, nil), "step", c.d.Step))
}

// show saves the draft at step and shows the step, after an optional note.
func (c *campComposer) show(ctx context.Context, step string, note *string, edit bool) error {
	c.d.Step = step
	body, kb := c.screen()
	if err := c.save(ctx); err != nil {
		return err
	}
	n := ccNumbered(c.d.Step)
	text := fmt.Sprintf("<b>%d/%d · %s</b>\n\n%s", slices.Index(ccSteps, n)+1, len(ccSteps), c.tr(ccTitles[n], nil), body)
	if note != nil {
		text = *note + "\n\n" + text
	}
	nav := bot.Row(c.btn(c.tr(locales.ComposeButtonBack, nil), "back"), c.btn(c.tr(locales.ButtonCancel, nil), "cancel"))
	return c.reply(ctx, text, append(kb, nav), edit)
}

// langButtons are buttons of languages, two to a row, marked when chosen.
func (c *campComposer) langButtons(op string, skip string, chosen func(string) bool) bot.Keyboard {
	var bs []bot.Button
	for _, l := range locales.Languages {
		if l != skip {
			bs = append(bs, c.btn(mark(chosen(l), c.Catalog.T(l, locales.LanguageName, nil)), op, l))
		}
	}
	return rows(bs, 2)
}

// screen is the current step's text and buttons (without Back and Cancel).
func (c *campComposer) screen() (string, bot.Keyboard) {
	d := c.d
	switch d.Step {
	case ccLang:
		return c.tr(locales.CampCompLang, nil), c.langButtons("lang", "", func(l string) bool { return l == d.Lang })
	case ccText, ccTrans:
		lang := d.Lang
		if d.Step == ccTrans {
			lang = d.Adding
		}
		if !locales.Supported(lang) {
			break
		}
		name := bot.EscapeHTML(c.langName(lang))
		if have := d.Texts[lang]; have != "" {
			var kb bot.Keyboard
			if d.Step == ccText {
				kb = bot.Keyboard{c.goOn(locales.ComposeButtonNext)}
			}
			return c.tr(locales.CampCompTextHave, map[string]any{"Language": name, "Text": bot.EscapeHTML(clipRunes(have, campaignSnippet))}), kb
		}
		return c.tr(locales.CampCompText, map[string]any{"Language": name}), nil
	case ccMore:
		if !locales.Supported(d.Lang) || d.Texts[d.Lang] == "" {
			d.Step = ccText
			return c.screen()
		}
		text := c.tr(locales.CampCompMore, map[string]any{"Language": bot.EscapeHTML(c.langName(d.Lang))}) +
			"\n\n" + c.tr(locales.CampCompMoreHave, map[string]any{"List": c.textLangs()})
		kb := c.langButtons("tlang", d.Lang, func(l string) bool { return d.Texts[l] != "" })
		return text, append(kb, c.goOn(locales.ComposeButtonNext))
	case ccPhoto:
		if d.Photo != "" {
			return c.tr(locales.CampCompPhotoHave, nil), bot.Keyboard{
				bot.Row(c.btn(c.tr(locales.ComposeButtonRemovePhoto, nil), "nophoto")),
				c.goOn(locales.ComposeButtonNext),
			}
		}
		return c.tr(locales.CampCompPhoto, nil), bot.Keyboard{c.goOn(locales.ComposeButtonSkip)}
	case ccSegment:
		var kb bot.Keyboard
		var bs []bot.Button
		for _, r := range c.org.Regions {
			bs = append(bs, c.btn(mark(slices.Contains(d.Regions, r), "📍 "+c.Regions.Name(r, c.lang)), "reg", r))
		}
		kb = append(kb, rows(bs, 2)...)
		bs = nil
		for _, r := range orgs.Roles {
			bs = append(bs, c.btn(mark(slices.Contains(d.Roles, string(r)), "👤 "+c.tr(roleNames[r], nil)), "role", string(r)))
		}
		kb = append(kb, bs)
		kb = append(kb, c.langButtons("slang", "", func(l string) bool { return slices.Contains(d.Langs, l) })...)
		return c.tr(locales.CampCompSegment, nil), append(kb, c.goOn(locales.ComposeButtonNext))
	case ccQuiet:
		hours := map[string]any{"From": campaigns.DefaultQuietStart, "To": campaigns.DefaultQuietEnd}
		return c.tr(locales.CampCompQuiet, hours), bot.Keyboard{
			bot.Row(c.btn(mark(d.Quiet != nil && *d.Quiet, c.tr(locales.CampCompButtonKeepQuiet, hours)), "quiet", "1")),
			bot.Row(c.btn(mark(d.Quiet != nil && !*d.Quiet, c.tr(locales.CampCompButtonNoQuiet, nil)), "quiet", "0")),
		}
	case ccSummary:
		return c.summary(), bot.Keyboard{bot.Row(c.btn(c.tr(locales.CampCompButtonSave, nil), "save"))}
	}
	// An unknown step (a draft from another release): start again.
	d.Step = ccLang
	return c.screen()
}

// textLangs names the languages the draft has a text in, escaped.
func (c *campComposer) textLangs() string {
	var have []string
	for _, l := range locales.Languages {
		if c.d.Texts[l] != "" {
			have = append(have, bot.EscapeHTML(c.langName(l)))
		}
	}
	return strings.Join(have, ", ")
}

// summary says in a few lines what will be saved.
func (c *campComposer) summary() string {
	camp := c.d.campaign()
	text, in := camp.Text(camp.DefaultLang)
	lines := []string{
		c.tr(locales.CampCompSumLangs, map[string]any{"List": c.textLangs(), "Default": bot.EscapeHTML(c.langName(c.d.Lang))}),
		c.tr(locales.CampaignText, map[string]any{"Lang": c.langName(in), "Text": bot.EscapeHTML(clipRunes(text, campaignSnippet))}),
	}
	if c.d.Photo != "" {
		lines = append(lines, c.tr(locales.CampCompSumPhoto, nil))
	}
	lines = append(lines, c.tr(locales.CampaignSegment, map[string]any{"Segment": c.segmentSummary(camp.Segment)}))
	if camp.QuietStart != camp.QuietEnd {
		lines = append(lines, c.tr(locales.CampCompSumQuiet, map[string]any{"From": camp.QuietStart, "To": camp.QuietEnd}))
	} else {
		lines = append(lines, c.tr(locales.CampCompSumNoQuiet, nil))
	}
	return strings.Join(lines, "\n") + "\n\n" + c.tr(locales.CampCompSummary, nil)
}
