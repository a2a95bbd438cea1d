// Package flows holds the conversations: onboarding, the main menu, settings,
// discreet mode, /stop and /forget. Flows call domain stores through the
// small interfaces declared here and speak to Telegram only through the bot
// package's Outgoing messages; they never see SQL, Redis or the wire format.
package flows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/info"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/referral"
	"github.com/peerbot/peerbot/training"
)

// People is the person store the flows need.
type People interface {
	GetPerson(ctx context.Context, chat people.ChatID) (*people.Person, error)
	CreatePerson(ctx context.Context, chat people.ChatID, lang string) (*people.Person, error)
	SavePerson(ctx context.Context, p *people.Person) error
	SetActive(ctx context.Context, chat people.ChatID, active bool) error
	ForgetPerson(ctx context.Context, id people.PersonID) (people.Forgotten, error)
	CountSource(ctx context.Context, source string, day time.Time) error
}

// Messenger sends to Telegram (the bot package's Sender).
type Messenger interface {
	Send(ctx context.Context, m bot.Outgoing) (int, error)
	AnswerCallback(ctx context.Context, callbackID, text string) error
}

// States keeps short-lived conversation state shared by replicas (Redis).
type States interface {
	GetState(ctx context.Context, key string) ([]byte, error)
	SetState(ctx context.Context, key string, value []byte, ttl time.Duration) error
	DeleteState(ctx context.Context, key string) (bool, error)
}

// Deps are what the flows are built from; all are required.
type Deps struct {
	People   People
	Orgs     Orgs
	Send     Messenger
	States   States
	Catalog  *locales.Catalog
	Regions  *content.Regions
	Keys     func(people.ChatID) string // keyed hash of a chat, for state keys and logs
	Log      *slog.Logger
	Now      func() time.Time
	StateTTL time.Duration // how long an unfinished step is remembered; default 7 days
	// Moderation lets moderating staff groups decide on alerts in review
	// and see /alertstats; nil: those buttons and commands do nothing.
	Moderation Moderation
	// Campaigns lets organisation staff see, preview, send and stop
	// campaigns with /campaigns; nil: /campaigns is an unknown command.
	Campaigns Campaigns

	// The alert composer for partners' staff (/partner, /newalert): all
	// three set, or none, which leaves the commands unknown.
	Partners PartnerMembers
	Alerts   AlertSubmitter
	Renderer *alerts.Renderer // with its Substances and Regions set
	// Cards are the information cards of /info, typed searches and the
	// buttons under alerts; nil: /info is an unknown command.
	Cards *info.Library
	// PartnerStats shows partners' staff their alerts' delivery with
	// /mystats; it needs the composer's Partners and Renderer. Nil: an
	// unknown command.
	PartnerStats PartnerStats

	// Peer training (/learn, /trainingstats): all three set, or none,
	// which leaves Learn "coming soon".
	Training TrainingStore
	Modules  *training.Catalog
	Codes    CodeMaker
	// Outreach lets peers log shifts (/logshift, /mylog) and staff see
	// monthly outreach (/outreach); nil: those commands are unknown.
	Outreach Outreach
	// Feedback runs /feedback, reports of bad batches, surveys and the
	// staff's /report; nil: Feedback is "coming soon".
	Feedback *Feedback
	// Referral is the service directory and the peer-worker hand-off
	// (/help, Find help); nil: Find help gives the emergency number only.
	Referral *Referral
}

// Flows handles every update of a private chat, and the few commands that
// mean something in a group. It implements bot.Handler.
type Flows struct{ Deps }

