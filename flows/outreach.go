package flows

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/people"
)

// Outreach is the outreach log the flows need (*postgres.OutreachStore).
type Outreach interface {
	Hotspots(ctx context.Context, org orgs.OrgID) ([]outreach.Hotspot, error)
	SaveEntry(ctx context.Context, e *outreach.Entry) (outreach.EntryID, error)
	PeerTotals(ctx context.Context, person people.PersonID) (outreach.PeerTotals, error)
	Monthly(ctx context.Context, org orgs.OrgID, from, to outreach.Month) (outreach.Report, error)
	// AddHotspot lets staff name a new place in the bot.
	AddHotspot(ctx context.Context, h outreach.Hotspot) (outreach.Hotspot, error)
}

// shiftAction is the callback action of the shift log. Its arguments are
// the draft's id (so a button of an older draft is stale), an operation
// and its values; "new" starts a draft, with the organisation when the
// peer belongs to several.
const shiftAction = "sh"

// Steps of logging a shift, in order.
const (
	shiftDate      = "date"
	shiftDay       = "day" // picking another day
	shiftPlace     = "place"
	shiftContacts  = "contacts"
	shiftMaterials = "materials"
	shiftReferrals = "referrals"
	shiftOverdoses = "overdoses"
	shiftNote      = "note"
	shiftSummary   = "summary"
)

// shiftSteps is the order a new shift goes through.
var shiftSteps = []string{shiftDate, shiftPlace, shiftContacts, shiftMaterials, shiftReferrals, shiftOverdoses, shiftNote, shiftSummary}

// shiftDraft is a shift being logged, kept in conversation state so that
// it survives restarts and replicas. It holds no name: places are the
// organisation's hotspots or region codes.
type shiftDraft struct {
	ID        string                    `json:"id"`
	Org       orgs.OrgID                `json:"o"`
	Step      string                    `json:"s"`
	Review    bool                      `json:"rv,omitempty"` // came from the summary: go back to it
	Date      string                    `json:"d,omitempty"`  // 2006-01-02
	Hotspot   outreach.HotspotID        `json:"h,omitempty"`
	Label     string                    `json:"hl,omitempty"`
	Region    string                    `json:"r,omitempty"`
	Contacts  int                       `json:"c"`
	Materials map[outreach.Material]int `json:"m,omitempty"`
	Referrals map[outreach.Need]int     `json:"rf,omitempty"`
	Overdoses int                       `json:"od"`
	Naloxone  int                       `json:"nx"`
	Note      string                    `json:"n,omitempty"`
}

// materialNames and materialIcons name the materials; the icon alone is
// on the stepper buttons.
var materialNames = map[outreach.Material]*i18n.Message{
	outreach.Syringes:     locales.MaterialSyringes,
	outreach.Foil:         locales.MaterialFoil,
	outreach.Pipes:        locales.MaterialPipes,
	outreach.NaloxoneKits: locales.MaterialNaloxoneKits,
	outreach.Condoms:      locales.MaterialCondoms,
	outreach.TestStrips:   locales.MaterialTestStrips,
}

var materialIcons = map[outreach.Material]string{
	outreach.Syringes: "💉", outreach.Foil: "📜", outreach.Pipes: "🔥",
	outreach.NaloxoneKits: "🧰", outreach.Condoms: "🛡", outreach.TestStrips: "🧪",
}

// shiftNeedNames name the needs referrals are made for.
var shiftNeedNames = map[outreach.Need]*i18n.Message{
	outreach.NeedNaloxone:     locales.OutreachNeedNaloxone,
	outreach.NeedNSP:          locales.OutreachNeedNSP,
	outreach.NeedOST:          locales.OutreachNeedOST,
	outreach.NeedDrugChecking: locales.OutreachNeedDrugChecking,
	outreach.NeedTesting:      locales.OutreachNeedTesting,
	outreach.NeedDCR:          locales.OutreachNeedDCR,
	outreach.NeedShelter:      locales.OutreachNeedShelter,
	outreach.NeedFood:         locales.OutreachNeedFood,
	outreach.NeedLegal:        locales.OutreachNeedLegal,
	outreach.NeedMentalHealth: locales.OutreachNeedMentalHealth,
	outreach.NeedTreatment:    locales.OutreachNeedTreatment,
	outreach.NeedEmergency:    locales.OutreachNeedEmergency,
}

