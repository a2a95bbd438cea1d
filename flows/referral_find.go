package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/referral"
)

// Directory finds services in the service directory.
type Directory interface {
	NearbyServices(ctx context.Context, q referral.Query) ([]referral.Candidate, error)
	ServiceAt(ctx context.Context, key int64) (referral.Candidate, bool, error)
}

// ReferralStore routes peer-worker requests and keeps their conversations.
type ReferralStore interface {
	Rules(ctx context.Context) ([]referral.Rule, error)
	OpenConversation(ctx context.Context, c referral.Conversation) (referral.Conversation, error)
	Conversation(ctx context.Context, id referral.ConversationID) (referral.Conversation, error)
	Active(ctx context.Context, chat people.ChatID) (referral.Conversation, bool, error)
	Claim(ctx context.Context, id referral.ConversationID, worker people.PersonID, workerChat people.ChatID, alias string) (referral.Conversation, error)
	Close(ctx context.Context, id referral.ConversationID) (referral.Conversation, error)
	Transfer(ctx context.Context, id referral.ConversationID, org orgs.OrgID) (referral.Conversation, error)
	SetAlias(ctx context.Context, id referral.ConversationID, alias string) error
	RecordFollowUp(ctx context.Context, org orgs.OrgID, need referral.Need, answer referral.Outcome) error
	Pseudonym(id referral.ConversationID) string
	OrgHours(ctx context.Context, org orgs.OrgID) (referral.Week, string, error)
	Stats(ctx context.Context, org orgs.OrgID, since time.Time) (referral.Stats, error)
	DueReminders(ctx context.Context, now time.Time, def time.Duration) ([]referral.Conversation, error)
	Escalate(ctx context.Context, now time.Time, def time.Duration, fallback orgs.OrgID) ([]referral.Conversation, error)
	DueFollowUps(ctx context.Context, closedBefore time.Time) ([]referral.Conversation, error)
	Purge(ctx context.Context, closedBefore time.Time) (int, error)
	Abandon(ctx context.Context, before time.Time) (int, error)
}

// Relay copies messages between the person and the worker, and sends map
// pins (the bot's Sender).
type Relay interface {
	Copy(ctx context.Context, to, from people.ChatID, messageID int) (int, error)
	SendVenue(ctx context.Context, chat people.ChatID, lat, lon float64, title, address string, removeKeyboard bool) (int, error)
}

// StaffGroups lists an organisation's staff groups.
type StaffGroups interface {
	StaffGroups(ctx context.Context, org orgs.OrgID) ([]people.ChatID, error)
}

// Referral is what referral routing needs: all set, or the Deps field nil
// (Find help then only gives the emergency number).
type Referral struct {
	Directory Directory
	Store     ReferralStore
	Relay     Relay
	Groups    StaffGroups
	Timing    referral.Timing
}

// Callback actions of referral routing.
const (
	needAction      = "fn" // need
	allRegionsAct   = "fa" // need
	regionSearchAct = "fr" // need, region
	pinAction       = "fp" // service-at-location key
	peerAskAction   = "pq" // need, region
	peerSendAction  = "ps" // need, region
	peerCloseAction = "pc" // conversation
	followUpAction  = "pf" // org, need, answer
	claimAction     = "pk" // conversation (in staff groups)
	transferAction  = "pt" // conversation[, organisation]
)

// needNames name the needs on buttons and in texts.
var needNames = map[referral.Need]*i18n.Message{
	referral.NeedNaloxone: locales.NeedNaloxone, referral.NeedNSP: locales.NeedNSP, referral.NeedOST: locales.NeedOST,
	referral.NeedDrugChecking: locales.NeedDrugChecking, referral.NeedTesting: locales.NeedTesting, referral.NeedDCR: locales.NeedDCR,
	referral.NeedShelter: locales.NeedShelter, referral.NeedFood: locales.NeedFood, referral.NeedLegal: locales.NeedLegal,
	referral.NeedMentalHealth: locales.NeedMentalHealth, referral.NeedTreatment: locales.NeedTreatment, referral.NeedEmergency: locales.NeedEmergency,
}