// New checks the dependencies and returns the flows.
func New(d Deps) (*Flows, error) {
	if d.People == nil || d.Orgs == nil || d.Send == nil || d.States == nil || d.Catalog == nil || d.Regions == nil || d.Keys == nil {
		return nil, errors.New("flows: missing dependency")
	}
	if (d.Partners != nil || d.Alerts != nil || d.Renderer != nil) &&
		(d.Partners == nil || d.Alerts == nil || d.Renderer == nil || d.Renderer.Substances == nil) {
		return nil, errors.New("flows: the alert composer needs Partners, Alerts and a Renderer with Substances")
	}
	if (d.Training != nil || d.Modules != nil || d.Codes != nil) && (d.Training == nil || d.Modules == nil || d.Codes == nil) {
		return nil, errors.New("flows: training needs Training, Modules and Codes")
	}
	if d.PartnerStats != nil && d.Partners == nil {
		return nil, errors.New("flows: partner stats need the alert composer")
	}
	if d.Feedback != nil && (d.Feedback.Store == nil || d.Feedback.Guard == nil || d.Feedback.Keys.Keyed == nil ||
		d.Feedback.Files == nil || d.Feedback.Groups == nil || d.Feedback.Substances == nil) {
		return nil, errors.New("flows: feedback needs its Store, Guard, Keys, Files, Groups and Substances")
	}
	if d.Referral != nil && (d.Referral.Directory == nil || d.Referral.Store == nil || d.Referral.Relay == nil || d.Referral.Groups == nil) {
		return nil, errors.New("flows: referral routing needs a Directory, a Store, a Relay and Groups")
	}
	if d.Referral != nil && d.Referral.Timing == (referral.Timing{}) {
		d.Referral.Timing = referral.DefaultTiming
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.StateTTL == 0 {
		d.StateTTL = 7 * 24 * time.Hour
	}
	return &Flows{d}, nil
}

// turn is one update being handled: who it is from, their profile if they
// have one, the conversation state and the language to answer in.
type turn struct {
	*Flows
	in     bot.Incoming
	p      *people.Person // nil before consent
	st     state
	lang   string
	answer string // pop-up text for a callback, sent once at the end
}

// Handle handles one update. It returns an error when the update should be
// delivered again (a store was down); the person has been told already.
func (f *Flows) Handle(ctx context.Context, in bot.Incoming) error {
	if !in.Private {
		return f.handleGroup(ctx, in)
	}
	switch in.Kind {
	case bot.KindBlocked:
		return f.People.SetActive(ctx, in.Chat, false)
	case bot.KindUnblocked:
		return f.People.SetActive(ctx, in.Chat, true)
	}
	// The app's language until we know better, so that even a reply about a
	// failed database is in a language the person reads.
	t := &turn{Flows: f, in: in, lang: locales.Match(in.LanguageCode)}
	if t.lang == "" {
		t.lang = locales.Default
	}
	err := t.run(ctx)
	if in.Kind == bot.KindCallback {
		// Always answer a button press, or the person's app keeps spinning.
		if aerr := f.Send.AnswerCallback(ctx, in.CallbackID, t.answer); aerr != nil && err == nil {
			f.Log.Debug("answering callback", "chat", f.Keys(in.Chat), "err", aerr)
		}
	}
	if err != nil {
		f.Log.Error("handling update", "chat", f.Keys(in.Chat), "kind", int(in.Kind), "err", err)
		if errors.Is(err, bot.ErrUnreachable) {
			return nil // they blocked the bot; the sender marked them inactive
		}
		if t.unavailable(ctx) {
			// They know to try again; a redelivery would only repeat the apology.
			return nil
		}
	}
	return err
}

func (t *turn) run(ctx context.Context) error {
	p, err := t.People.GetPerson(ctx, t.in.Chat)
	switch {
	case errors.Is(err, people.ErrNotFound):
	case err != nil:
		// Still try the conversation state, for the language to apologise in.
		if st, serr := t.loadState(ctx); serr == nil && locales.Supported(st.Lang) {
			t.lang = st.Lang
		}
		return fmt.Errorf("loading person: %w", err)
	default:
		t.p = p
	}
	// Only onboarding keeps state; an onboarded person's updates skip the
	// round trip to Redis.
	if !t.onboarded() {
		if t.st, err = t.loadState(ctx); err != nil {
			return err
		}
	}
	t.lang = t.language()
	if t.p != nil && !t.p.Active {
		// Writing to the bot again means they unblocked it.
		t.p.Active = true
		if err := t.People.SavePerson(ctx, t.p); err != nil {
			return fmt.Errorf("reactivating person: %w", err)
		}
	}
	switch t.in.Kind {
	case bot.KindCommand:
		return t.command(ctx)
	case bot.KindCallback:
		return t.callback(ctx)
	case bot.KindText:
		return t.text(ctx, locales.UnexpectedText)
	case bot.KindLocation:
		return t.locationShared(ctx)
	default:
		return t.text(ctx, locales.UnexpectedMedia)
	}
}

// language picks the reply language: the person's choice, else the one
// chosen during onboarding, else Telegram's language_code, else English.
func (t *turn) language() string {
	switch {
	case t.p != nil && locales.Supported(t.p.Lang):
		return t.p.Lang
	case locales.Supported(t.st.Lang):
		return t.st.Lang
	}
	if l := locales.Match(t.in.LanguageCode); l != "" {
		return l
	}
	return locales.Default
}

func (t *turn) onboarded() bool { return t.p != nil && t.p.Onboarded() }

// command routes a /command.
func (t *turn) command(ctx context.Context) error {
	if t.in.Command == "start" {
		return t.start(ctx)
	}
	if t.in.Command == "forget" {
		return t.forgetConfirm(ctx, false)
	}
	if t.in.Command == "overdose" {
		// An emergency: before onboarding and without consent too.
		return t.overdoseCommand(ctx)
	}
	if t.in.Command == "partner" && t.Partners != nil {
		// After consent, even before onboarding ends: staff of a lab may
		// follow no region themselves.
		return t.linkPartner(ctx)
	}
	if !t.onboarded() {
		return t.resumeOnboarding(ctx, locales.FinishSetupFirst)
	}
	switch t.in.Command {
	case "menu":
		return t.mainMenu(ctx, nil, false)
	case "alerts":
		return t.alertsOverview(ctx, false)
	case "learn":
		return t.learn(ctx, false)
	case "trainingstats":
		return t.trainingStats(ctx, false)
	case "help":
		return t.findHelp(ctx, false)
	case "feedback":
		return t.feedbackMenu(ctx, false)
	case "report":
		return t.reportCommand(ctx)
	case "settings":
		return t.settings(ctx, false)
	case "stop":
		return t.stop(ctx)
	case "campaigns":
		return t.campaignsCommand(ctx)
	case "newalert":
		if t.Partners != nil {
			return t.newAlert(ctx)
		}
	case "mystats":
		if t.PartnerStats != nil {
			return t.myStats(ctx, false)
		}
	case "info":
		if t.Cards != nil {
			return t.infoList(ctx, "", 0, false)
		}
	case "logshift", "mylog", "outreach":
		if t.Outreach != nil {
			return t.outreachCommands(ctx)
		}
	case "alias":
		if t.Referral != nil {
			return t.aliasCommand(ctx)
		}
	}
	return t.mainMenu(ctx, locales.UnknownCommand, false)
}

// text answers a message the bot did not ask for.
func (t *turn) text(ctx context.Context, msg *i18n.Message) error {
	if !t.onboarded() {
		return t.resumeOnboarding(ctx, locales.FinishSetupFirst)
	}
	if t.Partners != nil {
		// A partner's staff may be typing or sending a photo for an alert.
		if handled, err := t.composeInput(ctx); handled || err != nil {
			return err
		}
	}
	// A comment, a typed survey answer or a report's photo.
	if handled, err := t.feedbackInput(ctx); handled || err != nil {
		return err
	}
	if t.Campaigns != nil {
		// Organisation staff may be typing or sending a photo for a campaign.
		if handled, err := t.campComposeInput(ctx); handled || err != nil {
			return err
		}
	}
	if t.Outreach != nil {
		// A peer may be typing a number or a note for a shift.
		if handled, err := t.outreachInput(ctx); handled || err != nil {
			return err
		}
	}
	if t.Referral != nil {
		// A search to cancel, a request's message, or a conversation with
		// a peer worker.
		if handled, err := t.referralText(ctx); handled || err != nil {
			return err
		}
	}
	if t.Cards != nil && t.in.Kind == bot.KindText {
		// Nothing else asked for text: a word typed is a search of the cards.
		return t.searchCards(ctx)
	}
	return t.mainMenu(ctx, msg, false)
}

// unavailable tells the person something is wrong on our side, and reports
// whether they were told: the failure may keep us from replying too.
func (t *turn) unavailable(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := t.Send.Send(ctx, bot.Outgoing{Chat: t.in.Chat, Text: t.tr(locales.Unavailable, nil), ParseMode: bot.HTML}); err != nil {
		t.Log.Debug("telling person we are unavailable", "chat", t.Keys(t.in.Chat), "err", err)
		return false
	}
	return true
}

// tr localizes a message in the turn's language.
func (t *turn) tr(msg *i18n.Message, data map[string]any) string {
	return t.Catalog.T(t.lang, msg, data)
}

// n localizes a plural message in the turn's language.
func (t *turn) n(msg *i18n.Message, count int) string {
	return t.Catalog.N(t.lang, msg, count, nil)
}

// reply sends text with a keyboard. With edit set and the update being a
// button press, it replaces the pressed message so menus do not pile up.
func (t *turn) reply(ctx context.Context, text string, kb bot.Keyboard, edit bool) error {
	out := bot.Outgoing{Chat: t.in.Chat, Text: text, ParseMode: bot.HTML, Keyboard: kb}
	if edit && t.in.Kind == bot.KindCallback && t.in.MessageID != 0 {
		out.EditMessageID = t.in.MessageID
	} else if t.p != nil && t.p.Discreet.DeleteAfterHours > 0 {
		out.DeleteAfter = time.Duration(t.p.Discreet.DeleteAfterHours) * time.Hour
	}
	_, err := t.Send.Send(ctx, out)
	if err != nil && out.EditMessageID != 0 && errors.Is(err, bot.ErrRejected) {
		// The message is gone (discreet mode deleted it, or it is too old
		// to edit): send the menu as a new message instead.
		out.EditMessageID = 0
		if t.p != nil && t.p.Discreet.DeleteAfterHours > 0 {
			out.DeleteAfter = time.Duration(t.p.Discreet.DeleteAfterHours) * time.Hour
		}
		_, err = t.Send.Send(ctx, out)
	}
	return err
}
