package flows

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// Where a picker was opened from: during onboarding the next step follows,
// from settings the person goes back to the overview.
const (
	fromOnboarding = "o"
	fromSettings   = "s"
)

var sourcePayload = regexp.MustCompile(`^src_([A-Za-z0-9_-]{1,64})$`)

// start handles /start with or without a deep-link payload.
func (t *turn) start(ctx context.Context) error {
	if m := sourcePayload.FindStringSubmatch(t.in.Payload); m != nil {
		// Counted per day, never stored with the person.
		if err := t.People.CountSource(ctx, m[1], t.Now()); err != nil {
			return fmt.Errorf("counting source: %w", err)
		}
	}
	if code, ok := orgs.ParseJoinPayload(t.in.Payload); ok {
		if err := t.startJoin(ctx, code); err != nil {
			return err
		}
	}
	if t.onboarded() {
		return t.mainMenu(ctx, locales.WelcomeBack, false)
	}
	return t.resumeOnboarding(ctx, nil)
}

// resumeOnboarding shows the step the person is at, worked out from what is
// saved so that a restart or a lost state never strands anyone.
func (t *turn) resumeOnboarding(ctx context.Context, note *i18n.Message) error {
	if note != nil && t.p != nil {
		if err := t.reply(ctx, t.tr(note, nil), nil, false); err != nil {
			return err
		}
	}
	switch {
	case t.p == nil && t.st.Lang == "":
		return t.languagePicker(ctx, fromOnboarding, false)
	case t.p == nil:
		return t.privacyNotice(ctx, false)
	case len(t.p.Regions) == 0 || t.st.Step == stepRegions:
		return t.countryPicker(ctx, fromOnboarding, false)
	default:
		return t.groupPicker(ctx, fromOnboarding, false)
	}
}

// languagePicker lists the languages by their own names; the suggested or
// current one is marked.
func (t *turn) languagePicker(ctx context.Context, from string, edit bool) error {
	var kb bot.Keyboard
	var row []bot.Button
	for _, l := range locales.Languages {
		name := t.Catalog.T(l, locales.LanguageName, nil)
		if l == t.lang {
			name = "✓ " + name
		}
		row = append(row, t.button(name, "lang", l, from))
		if len(row) == 2 {
			kb = append(kb, row)
			row = nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	if from == fromSettings {
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "settings")))
	} else {
		// The very first screen: the overdose guide is one tap away even
		// before anything else.
		kb = append(kb, bot.Row(t.overdoseButton()))
		t.st.Step = stepLanguage
		if err := t.saveState(ctx); err != nil {
			return err
		}
	}
	return t.reply(ctx, t.tr(locales.ChooseLanguage, nil), kb, edit)
}

// chooseLanguage saves the language: on the profile if there is one, else in
// the conversation state until the person agrees to the privacy notice.
func (t *turn) chooseLanguage(ctx context.Context, lang, from string) error {
	if !locales.Supported(lang) {
		return t.stale(ctx)
	}
	t.lang = lang
	if t.p != nil {
		t.p.Lang = lang
		if err := t.People.SavePerson(ctx, t.p); err != nil {
			return fmt.Errorf("saving language: %w", err)
		}
		if from == fromSettings || t.onboarded() {
			return t.settings(ctx, true)
		}
		return t.resumeOnboarding(ctx, nil)
	}
	t.st.Lang = lang
	return t.privacyNotice(ctx, true)
}

func (t *turn) privacyNotice(ctx context.Context, edit bool) error {
	t.st.Step = stepPrivacy
	if err := t.saveState(ctx); err != nil {
		return err
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonAgree, nil), "agree")),
		bot.Row(t.button(t.tr(locales.ButtonDecline, nil), "decline")),
	}
	return t.reply(ctx, t.tr(locales.PrivacyNotice, nil), kb, edit)
}