// maxHotspotButtons is how many hotspots the place step offers.
const maxHotspotButtons = 40

// shiftSteppers are the amounts the material buttons add.
var shiftSteppers = []int{-1, 1, 5, 10}

// shift is a draft being worked on in one turn.
type shift struct {
	*turn
	d *shiftDraft
}

func (t *turn) shiftKey() string { return "shift:" + t.Keys(t.in.Chat) }

func (t *turn) loadShift(ctx context.Context) (*shiftDraft, error) {
	return loadDraft(ctx, t.States, t.shiftKey(), "shift draft", func(d *shiftDraft) string { return d.ID })
}

func (s *shift) save(ctx context.Context) error {
	return s.saveDraft(ctx, s.shiftKey(), "shift draft", s.d)
}

// dropShift deletes the draft, and reports whether there was one.
func (t *turn) dropShift(ctx context.Context) (bool, error) {
	existed, err := t.States.DeleteState(ctx, t.shiftKey())
	if err != nil {
		return false, fmt.Errorf("deleting shift draft: %w", err)
	}
	return existed, nil
}

// dropOutreachState deletes a shift draft and a wait for a hotspot's
// label (for /forget), and reports whether there was either.
func (t *turn) dropOutreachState(ctx context.Context) (bool, error) {
	shift, err := t.dropShift(ctx)
	if err != nil {
		return false, err
	}
	wait, err := t.States.DeleteState(ctx, t.hotspotKey())
	if err != nil {
		return false, fmt.Errorf("deleting hotspot wait: %w", err)
	}
	return shift || wait, nil
}

// peerOrgs are the organisations the person may log shifts for: every one
// they belong to, since every role includes a peer worker's rights.
func (t *turn) peerOrgs(ctx context.Context) ([]orgs.Membership, error) {
	ms, err := t.Orgs.MembershipsOf(ctx, t.p.ID)
	if err != nil {
		return nil, fmt.Errorf("loading memberships: %w", err)
	}
	return slices.DeleteFunc(ms, func(m orgs.Membership) bool { return !m.Role.Includes(orgs.RolePeer) }), nil
}

// withShiftButton adds "Log a shift" under the overdose button of the main
// menu, for members of an organisation only. A failed lookup leaves the
// menu as it is: the menu matters more than the button.
func (t *turn) withShiftButton(ctx context.Context, kb bot.Keyboard) bot.Keyboard {
	if t.Outreach == nil || t.p == nil {
		return kb
	}
	ms, err := t.peerOrgs(ctx)
	if err != nil {
		t.Log.Warn("checking memberships for the menu", "chat", t.Keys(t.in.Chat), "err", err)
		return kb
	}
	if len(ms) == 0 || len(kb) == 0 {
		return kb
	}
	row := bot.Row(t.button(t.tr(locales.ButtonLogShift, nil), shiftAction, "new"))
	return slices.Insert(kb, 1, row)
}

// logShiftCommand answers /logshift.
func (t *turn) logShiftCommand(ctx context.Context) error {
	return t.newShift(ctx, "", false)
}