var flagNames = map[referral.Flag]*i18n.Message{
	referral.FlagAnonymous: locales.FlagAnonymous, referral.FlagFree: locales.FlagFree, referral.FlagNoID: locales.FlagNoID,
}

var weekdayNames = [7]*i18n.Message{locales.WeekdaySunday, locales.WeekdayMonday, locales.WeekdayTuesday,
	locales.WeekdayWednesday, locales.WeekdayThursday, locales.WeekdayFriday, locales.WeekdaySaturday}

// refState is what the referral flow remembers between two updates (in
// Redis): a need waiting for a location, or a request waiting for its
// message. Never the location, never the message.
type refState struct {
	Kind   string        `json:"k"` // "loc" or "msg"
	Need   referral.Need `json:"n"`
	Region string        `json:"g,omitempty"`
}

// refStateTTL is how long the bot waits for a location or a message.
const refStateTTL = time.Hour

func (t *turn) refKey() string { return "ref:" + t.Keys(t.in.Chat) }

func (t *turn) loadRefState(ctx context.Context) (*refState, error) {
	return loadDraft(ctx, t.States, t.refKey(), "referral step", func(s *refState) string { return s.Kind })
}

func (t *turn) saveRefState(ctx context.Context, s refState) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encoding referral step: %w", err)
	}
	if err := t.States.SetState(ctx, t.refKey(), raw, refStateTTL); err != nil {
		return fmt.Errorf("saving referral step: %w", err)
	}
	return nil
}

func (t *turn) clearRefState(ctx context.Context) error {
	if _, err := t.States.DeleteState(ctx, t.refKey()); err != nil {
		return fmt.Errorf("clearing referral step: %w", err)
	}
	return nil
}

// emergencyNumber is the emergency number of a region's country, or of the
// person's first region, or 112.
func (t *turn) emergencyNumber(region string) string {
	if region == "" && t.p != nil && len(t.p.Regions) > 0 {
		region = t.p.Regions[0]
	}
	if c, ok := t.Regions.CountryOf(region); ok {
		return c.Emergency
	}
	return "112"
}

// findHelpMenu shows the need menu (/help and the Find help button).
func (t *turn) findHelpMenu(ctx context.Context, edit bool) error {
	var kb bot.Keyboard
	var row []bot.Button
	for _, n := range referral.Needs {
		row = append(row, t.button(t.tr(needNames[n], nil), needAction, string(n)))
		if len(row) == 2 {
			kb, row = append(kb, row), nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	text := t.tr(locales.FindHelpNeeds, map[string]any{"Number": bot.EscapeHTML(t.emergencyNumber(""))})
	return t.reply(ctx, text, kb, edit)
}

// chooseNeed asks where: a region on the buttons, or the location shared
// once with the keyboard under the text field.
func (t *turn) chooseNeed(ctx context.Context, need referral.Need, all bool) error {
	if !need.Valid() {
		return t.stale(ctx)
	}
	codes := t.p.Regions
	if all || len(codes) == 0 {
		codes = nil
		for _, c := range t.Regions.Countries {
			for _, r := range c.Regions {
				codes = append(codes, r.Code)
			}
		}
	}
	var kb bot.Keyboard
	var row []bot.Button
	for _, code := range codes {
		row = append(row, t.button("📍 "+t.Regions.Name(code, t.lang), regionSearchAct, string(need), code))
		if len(row) == 2 {
			kb, row = append(kb, row), nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	if !all {
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonAllRegions, nil), allRegionsAct, string(need))))
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonOtherNeed, nil), "findhelp"), t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	text := t.tr(locales.FindHelpWhere, map[string]any{"Need": t.tr(needNames[need], nil)})
	if need.Urgent() {
		text = t.tr(locales.EmergencyLine, map[string]any{"Number": bot.EscapeHTML(t.emergencyNumber(""))}) + "\n\n" + text
	}
	if err := t.reply(ctx, text, kb, true); err != nil {
		return err
	}
	if all {
		return nil // the location keyboard is there already
	}
	if err := t.saveRefState(ctx, refState{Kind: "loc", Need: need}); err != nil {
		return err
	}
	_, err := t.Send.Send(ctx, bot.Outgoing{Chat: t.in.Chat, Text: t.tr(locales.FindHelpLocationPrompt, nil), ParseMode: bot.HTML,
		AskLocation: t.tr(locales.ButtonShareLocation, nil), CancelText: t.tr(locales.ButtonCancelSearch, nil)})
	return err
}