// agree creates the profile: the first moment anything about the person is
// stored in the database, and so the moment an invite from /start join_CODE
// is redeemed. Every substance group is on by default, so nobody
// misses an alert because they skipped a step.
func (t *turn) agree(ctx context.Context) error {
	join := t.st.Join
	if t.p == nil {
		p, err := t.People.CreatePerson(ctx, t.in.Chat, t.lang)
		if err != nil {
			return fmt.Errorf("creating person: %w", err)
		}
		now := t.Now()
		p.ConsentedAt = &now
		p.SubstanceGroups = slices.Clone(people.SubstanceGroups)
		p.Active = true
		if err := t.People.SavePerson(ctx, p); err != nil {
			return fmt.Errorf("saving consent: %w", err)
		}
		t.p = p
	}
	if t.onboarded() {
		return t.mainMenu(ctx, nil, true)
	}
	// Redeemed before the state forgets the code: if this fails, the
	// redelivered press finds the code still there.
	edit := true
	if join != "" {
		// The privacy notice becomes the answer to the invite; the next
		// step follows as a new message under it.
		if err := t.join(ctx, join, true); err != nil {
			return err
		}
		edit = false
	}
	t.st = state{Step: stepRegions}
	if err := t.saveState(ctx); err != nil {
		return err
	}
	return t.countryPicker(ctx, fromOnboarding, edit)
}

func (t *turn) decline(ctx context.Context) error {
	if t.p != nil {
		return t.resumeOnboarding(ctx, nil)
	}
	if _, err := t.clearState(ctx); err != nil {
		return err
	}
	return t.reply(ctx, t.tr(locales.Declined, nil), nil, true)
}

// countryPicker lists the countries, with what is chosen so far.
func (t *turn) countryPicker(ctx context.Context, from string, edit bool) error {
	var kb bot.Keyboard
	var row []bot.Button
	for _, c := range t.Regions.Countries {
		name := t.Regions.Name(c.Code, t.lang)
		if t.countryChosen(c.Code) {
			name = "✓ " + name
		}
		row = append(row, t.button(name, "country", c.Code, from))
		if len(row) == 2 {
			kb = append(kb, row)
			row = nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonDone, nil), "regionsdone", from)))
	return t.reply(ctx, t.tr(locales.ChooseCountry, nil)+t.chosenRegions(), kb, edit)
}

// chosenRegions is a line naming what is chosen so far, or nothing.
func (t *turn) chosenRegions() string {
	if t.p == nil || len(t.p.Regions) == 0 {
		return ""
	}
	return "\n\n" + t.n(locales.RegionsSelected, len(t.p.Regions)) + "\n" + t.regionNames(t.p.Regions)
}

func (t *turn) countryChosen(code string) bool {
	if t.p == nil {
		return false
	}
	for _, r := range t.p.Regions {
		if r == code || strings.HasPrefix(r, code+"-") {
			return true
		}
	}
	return false
}

// regionPicker lists one country's regions as toggles.
func (t *turn) regionPicker(ctx context.Context, code, from string) error {
	c, ok := t.Regions.Country(code)
	if !ok {
		return t.stale(ctx)
	}
	mark := func(chosen bool, name string) string {
		if chosen {
			return "✅ " + name
		}
		return "▫️ " + name
	}
	kb := bot.Keyboard{bot.Row(t.button(mark(slices.Contains(t.p.Regions, c.Code), t.tr(locales.ButtonWholeCountry, nil)), "region", c.Code, from))}
	for _, r := range c.Regions {
		kb = append(kb, bot.Row(t.button(mark(slices.Contains(t.p.Regions, r.Code), t.Regions.Name(r.Code, t.lang)), "region", r.Code, from)))
	}
	kb = append(kb, bot.Row(
		t.button(t.tr(locales.ButtonOtherCountries, nil), "countries", from),
		t.button(t.tr(locales.ButtonDone, nil), "regionsdone", from),
	))
	text := t.tr(locales.ChooseRegions, map[string]any{"Country": bot.EscapeHTML(t.Regions.Name(c.Code, t.lang))}) + t.chosenRegions()
	return t.reply(ctx, text, kb, true)
}