// newShift starts a draft for the organisation org ("" when not chosen
// yet), or takes up the unfinished one for it.
func (t *turn) newShift(ctx context.Context, org string, edit bool) error {
	ms, err := t.peerOrgs(ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return t.mainMenu(ctx, locales.ShiftNotPeer, false)
	}
	var chosen *orgs.Membership
	switch {
	case len(ms) == 1:
		chosen = &ms[0]
	case org != "":
		for i := range ms {
			if strconv.FormatInt(int64(ms[i].Org), 10) == org {
				chosen = &ms[i]
			}
		}
	}
	if chosen == nil {
		var kb bot.Keyboard
		for _, m := range ms {
			kb = append(kb, bot.Row(t.button(clipRunes(m.OrgName, 60), shiftAction, "new", strconv.FormatInt(int64(m.Org), 10))))
		}
		return t.reply(ctx, t.tr(locales.ShiftPickOrg, nil), kb, edit)
	}
	// An unfinished shift for the same organisation is taken up where it
	// was left: a peer interrupted on the street loses nothing.
	d, err := t.loadShift(ctx)
	if err != nil {
		return err
	}
	if d != nil && d.Org == chosen.Org {
		return (&shift{turn: t, d: d}).show(ctx, nil, edit)
	}
	s := &shift{turn: t, d: &shiftDraft{ID: newDraftID(), Org: chosen.Org, Step: shiftDate}}
	if err := s.save(ctx); err != nil {
		return err
	}
	return s.show(ctx, nil, edit)
}

// newDraftID is a short random id, so buttons of an older draft are
// recognised as stale.
func newDraftID() string {
	var b [5]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// openShift loads the draft for a press or a message, and checks that the
// person still belongs to its organisation. It returns nil when there is
// nothing to log.
func (t *turn) openShift(ctx context.Context) (*shift, error) {
	d, err := t.loadShift(ctx)
	if err != nil || d == nil {
		return nil, err
	}
	ms, err := t.peerOrgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Org == d.Org {
			return &shift{turn: t, d: d}, nil
		}
	}
	// No longer a member: the draft can never be saved.
	if _, err := t.dropShift(ctx); err != nil {
		return nil, err
	}
	return nil, nil
}

// shiftButton handles the shift log's buttons.
func (t *turn) shiftButton(ctx context.Context, c bot.Callback) error {
	if arg(c, 0) == "new" {
		return t.newShift(ctx, arg(c, 1), true)
	}
	s, err := t.openShift(ctx)
	if err != nil {
		return err
	}
	if s == nil || s.d.ID != arg(c, 0) {
		return t.stale(ctx)
	}
	op, v := arg(c, 1), arg(c, 2)
	switch op {
	case "go":
		if !slices.Contains(shiftSteps, v) && v != shiftDay {
			return t.stale(ctx)
		}
		return s.goTo(ctx, v, true)
	case "next":
		return s.next(ctx)
	case "d":
		day, err := time.Parse("20060102", v)
		if err != nil {
			return t.stale(ctx)
		}
		s.d.Date = day.Format(time.DateOnly)
		return s.next(ctx)
	case "ph":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return t.stale(ctx)
		}
		hs, err := t.Outreach.Hotspots(ctx, s.d.Org)
		if err != nil {
			return fmt.Errorf("loading hotspots: %w", err)
		}
		i := slices.IndexFunc(hs, func(h outreach.Hotspot) bool { return int64(h.ID) == id })
		if i < 0 {
			return t.stale(ctx)
		}
		s.d.Hotspot, s.d.Label, s.d.Region = hs[i].ID, hs[i].Label, ""
		return s.next(ctx)
	case "pr":
		if !t.Regions.Valid(v) {
			return t.stale(ctx)
		}
		s.d.Hotspot, s.d.Label, s.d.Region = 0, "", v
		return s.next(ctx)
	case "c":
		n, err := outreach.ParseCount(v)
		if err != nil {
			return t.stale(ctx)
		}
		s.d.Contacts = n
		return s.next(ctx)
	case "m":
		m := outreach.Material(v)
		delta, err := strconv.Atoi(arg(c, 3))
		if !m.Valid() || err != nil || !slices.Contains(shiftSteppers, delta) {
			return t.stale(ctx)
		}
		if s.d.Materials == nil {
			s.d.Materials = map[outreach.Material]int{}
		}
		s.d.Materials[m] = min(max(s.d.Materials[m]+delta, 0), outreach.MaxCount)
		return s.stay(ctx)
	case "r":
		need := outreach.Need(v)
		if !need.Valid() {
			return t.stale(ctx)
		}
		if s.d.Referrals == nil {
			s.d.Referrals = map[outreach.Need]int{}
		}
		s.d.Referrals[need] = min(s.d.Referrals[need]+1, outreach.MaxCount)
		return s.stay(ctx)
	case "rc":
		s.d.Referrals = nil
		return s.stay(ctx)
	case "o", "x":
		delta, err := strconv.Atoi(v)
		if err != nil || (delta != 1 && delta != -1) {
			return t.stale(ctx)
		}
		if op == "o" {
			s.d.Overdoses = min(max(s.d.Overdoses+delta, 0), outreach.MaxCount)
		} else {
			s.d.Naloxone = min(max(s.d.Naloxone+delta, 0), outreach.MaxCount)
		}
		return s.stay(ctx)
	case "nd":
		s.d.Note = ""
		return s.stay(ctx)
	case "save":
		return s.saveShift(ctx)
	case "cancel":
		if _, err := t.dropShift(ctx); err != nil {
			return err
		}
		return t.mainMenu(ctx, locales.ShiftCancelled, true)
	}
	return t.stale(ctx)
}