// locationShared answers a shared location: the search it was asked for,
// or a message relayed to a peer worker. The point is used here and
// dropped: it is not stored, logged or put in a button.
func (t *turn) locationShared(ctx context.Context) error {
	if !t.onboarded() || t.Referral == nil || t.in.Location == nil {
		return t.text(ctx, locales.UnexpectedMedia)
	}
	st, err := t.loadRefState(ctx)
	if err != nil {
		return err
	}
	if st == nil || st.Kind != "loc" {
		if handled, err := t.relay(ctx); handled || err != nil {
			return err
		}
		_, err := t.Send.Send(ctx, bot.Outgoing{Chat: t.in.Chat, Text: t.tr(locales.LocationWithoutNeed, nil), RemoveKeyboard: true})
		if err != nil {
			return err
		}
		return t.findHelpMenu(ctx, false)
	}
	if err := t.clearRefState(ctx); err != nil {
		return err
	}
	q := referral.Query{Need: st.Need, Lat: t.in.Location.Lat, Lon: t.in.Location.Lon, HasPoint: true}
	if !referral.ValidCoordinates(q.Lat, q.Lon) {
		return t.text(ctx, locales.UnexpectedMedia)
	}
	return t.search(ctx, q, false)
}

// regionSearch searches a region picked on the buttons.
func (t *turn) regionSearch(ctx context.Context, need referral.Need, region string) error {
	if !need.Valid() || !t.Regions.Valid(region) {
		return t.stale(ctx)
	}
	if err := t.clearRefState(ctx); err != nil {
		return err
	}
	return t.search(ctx, referral.Query{Need: need, Region: region}, true)
}

// search runs a query and shows the results, then the nearest one's pin,
// which also takes the location keyboard away.
func (t *turn) search(ctx context.Context, q referral.Query, edit bool) error {
	q.Limit = referral.DefaultLimit
	cands, err := t.Referral.Directory.NearbyServices(ctx, q)
	if err != nil {
		return fmt.Errorf("searching services: %w", err)
	}
	res := referral.Rank(q, cands, t.Now())
	region := q.Region
	if region == "" {
		// For the emergency number and a peer-worker request: where the
		// nearest service is, else the person's first region.
		if len(res) > 0 {
			region = res[0].Location.Region
		} else if len(t.p.Regions) > 0 {
			region = t.p.Regions[0]
		}
	}
	text := RenderResults(t.Catalog, t.Regions, t.lang, q, res, region, t.Now())
	var kb bot.Keyboard
	for i, r := range res {
		kb = append(kb, bot.Row(t.button(fmt.Sprintf("📍 %d. %s", i+1, clipRunes(r.Service.Name, 40)), pinAction, strconv.FormatInt(r.Key, 10))))
	}
	if region != "" && t.Referral.Store != nil {
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonTalkToPeer, nil), peerAskAction, string(q.Need), region)))
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonOtherNeed, nil), "findhelp"), t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	if err := t.reply(ctx, text, kb, edit); err != nil {
		return err
	}
	if len(res) == 0 {
		_, err := t.Send.Send(ctx, bot.Outgoing{Chat: t.in.Chat, Text: "🔎", RemoveKeyboard: true})
		return err
	}
	return t.sendPin(ctx, res[0].Candidate, true)
}