// toggleRegion adds or removes a region. Choosing the whole country replaces
// its regions, and choosing a region replaces the whole country, so the
// list never says the same thing twice.
func (t *turn) toggleRegion(ctx context.Context, code, from string) error {
	c, ok := t.Regions.CountryOf(code)
	if !ok || t.p == nil {
		return t.stale(ctx)
	}
	if i := slices.Index(t.p.Regions, code); i >= 0 {
		t.p.Regions = slices.Delete(t.p.Regions, i, i+1)
	} else {
		t.p.Regions = slices.DeleteFunc(t.p.Regions, func(r string) bool {
			if code == c.Code {
				return strings.HasPrefix(r, c.Code+"-")
			}
			return r == c.Code
		})
		t.p.Regions = append(t.p.Regions, code)
	}
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("saving regions: %w", err)
	}
	return t.regionPicker(ctx, c.Code, from)
}

func (t *turn) regionsDone(ctx context.Context, from string) error {
	if t.p == nil {
		return t.stale(ctx)
	}
	if len(t.p.Regions) == 0 {
		t.answer = t.tr(locales.ChooseAtLeastOneRegion, nil)
		return nil
	}
	if from == fromSettings || t.onboarded() {
		return t.alertsOverview(ctx, true)
	}
	t.st.Step = stepGroups
	if err := t.saveState(ctx); err != nil {
		return err
	}
	return t.groupPicker(ctx, from, true)
}

// groupNames maps substance groups to their labels.
var groupNames = map[string]*i18n.Message{
	"opioids":       locales.GroupOpioids,
	"stimulants":    locales.GroupStimulants,
	"mdma":          locales.GroupMDMA,
	"sedatives":     locales.GroupSedatives,
	"dissociatives": locales.GroupDissociatives,
	"psychedelics":  locales.GroupPsychedelics,
	"cannabinoids":  locales.GroupCannabinoids,
}

func (t *turn) groupPicker(ctx context.Context, from string, edit bool) error {
	var kb bot.Keyboard
	for _, g := range people.SubstanceGroups {
		mark := "▫️ "
		if slices.Contains(t.p.SubstanceGroups, g) {
			mark = "✅ "
		}
		kb = append(kb, bot.Row(t.button(mark+t.tr(groupNames[g], nil), "group", g, from)))
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonDone, nil), "groupsdone", from)))
	return t.reply(ctx, t.tr(locales.ChooseGroups, nil), kb, edit)
}

func (t *turn) toggleGroup(ctx context.Context, g, from string) error {
	if t.p == nil || groupNames[g] == nil {
		return t.stale(ctx)
	}
	if i := slices.Index(t.p.SubstanceGroups, g); i >= 0 {
		t.p.SubstanceGroups = slices.Delete(t.p.SubstanceGroups, i, i+1)
	} else {
		t.p.SubstanceGroups = append(t.p.SubstanceGroups, g)
	}
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("saving substance groups: %w", err)
	}
	return t.groupPicker(ctx, from, true)
}

// groupsDone finishes onboarding, or returns to the overview.
func (t *turn) groupsDone(ctx context.Context, from string) error {
	if t.p == nil {
		return t.stale(ctx)
	}
	if from == fromSettings || t.onboarded() {
		return t.alertsOverview(ctx, true)
	}
	if len(t.p.Regions) == 0 {
		return t.countryPicker(ctx, fromOnboarding, true)
	}
	now := t.Now()
	t.p.OnboardedAt = &now
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("finishing onboarding: %w", err)
	}
	if _, err := t.clearState(ctx); err != nil {
		return err
	}
	done := t.tr(locales.OnboardingDone, map[string]any{"Regions": t.regionNames(t.p.Regions)})
	if err := t.reply(ctx, done, nil, true); err != nil {
		return err
	}
	return t.mainMenu(ctx, nil, false)
}

// regionNames lists regions by name in the turn's language, escaped.
func (t *turn) regionNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = bot.EscapeHTML(t.Regions.Name(c, t.lang))
	}
	return strings.Join(names, ", ")
}