// stay saves the draft and shows the same step again, in place.
func (s *shift) stay(ctx context.Context) error {
	if err := s.save(ctx); err != nil {
		return err
	}
	return s.show(ctx, nil, true)
}

// goTo shows a step; from the summary, the step leads back to it.
func (s *shift) goTo(ctx context.Context, step string, edit bool) error {
	if s.d.Step == shiftSummary && step != shiftSummary {
		s.d.Review = true
	}
	s.d.Step = step
	if err := s.save(ctx); err != nil {
		return err
	}
	return s.show(ctx, nil, edit)
}

// next moves on from the current step: to the following one, or back to
// the summary when a part was being changed.
func (s *shift) next(ctx context.Context) error {
	to := shiftSummary
	if !s.d.Review {
		if i := slices.Index(shiftSteps, s.d.Step); i >= 0 && i+1 < len(shiftSteps) {
			to = shiftSteps[i+1]
		} else if s.d.Step == shiftDay {
			to = shiftPlace
		}
	}
	if to == shiftSummary {
		s.d.Review = false
	}
	s.d.Step = to
	if err := s.save(ctx); err != nil {
		return err
	}
	// After a typed message the step comes as a new message, under it.
	return s.show(ctx, nil, s.in.Kind == bot.KindCallback)
}

// btn is a button of this draft.
func (s *shift) btn(text, op string, args ...string) bot.Button {
	return s.button(text, shiftAction, append([]string{s.d.ID, op}, args...)...)
}

// show renders the current step, after an optional note.
func (s *shift) show(ctx context.Context, note *string, edit bool) error {
	text, kb, err := s.render(ctx)
	if err != nil {
		return err
	}
	if note != nil {
		text = *note + "\n\n" + text
	}
	return s.reply(ctx, text, kb, edit)
}

// localNow is now on the peer's clock: the time zone of their first
// region's country, so "today" turns at their midnight, not UTC's.
func (s *shift) localNow() time.Time {
	now := s.Now()
	if s.p != nil && len(s.p.Regions) > 0 {
		if c, ok := s.Regions.CountryOf(s.p.Regions[0]); ok && c.Location != nil {
			return now.In(c.Location)
		}
	}
	return now
}