// RenderResults renders search results in lang as Telegram HTML. region
// gives the emergency number shown with urgent needs.
func RenderResults(c *locales.Catalog, regions *content.Regions, lang string, q referral.Query, res []referral.Result, region string, now time.Time) string {
	tr := func(m *i18n.Message, data map[string]any) string { return c.T(lang, m, data) }
	var b strings.Builder
	need := tr(needNames[q.Need], nil)
	if q.HasPoint {
		b.WriteString(tr(locales.ResultsNear, map[string]any{"Need": bot.EscapeHTML(need)}))
	} else {
		b.WriteString(tr(locales.ResultsRegion, map[string]any{"Need": bot.EscapeHTML(need), "Region": bot.EscapeHTML(regions.Name(q.Region, lang))}))
	}
	if q.Need.Urgent() {
		number := "112"
		if co, ok := regions.CountryOf(region); ok {
			number = co.Emergency
		}
		b.WriteString("\n" + tr(locales.EmergencyLine, map[string]any{"Number": bot.EscapeHTML(number)}))
	}
	if len(res) == 0 {
		b.WriteString("\n\n" + tr(locales.ResultsNone, nil))
		return b.String()
	}
	for i, r := range res {
		fmt.Fprintf(&b, "\n\n<b>%d. %s</b>", i+1, bot.EscapeHTML(clipRunes(r.Service.Name, 80)))
		if !math.IsNaN(r.DistanceKm) {
			b.WriteString(" · " + tr(locales.ResultDistance, map[string]any{"Km": formatKm(r.DistanceKm, lang)}))
		}
		b.WriteString("\n" + openingLine(c, lang, r, now))
		addr := strings.Join(nonEmpty(r.Location.Address, r.Location.City), ", ")
		if addr != "" {
			b.WriteString("\n🏠 " + bot.EscapeHTML(clipRunes(addr, 120)))
		}
		if len(r.Phones) > 0 {
			b.WriteString("\n📞 " + bot.EscapeHTML(clipRunes(strings.Join(r.Phones, ", "), 80)))
		}
		if len(r.Languages) > 0 {
			b.WriteString("\n🗣 " + bot.EscapeHTML(strings.ToUpper(strings.Join(r.Languages, ", "))))
		}
		var flags []string
		for _, f := range referral.Flags {
			for _, have := range r.Service.Flags {
				if have == f {
					flags = append(flags, tr(flagNames[f], nil))
				}
			}
		}
		if len(flags) > 0 {
			b.WriteString("\n✓ " + bot.EscapeHTML(strings.Join(flags, " · ")))
		}
	}
	return b.String()
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// formatKm writes a distance: one decimal under 10 km, with the decimal
// comma of every supported language but English.
func formatKm(km float64, lang string) string {
	if km < 10 {
		s := strconv.FormatFloat(math.Round(km*10)/10, 'f', 1, 64)
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	return strconv.Itoa(int(math.Round(km)))
}

// openingLine says whether a service is open, or when it opens, in the
// service's own time zone.
func openingLine(c *locales.Catalog, lang string, r referral.Result, now time.Time) string {
	switch {
	case r.Open:
		return c.T(lang, locales.ResultOpenNow, nil)
	case !r.HasNext:
		return c.T(lang, locales.ResultHoursUnknown, nil)
	}
	loc, err := time.LoadLocation(r.Location.TimeZone)
	if err != nil {
		return c.T(lang, locales.ResultHoursUnknown, nil)
	}
	return when(c, lang, r.NextOpen, now, loc, locales.ResultOpensToday, locales.ResultOpensTomorrow, locales.ResultOpensOn)
}

// when says when next is, seen from now in loc: today, tomorrow or on a
// weekday (within the week), at its local time.
func when(c *locales.Catalog, lang string, next, now time.Time, loc *time.Location, today, tomorrow, on *i18n.Message) string {
	next, now = next.In(loc), now.In(loc)
	hm := next.Format("15:04")
	y, m, d := now.Date()
	days := int(math.Round(time.Date(next.Year(), next.Month(), next.Day(), 12, 0, 0, 0, time.UTC).
		Sub(time.Date(y, m, d, 12, 0, 0, 0, time.UTC)).Hours() / 24))
	switch days {
	case 0:
		return c.T(lang, today, map[string]any{"Time": hm})
	case 1:
		return c.T(lang, tomorrow, map[string]any{"Time": hm})
	}
	return c.T(lang, on, map[string]any{"Day": c.T(lang, weekdayNames[next.Weekday()], nil), "Time": hm})
}

// pin sends the map pin of one result.
func (t *turn) pin(ctx context.Context, keyText string) error {
	key, err := strconv.ParseInt(keyText, 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	c, ok, err := t.Referral.Directory.ServiceAt(ctx, key)
	if err != nil {
		return fmt.Errorf("loading a service: %w", err)
	}
	if !ok {
		return t.stale(ctx) // the directory was re-imported without it
	}
	t.answer = clipRunes(c.Service.Name, 150)
	return t.sendPin(ctx, c, false)
}

// sendPin sends a service's map pin with its name and address, so the
// pin says what it is when the results are out of sight.
func (t *turn) sendPin(ctx context.Context, c referral.Candidate, removeKeyboard bool) error {
	title := clipRunes(oneLine(c.Service.Name), 100)
	address := clipRunes(oneLine(c.Location.Address), 200)
	if address == "" {
		address = t.Regions.Name(c.Location.Region, t.lang)
	}
	if address == "" {
		address = title // Telegram needs one; the directory had none
	}
	_, err := t.Referral.Relay.SendVenue(ctx, t.in.Chat, c.Location.Lat, c.Location.Lon, title, address, removeKeyboard)
	return err
}

// cancelSearch handles the Cancel key of the location keyboard, and any
// text typed instead of a location. It reports whether there was a search
// to cancel.
func (t *turn) cancelSearch(ctx context.Context, st *refState) (bool, error) {
	if st == nil || st.Kind != "loc" {
		return false, nil
	}
	if err := t.clearRefState(ctx); err != nil {
		return true, err
	}
	if _, err := t.Send.Send(ctx, bot.Outgoing{Chat: t.in.Chat, Text: t.tr(locales.SearchCancelled, nil), RemoveKeyboard: true}); err != nil {
		return true, err
	}
	return true, t.mainMenu(ctx, nil, false)
}

// referralCallback routes the private-chat buttons of referral routing.
func (t *turn) referralCallback(ctx context.Context, c bot.Callback) error {
	need := referral.Need(arg(c, 0))
	switch c.Action {
	case needAction:
		return t.chooseNeed(ctx, need, false)
	case allRegionsAct:
		return t.chooseNeed(ctx, need, true)
	case regionSearchAct:
		return t.regionSearch(ctx, need, arg(c, 1))
	case pinAction:
		return t.pin(ctx, arg(c, 0))
	case peerAskAction:
		return t.peerAsk(ctx, need, arg(c, 1))
	case peerSendAction:
		return t.peerSend(ctx, need, arg(c, 1), "")
	case peerCloseAction:
		return t.peerClose(ctx, arg(c, 0))
	case followUpAction:
		return t.followUpAnswer(ctx, arg(c, 0), arg(c, 1), arg(c, 2))
	case transferAction:
		return t.transfer(ctx, arg(c, 0), arg(c, 1))
	}
	return t.stale(ctx)
}

// isReferralAction reports whether a private-chat button belongs to
// referral routing.
func isReferralAction(a string) bool {
	switch a {
	case needAction, allRegionsAct, regionSearchAct, pinAction, peerAskAction, peerSendAction, peerCloseAction, followUpAction, transferAction:
		return true
	}
	return false
}

// referralText handles text, photos and other messages for referral
// routing: the cancel key, a request's message, or a message to relay. It
// reports whether it handled the update.
func (t *turn) referralText(ctx context.Context) (bool, error) {
	st, err := t.loadRefState(ctx)
	if err != nil {
		return true, err
	}
	if handled, err := t.cancelSearch(ctx, st); handled || err != nil {
		return true, err
	}
	if st != nil && st.Kind == "msg" && t.in.Kind == bot.KindText {
		return true, t.peerSend(ctx, st.Need, st.Region, t.in.Text)
	}
	return t.relay(ctx)
}