func (s *shift) render(ctx context.Context) (string, bot.Keyboard, error) {
	d := s.d
	cancel := bot.Row(s.btn(s.tr(locales.ButtonShiftCancel, nil), "cancel"))
	next := s.btn(s.tr(locales.ButtonShiftNext, nil), "next")
	head := s.tr(locales.ShiftTitle, nil) + "\n\n"
	today := outreach.Day(s.localNow())
	switch d.Step {
	case shiftDate:
		kb := bot.Keyboard{
			bot.Row(s.btn(s.tr(locales.ButtonShiftToday, nil), "d", today.Format("20060102")),
				s.btn(s.tr(locales.ButtonShiftYesterday, nil), "d", today.AddDate(0, 0, -1).Format("20060102"))),
			bot.Row(s.btn(s.tr(locales.ButtonShiftOtherDay, nil), "go", shiftDay)),
			cancel,
		}
		return head + s.tr(locales.ShiftAskDate, nil), kb, nil
	case shiftDay:
		var kb bot.Keyboard
		var row []bot.Button
		for i := 2; i <= 13; i++ {
			day := today.AddDate(0, 0, -i)
			row = append(row, s.btn(day.Format("02.01"), "d", day.Format("20060102")))
			if len(row) == 4 {
				kb, row = append(kb, row), nil
			}
		}
		return head + s.tr(locales.ShiftAskDay, nil), append(kb, cancel), nil
	case shiftPlace:
		kb, err := s.placeButtons(ctx)
		if err != nil {
			return "", nil, err
		}
		return head + s.tr(locales.ShiftAskPlace, nil), append(kb, cancel), nil
	case shiftContacts:
		var kb bot.Keyboard
		for _, r := range [][]int{{0, 1, 2, 3, 4}, {5, 8, 10, 15, 20}, {25, 30, 40, 50, 75}} {
			var row []bot.Button
			for _, n := range r {
				row = append(row, s.btn(strconv.Itoa(n), "c", strconv.Itoa(n)))
			}
			kb = append(kb, row)
		}
		return head + s.tr(locales.ShiftAskContacts, map[string]any{"Count": d.Contacts}), append(kb, bot.Row(next), cancel), nil
	case shiftMaterials:
		var kb bot.Keyboard
		var lines []string
		for _, m := range outreach.Materials {
			icon := materialIcons[m]
			lines = append(lines, icon+" "+bot.EscapeHTML(s.tr(materialNames[m], nil))+": <b>"+strconv.Itoa(d.Materials[m])+"</b>")
			var row []bot.Button
			for _, step := range shiftSteppers {
				label := fmt.Sprintf("%s %+d", icon, step)
				row = append(row, s.btn(strings.Replace(label, "-", "−", 1), "m", string(m), strconv.Itoa(step)))
			}
			kb = append(kb, row)
		}
		text := head + s.tr(locales.ShiftAskMaterials, map[string]any{"List": strings.Join(lines, "\n")})
		return text, append(kb, bot.Row(next), cancel), nil
	case shiftReferrals:
		var kb bot.Keyboard
		var row []bot.Button
		for _, n := range outreach.Needs {
			label := s.tr(shiftNeedNames[n], nil)
			if c := d.Referrals[n]; c > 0 {
				label += " · " + strconv.Itoa(c)
			}
			row = append(row, s.btn(label, "r", string(n)))
			if len(row) == 2 {
				kb, row = append(kb, row), nil
			}
		}
		kb = append(kb, bot.Row(s.btn(s.tr(locales.ButtonShiftClear, nil), "rc"), next), cancel)
		return head + s.tr(locales.ShiftAskReferrals, map[string]any{"List": s.referralList(d.Referrals, exact)}), kb, nil
	case shiftOverdoses:
		kb := bot.Keyboard{
			bot.Row(s.btn("🆘 −1", "o", "-1"), s.btn("🆘 +1", "o", "1")),
			bot.Row(s.btn("💊 −1", "x", "-1"), s.btn("💊 +1", "x", "1")),
			bot.Row(next), cancel,
		}
		return head + s.tr(locales.ShiftAskOverdoses, map[string]any{"Overdoses": d.Overdoses, "Naloxone": d.Naloxone}), kb, nil
	case shiftNote:
		kb := bot.Keyboard{bot.Row(s.btn(s.tr(locales.ButtonShiftSkip, nil), "next"))}
		if d.Note != "" {
			kb = append(kb, bot.Row(s.btn(s.tr(locales.ButtonShiftRemoveNote, nil), "nd")))
		}
		return head + s.tr(locales.ShiftAskNote, map[string]any{"Max": outreach.MaxNoteLen}), append(kb, cancel), nil
	}
	// The summary, also for a step from an older release.
	d.Step = shiftSummary
	kb := bot.Keyboard{
		bot.Row(s.btn(s.tr(locales.ButtonShiftSave, nil), "save")),
		bot.Row(s.btn("📅", "go", shiftDate), s.btn("📍", "go", shiftPlace), s.btn("👥", "go", shiftContacts),
			s.btn("📦", "go", shiftMaterials)),
		bot.Row(s.btn("🤝", "go", shiftReferrals), s.btn("🆘", "go", shiftOverdoses), s.btn("🗒", "go", shiftNote)),
		cancel,
	}
	return s.summary(), kb, nil
}

// exact shows a person their own numbers as they are.
func exact(n int) string { return strconv.Itoa(n) }

// referralList is "Opioid substitution: 2, Food: 1", or "none".
func (t *turn) referralList(refs map[outreach.Need]int, count func(int) string) string {
	var items []string
	for _, n := range outreach.Needs {
		if refs[n] > 0 {
			items = append(items, bot.EscapeHTML(t.tr(shiftNeedNames[n], nil))+": "+count(refs[n]))
		}
	}
	if len(items) == 0 {
		return t.tr(locales.ShiftNone, nil)
	}
	return strings.Join(items, ", ")
}

// materialList is "💉 20, 📜 5" with names, or "none".
func (t *turn) materialList(mats map[outreach.Material]int, count func(int) string) string {
	var items []string
	for _, m := range outreach.Materials {
		if mats[m] > 0 {
			items = append(items, materialIcons[m]+" "+bot.EscapeHTML(t.tr(materialNames[m], nil))+": "+count(mats[m]))
		}
	}
	if len(items) == 0 {
		return t.tr(locales.ShiftNone, nil)
	}
	return strings.Join(items, ", ")
}

// placeName names where a shift was.
func (t *turn) placeName(label, region string) string {
	if label != "" {
		return bot.EscapeHTML(label)
	}
	if region == "" {
		return t.tr(locales.ShiftNone, nil)
	}
	return bot.EscapeHTML(t.Regions.Name(region, t.lang))
}

func (s *shift) summary() string {
	d := s.d
	date := s.tr(locales.ShiftNone, nil)
	if day, err := time.Parse(time.DateOnly, d.Date); err == nil {
		date = day.Format("02.01.2006")
	}
	note := s.tr(locales.ShiftNone, nil)
	if d.Note != "" {
		note = bot.EscapeHTML(d.Note)
	}
	return s.tr(locales.ShiftSummary, map[string]any{
		"Date": date, "Place": s.placeName(d.Label, d.Region), "Contacts": d.Contacts,
		"Materials": s.materialList(d.Materials, exact), "Referrals": s.referralList(d.Referrals, exact),
		"Overdoses": d.Overdoses, "Naloxone": d.Naloxone, "Note": note,
	})
}

// placeButtons are the organisation's hotspots, then its regions (or every
// region of the deployment when it names none).
func (s *shift) placeButtons(ctx context.Context) (bot.Keyboard, error) {
	hs, err := s.Outreach.Hotspots(ctx, s.d.Org)
	if err != nil {
		return nil, fmt.Errorf("loading hotspots: %w", err)
	}
	org, err := s.Orgs.Org(ctx, s.d.Org)
	if err != nil {
		return nil, fmt.Errorf("loading organisation: %w", err)
	}
	var kb bot.Keyboard
	var row []bot.Button
	add := func(b bot.Button) {
		row = append(row, b)
		if len(row) == 2 {
			kb, row = append(kb, row), nil
		}
	}
	// Telegram shows at most 100 buttons; a long list would not be quick
	// to pick from anyway.
	for _, h := range hs[:min(len(hs), maxHotspotButtons)] {
		add(s.btn("📍 "+h.Label, "ph", strconv.FormatInt(int64(h.ID), 10)))
	}
	if len(row) > 0 {
		kb, row = append(kb, row), nil
	}
	regions := org.Regions
	if len(regions) == 0 {
		for _, c := range s.Regions.Countries {
			for _, r := range c.Regions {
				regions = append(regions, r.Code)
			}
		}
	}
	for _, r := range regions {
		if s.Regions.Valid(r) {
			add(s.btn("🗺 "+s.Regions.Name(r, s.lang), "pr", r))
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	return kb, nil
}

// shiftInput takes what the person typed for the step they are on: a
// number of contacts, "syringes 20", or the note. It reports whether the
// message was for the shift log.
func (t *turn) shiftInput(ctx context.Context) (bool, error) {
	if t.in.Kind != bot.KindText {
		return false, nil
	}
	s, err := t.openShift(ctx)
	if err != nil || s == nil {
		return false, err
	}
	text := strings.TrimSpace(t.in.Text)
	switch s.d.Step {
	case shiftContacts:
		n, err := outreach.ParseCount(text)
		if err != nil {
			note := t.tr(locales.ShiftBadNumber, map[string]any{"Max": outreach.MaxCount})
			return true, s.show(ctx, &note, false)
		}
		s.d.Contacts = n
		return true, s.next(ctx)
	case shiftMaterials:
		names := map[outreach.Material][]string{}
		for _, m := range outreach.Materials {
			names[m] = []string{t.tr(materialNames[m], nil), t.Catalog.T(locales.Default, materialNames[m], nil)}
		}
		m, n, err := outreach.ParseMaterial(text, names)
		if err != nil {
			note := t.tr(locales.ShiftBadMaterial, nil)
			return true, s.show(ctx, &note, false)
		}
		if s.d.Materials == nil {
			s.d.Materials = map[outreach.Material]int{}
		}
		s.d.Materials[m] = n
		if err := s.save(ctx); err != nil {
			return true, err
		}
		return true, s.show(ctx, nil, false)
	case shiftNote:
		return true, s.takeNote(ctx, text)
	}
	note := t.tr(locales.ComposeUseButtons, nil)
	return true, s.show(ctx, &note, false)
}

// noteRefusals are the replies to notes that look like they identify
// someone.
var noteRefusals = map[error]*i18n.Message{
	outreach.ErrNotePhone: locales.ShiftNotePhone,
	outreach.ErrNoteName:  locales.ShiftNoteName,
}

// takeNote checks the note; a refused one is not kept, and the rest of the
// draft stays as it was.
func (s *shift) takeNote(ctx context.Context, text string) error {
	if utf8.RuneCountInString(text) > outreach.MaxNoteLen {
		note := s.tr(locales.ShiftNoteTooLong, map[string]any{"Max": outreach.MaxNoteLen})
		return s.show(ctx, &note, false)
	}
	allowed, err := s.allowedPlaces(ctx)
	if err != nil {
		return err
	}
	if err := outreach.CheckNote(text, allowed); err != nil {
		for e, msg := range noteRefusals {
			if errors.Is(err, e) {
				note := s.tr(msg, nil)
				s.Log.Info("shift note refused", "chat", s.Keys(s.in.Chat), "reason", e.Error())
				return s.show(ctx, &note, false)
			}
		}
		return err
	}
	s.d.Note = text
	return s.next(ctx)
}

// allowedPlaces are phrases a note may hold that look like names but are
// places: the organisation's hotspots and the region names in the
// person's language and in English.
func (s *shift) allowedPlaces(ctx context.Context) ([]string, error) {
	hs, err := s.Outreach.Hotspots(ctx, s.d.Org)
	if err != nil {
		return nil, fmt.Errorf("loading hotspots: %w", err)
	}
	var allowed []string
	for _, h := range hs {
		allowed = append(allowed, h.Label)
	}
	for _, c := range s.Regions.Countries {
		allowed = append(allowed, s.Regions.Name(c.Code, s.lang), s.Regions.Name(c.Code, locales.Default))
		for _, r := range c.Regions {
			allowed = append(allowed, s.Regions.Name(r.Code, s.lang), s.Regions.Name(r.Code, locales.Default))
		}
	}
	return allowed, nil
}

// saveShift stores the shift. If the store refuses it (the date has grown
// too old, the hotspot is gone) the draft stays, and the summary says why.
func (s *shift) saveShift(ctx context.Context) error {
	day, err := time.Parse(time.DateOnly, s.d.Date)
	if err != nil || (s.d.Hotspot == 0 && s.d.Region == "") {
		note := s.tr(locales.ShiftIncomplete, nil)
		return s.show(ctx, &note, true)
	}
	e := &outreach.Entry{
		Org: s.d.Org, Peer: s.p.ID, Date: day, Hotspot: s.d.Hotspot, Region: s.d.Region,
		Contacts: s.d.Contacts, Materials: s.d.Materials, Referrals: s.d.Referrals,
		Overdoses: s.d.Overdoses, Naloxone: s.d.Naloxone, Note: s.d.Note,
	}
	if _, err := s.Outreach.SaveEntry(ctx, e); err != nil {
		if errors.Is(err, outreach.ErrInvalid) || errors.Is(err, outreach.ErrNotFound) {
			note := s.tr(locales.ShiftIncomplete, nil)
			return s.show(ctx, &note, true)
		}
		return fmt.Errorf("saving shift: %w", err)
	}
	if _, err := s.dropShift(ctx); err != nil {
		return err
	}
	s.Log.Info("shift logged", "chat", s.Keys(s.in.Chat), "org", int64(s.d.Org))
	return s.mainMenu(ctx, locales.ShiftSaved, true)
}

// myLog answers /mylog: the peer's own totals, this month and all time.
func (t *turn) myLog(ctx context.Context) error {
	pt, err := t.Outreach.PeerTotals(ctx, t.p.ID)
	if err != nil {
		return fmt.Errorf("loading own outreach totals: %w", err)
	}
	if pt.AllTime.Shifts == 0 {
		return t.reply(ctx, t.tr(locales.MyLogEmpty, nil), t.backToMenu(), false)
	}
	// A peer's own numbers are theirs to see in full: they single out no
	// one but the person asking.
	text := t.tr(locales.MyLog, map[string]any{
		"Month": t.tallyText(pt.ThisMonth, exact),
		"All":   t.tallyText(pt.AllTime, exact),
	})
	return t.reply(ctx, text, t.backToMenu(), false)
}

// tallyText renders a tally's numbers, each through count (which hides
// small counts in reports to organisations).
func (t *turn) tallyText(tl outreach.Tally, count func(int) string) string {
	mats := make(map[outreach.Material]int, len(tl.Materials))
	for m, n := range tl.Materials {
		mats[m] = int(n)
	}
	refs := make(map[outreach.Need]int, len(tl.Referrals))
	for n, c := range tl.Referrals {
		refs[n] = int(c)
	}
	return t.tr(locales.OutreachTally, map[string]any{
		"Shifts": count(int(tl.Shifts)), "Contacts": count(int(tl.Contacts)),
		"Overdoses": count(int(tl.Overdoses)), "Naloxone": count(int(tl.Naloxone)),
		"Materials": t.materialList(mats, count), "Referrals": t.referralList(refs, count),
	})
}

// outreachCommands routes /logshift, /mylog and /outreach.
func (t *turn) outreachCommands(ctx context.Context) error {
	switch t.in.Command {
	case "logshift":
		return t.logShiftCommand(ctx)
	case "mylog":
		return t.myLog(ctx)
	}
	return t.outreachCommand(ctx)
}

// outreachCallback routes the buttons of the shift log and /outreach.
func (t *turn) outreachCallback(ctx context.Context, c bot.Callback) error {
	switch c.Action {
	case outreachAction:
		return t.outreachButton(ctx, c)
	case hotspotAction:
		return t.hotspotButton(ctx, c)
	}
	return t.shiftButton(ctx, c)
}

// outreachInput takes typed text for the outreach log: a hotspot's label
// from staff, or a number or note for a shift.
func (t *turn) outreachInput(ctx context.Context) (bool, error) {
	if t.in.Kind != bot.KindText {
		return false, nil
	}
	if handled, err := t.hotspotInput(ctx); handled || err != nil {
		return handled, err
	}
	return t.shiftInput(ctx)
}
