package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/stats"
)

// Anonymous feedback (/feedback and the menu's Feedback button), reports of
// bad batches, and answers to surveys. What a person is in the middle of
// saying waits in Redis under their chat key (fbDraft); what is stored in
// the end has no link to them (see package feedback).

// FeedbackStore keeps feedback, reports and survey answers
// (*postgres.FeedbackStore).
type FeedbackStore interface {
	AddFeedback(ctx context.Context, e *feedback.Entry) error
	Options(ctx context.Context, kind feedback.SubjectKind, regions []string, lang string) ([]feedback.Option, error)
	OrgOfSubject(ctx context.Context, s feedback.Subject) (int64, error)
	AddBatchReport(ctx context.Context, r *feedback.BatchReport) (feedback.ReportID, error)
	BatchReport(ctx context.Context, id feedback.ReportID) (*feedback.BatchReport, error)
	MarkPosted(ctx context.Context, id feedback.ReportID, photoFileID string) error
	MarkDrafted(ctx context.Context, id feedback.ReportID) error
	Survey(ctx context.Context, id feedback.SurveyID) (*feedback.Survey, error)
	AddResponse(ctx context.Context, r *feedback.Response) error
	RatingTotals(ctx context.Context, q feedback.Query) ([5]stats.Count, error)
	LatestSurvey(ctx context.Context, org int64) (*feedback.Survey, error)
	SurveyAnswersOverTime(ctx context.Context, q feedback.Query, id feedback.SurveyID, question int) (map[time.Time]map[string]stats.Count, error)
}

// FeedbackGuard holds each person to a few feedback a day and one answer
// per survey, with expiring keys (*redis.Store).
type FeedbackGuard interface {
	TakeQuota(ctx context.Context, key string, limit int, expireAt time.Time) (bool, error)
	TakeOnce(ctx context.Context, key string, expireAt time.Time) (bool, error)
	Taken(ctx context.Context, key string) (bool, error)
	Release(ctx context.Context, key string) error
}

// Files downloads the photos people send and uploads photos (bot.Sender).
type Files interface {
	Download(ctx context.Context, fileID string) ([]byte, error)
	Upload(ctx context.Context, out bot.Outgoing) (messageID int, fileID string, err error)
}

// ReviewGroups lists the staff groups that review reports
// (*postgres.OrgStore).
type ReviewGroups interface {
	ModeratorGroups(ctx context.Context) ([]orgs.StaffGroup, error)
}

// Feedback is what the feedback, report and survey flows are built from;
// all fields are required.
type Feedback struct {
	Store      FeedbackStore
	Guard      FeedbackGuard
	Keys       feedback.Keys
	Files      Files
	Groups     ReviewGroups
	Substances *content.Substances
	// Retention is how long comments are kept, told to people.
	Retention time.Duration
}

// feedbackAction is the callback action of every button inside a
// feedback, report or survey conversation: the draft's id, an operation
// and its value. surveyAction opens a survey (its id), batchDraftAction
// turns a report into an alert draft in a staff group (the report's id).
const (
	feedbackAction   = "fb"
	surveyAction     = feedback.AnswerAction
	batchDraftAction = "bbd"
)

// Conversation modes of an fbDraft.
const (
	modeFeedback = "f"
	modeBatch    = "b"
	modeSurvey   = "s"
)

// Steps of a feedback conversation; the comment, photo and survey text
// steps wait for typed text or a photo.
const (
	stepComment      = "comment"
	stepBatchSoldAs  = "soldas"
	stepBatchEffects = "effects"
	stepBatchRegion  = "region"
	stepBatchWhen    = "when"
	stepBatchPhoto   = "photo"
	stepSurveyText   = "text"
)

// fbDraft is a feedback, report or survey answer in progress, kept in
// Redis for the person's chat until it is sent.
type fbDraft struct {
	ID   string `json:"id"`
	Mode string `json:"m"`
	Step string `json:"s,omitempty"`

	Kind    feedback.SubjectKind `json:"k,omitempty"`
	Subject string               `json:"sj,omitempty"`
	Rating  int                  `json:"r,omitempty"`

	SoldAs  string            `json:"sa,omitempty"`
	Effects []feedback.Effect `json:"e,omitempty"`
	Region  *string           `json:"rg,omitempty"`
	When    feedback.When     `json:"w,omitempty"`

	Survey   feedback.SurveyID `json:"sv,omitempty"`
	Question int               `json:"q,omitempty"`
	Answers  []feedback.Answer `json:"a,omitempty"`
	Picked   []int             `json:"p,omitempty"`
}

func (t *turn) fbKey() string { return "fb:" + t.Keys(t.in.Chat) }

func (t *turn) loadFbDraft(ctx context.Context) (*fbDraft, error) {
	return loadDraft(ctx, t.States, t.fbKey(), "feedback draft", func(d *fbDraft) string { return d.ID })
}

// fbTTL is how long an unfinished feedback waits: not days, so that a
// message typed much later is not taken for a comment.
const fbTTL = 2 * time.Hour

func (t *turn) saveFb(ctx context.Context, d *fbDraft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encoding feedback draft: %w", err)
	}
	if err := t.States.SetState(ctx, t.fbKey(), raw, fbTTL); err != nil {
		return fmt.Errorf("saving feedback draft: %w", err)
	}
	return nil
}

func (t *turn) dropFb(ctx context.Context) error {
	if _, err := t.States.DeleteState(ctx, t.fbKey()); err != nil {
		return fmt.Errorf("deleting feedback draft: %w", err)
	}
	return nil
}

func (t *turn) fbButton(d *fbDraft, text, op string, args ...string) bot.Button {
	return t.button(text, feedbackAction, append([]string{d.ID, op}, args...)...)
}

func (t *turn) cancelRow(d *fbDraft) []bot.Button {
	return bot.Row(t.fbButton(d, t.tr(locales.ButtonFeedbackCancel, nil), "q"))
}

// feedbackMenu starts feedback: what is it about?
func (t *turn) feedbackMenu(ctx context.Context, edit bool) error {
	if t.Feedback == nil {
		return t.comingSoon(ctx, locales.FeedbackComingSoon, edit)
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	d := &fbDraft{ID: id, Mode: modeFeedback}
	if err := t.saveFb(ctx, d); err != nil {
		return err
	}
	kb := bot.Keyboard{
		bot.Row(t.fbButton(d, t.tr(locales.ButtonFeedbackService, nil), "k", string(feedback.SubjectService)),
			t.fbButton(d, t.tr(locales.ButtonFeedbackBot, nil), "k", string(feedback.SubjectBot))),
		bot.Row(t.fbButton(d, t.tr(locales.ButtonFeedbackModule, nil), "k", string(feedback.SubjectModule)),
			t.fbButton(d, t.tr(locales.ButtonFeedbackCampaign, nil), "k", string(feedback.SubjectCampaign))),
		bot.Row(t.fbButton(d, t.tr(locales.ButtonReportBatch, nil), "b")),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	days := int(t.Feedback.Retention.Hours() / 24)
	return t.reply(ctx, t.tr(locales.FeedbackIntro, map[string]any{"Days": days}), kb, edit)
}

// feedbackButton handles every button of a feedback conversation.
func (t *turn) feedbackButton(ctx context.Context, c bot.Callback) error {
	if t.Feedback == nil {
		return t.stale(ctx)
	}
	d, err := t.loadFbDraft(ctx)
	if err != nil {
		return err
	}
	if d == nil || d.ID != arg(c, 0) {
		return t.stale(ctx)
	}
	op, v := arg(c, 1), arg(c, 2)
	if op == "q" {
		if err := t.dropFb(ctx); err != nil {
			return err
		}
		return t.mainMenu(ctx, nil, true)
	}
	switch d.Mode {
	case modeFeedback:
		return t.feedbackStep(ctx, d, op, v, arg(c, 3))
	case modeBatch:
		return t.batchStep(ctx, d, op, v)
	case modeSurvey:
		return t.surveyStep(ctx, d, op, v)
	}
	return t.stale(ctx)
}

func (t *turn) feedbackStep(ctx context.Context, d *fbDraft, op, v, v2 string) error {
	switch op {
	case "b":
		d.Mode = modeBatch
		return t.batchShow(ctx, d, stepBatchSoldAs, true)
	case "k":
		kind := feedback.SubjectKind(v)
		if !kind.Valid() {
			return t.stale(ctx)
		}
		d.Kind = kind
		if kind == feedback.SubjectBot {
			return t.askRating(ctx, d)
		}
		return t.pickSubject(ctx, d)
	case "o":
		if len(v) > feedback.MaxSubjectID {
			return t.stale(ctx)
		}
		d.Subject = v
		return t.askRating(ctx, d)
	case "r":
		r, err := strconv.Atoi(v)
		if err != nil || r < 1 || r > 5 || d.Kind == "" {
			return t.stale(ctx)
		}
		d.Rating, d.Step = r, stepComment
		if err := t.saveFb(ctx, d); err != nil {
			return err
		}
		kb := bot.Keyboard{bot.Row(t.fbButton(d, t.tr(locales.ButtonNoComment, nil), "n")), t.cancelRow(d)}
		return t.reply(ctx, t.tr(locales.FeedbackComment, nil), kb, true)
	case "n":
		if d.Rating == 0 {
			return t.stale(ctx)
		}
		return t.saveFeedback(ctx, d, "")
	}
	return t.stale(ctx)
}

var subjectPrompts = map[feedback.SubjectKind]*i18n.Message{
	feedback.SubjectService:  locales.FeedbackPickService,
	feedback.SubjectModule:   locales.FeedbackPickModule,
	feedback.SubjectCampaign: locales.FeedbackPickCampaign,
}

// pickSubject lists what exists of the kind, and "another one".
func (t *turn) pickSubject(ctx context.Context, d *fbDraft) error {
	opts, err := t.Feedback.Store.Options(ctx, d.Kind, t.p.Regions, t.lang)
	if err != nil {
		return err
	}
	if d.Kind == feedback.SubjectModule && t.trainingOn() {
		// The modules are content, not rows: list those the person can see.
		member, _, err := t.trainingRoles(ctx)
		if err != nil {
			return err
		}
		for _, m := range t.Modules.Visible(member) {
			texts, _ := m.In(t.lang)
			opts = append(opts, feedback.Option{ID: string(m.ID), Label: texts.Title})
		}
	}
	if err := t.saveFb(ctx, d); err != nil {
		return err
	}
	var kb bot.Keyboard
	for _, o := range opts {
		if len(o.ID) <= feedback.MaxSubjectID {
			kb = append(kb, bot.Row(t.fbButton(d, clipRunes(oneLine(o.Label), 60), "o", o.ID)))
		}
	}
	kb = append(kb, bot.Row(t.fbButton(d, t.tr(locales.ButtonFeedbackOther, nil), "o", "")), t.cancelRow(d))
	return t.reply(ctx, t.tr(subjectPrompts[d.Kind], nil), kb, true)
}

func (t *turn) askRating(ctx context.Context, d *fbDraft) error {
	if err := t.saveFb(ctx, d); err != nil {
		return err
	}
	var row []bot.Button
	for r := 1; r <= 5; r++ {
		row = append(row, t.fbButton(d, strconv.Itoa(r)+"⭐", "r", strconv.Itoa(r)))
	}
	return t.reply(ctx, t.tr(locales.FeedbackRate, nil), bot.Keyboard{row, t.cancelRow(d)}, true)
}

// takeDaily counts one more feedback or report for today, and tells the
// person when they reached the day's limit.
func (t *turn) takeDaily(ctx context.Context) (bool, error) {
	now := t.Now()
	ok, err := t.Feedback.Guard.TakeQuota(ctx, t.Feedback.Keys.Daily(t.Keys(t.in.Chat), now), feedback.MaxPerDay, feedback.EndOfDay(now))
	if err != nil {
		return false, err
	}
	if !ok {
		if err := t.dropFb(ctx); err != nil {
			return false, err
		}
		return false, t.mainMenu(ctx, locales.FeedbackTooMany, false)
	}
	return true, nil
}

func (t *turn) firstRegion() string {
	if t.p != nil && len(t.p.Regions) > 0 {
		return t.p.Regions[0]
	}
	return ""
}

// saveFeedback stores the rating and comment without anything about the
// person but their language and first region, and thanks them.
func (t *turn) saveFeedback(ctx context.Context, d *fbDraft, comment string) error {
	ok, err := t.takeDaily(ctx)
	if !ok || err != nil {
		return err
	}
	sub := feedback.Subject{Kind: d.Kind, ID: d.Subject}
	org, err := t.Feedback.Store.OrgOfSubject(ctx, sub)
	if err != nil {
		return err
	}
	e := &feedback.Entry{Day: t.Now(), Subject: sub, Org: org, Rating: d.Rating, Comment: comment,
		Lang: t.lang, Region: t.firstRegion()}
	if err := t.Feedback.Store.AddFeedback(ctx, e); err != nil {
		return err
	}
	if err := t.dropFb(ctx); err != nil {
		return err
	}
	return t.mainMenu(ctx, locales.FeedbackThanks, false)
}

// feedbackInput takes a typed comment or answer, or a photo for a report,
// when a feedback conversation waits for one. handled is false otherwise.
func (t *turn) feedbackInput(ctx context.Context) (handled bool, err error) {
	if t.Feedback == nil || (t.in.Kind != bot.KindText && t.in.Kind != bot.KindPhoto) {
		return false, nil
	}
	d, err := t.loadFbDraft(ctx)
	if err != nil || d == nil {
		return false, err
	}
	switch {
	case t.in.Kind == bot.KindText && (d.Step == stepComment || d.Step == stepSurveyText):
		text := feedback.CleanText(t.in.Text)
		if text == "" {
			return true, t.reply(ctx, t.tr(locales.FeedbackUseButtons, nil), nil, false)
		}
		if feedback.CommentTooLong(text) {
			// Refused, and nothing lost: the draft waits for a shorter text.
			return true, t.reply(ctx, t.tr(locales.FeedbackTooLong, map[string]any{"Count": utf8.RuneCountInString(text)}), bot.Keyboard{t.cancelRow(d)}, false)
		}
		if d.Step == stepComment {
			return true, t.saveFeedback(ctx, d, text)
		}
		d.Answers = append(d.Answers, feedback.Answer{Question: d.Question, Text: text})
		return true, t.surveyNext(ctx, d, false)
	case t.in.Kind == bot.KindPhoto && d.Step == stepBatchPhoto:
		return true, t.batchPhoto(ctx, d)
	case d.Step == stepComment || d.Step == stepSurveyText || d.Step == stepBatchPhoto:
		return true, t.reply(ctx, t.tr(locales.FeedbackUseButtons, nil), bot.Keyboard{t.cancelRow(d)}, false)
	}
	return false, nil
}

// Bad batch reports.

var effectNames = map[feedback.Effect]*i18n.Message{
	feedback.EffectDrowsiness: locales.EffectDrowsiness, feedback.EffectOverdose: locales.EffectOverdose,
	feedback.EffectNaloxone: locales.EffectNaloxone, feedback.EffectWounds: locales.EffectWounds,
	feedback.EffectUnusual: locales.EffectUnusual, feedback.EffectOther: locales.EffectOther,
}

var whenNames = map[feedback.When]*i18n.Message{
	feedback.WhenToday: locales.WhenToday, feedback.WhenYesterday: locales.WhenYesterday, feedback.WhenWeek: locales.WhenWeek,
}

// batchShow saves the draft at a step of the report and shows it.
func (t *turn) batchShow(ctx context.Context, d *fbDraft, step string, edit bool) error {
	d.Step = step
	if err := t.saveFb(ctx, d); err != nil {
		return err
	}
	var text string
	var kb bot.Keyboard
	switch step {
	case stepBatchSoldAs:
		var bs []bot.Button
		for _, id := range feedback.SoldAsChoices {
			if _, ok := t.Feedback.Substances.Substance(id); ok {
				bs = append(bs, t.fbButton(d, upperFirst(t.Feedback.Substances.Name(id, t.lang)), "s", id))
			}
		}
		bs = append(bs, t.fbButton(d, t.tr(locales.ButtonSomethingElse, nil), "s", feedback.SoldAsOther))
		text, kb = t.tr(locales.BatchSoldAs, nil), rows(bs, 2)
	case stepBatchEffects:
		var bs []bot.Button
		for _, e := range feedback.Effects {
			bs = append(bs, t.fbButton(d, mark(slices.Contains(d.Effects, e), t.tr(effectNames[e], nil)), "e", string(e)))
		}
		kb = rows(bs, 2)
		kb = append(kb, bot.Row(t.fbButton(d, t.tr(locales.ButtonDone, nil), "ed")))
		text = t.tr(locales.BatchEffects, nil)
	case stepBatchRegion:
		for _, r := range t.p.Regions {
			kb = append(kb, bot.Row(t.fbButton(d, t.Regions.Name(r, t.lang), "g", r)))
		}
		kb = append(kb, bot.Row(t.fbButton(d, t.tr(locales.ButtonRegionUnsure, nil), "g", "-")))
		text = t.tr(locales.BatchRegion, nil)
	case stepBatchWhen:
		var row []bot.Button
		for _, w := range feedback.Whens {
			row = append(row, t.fbButton(d, t.tr(whenNames[w], nil), "w", string(w)))
		}
		kb, text = bot.Keyboard{row}, t.tr(locales.BatchWhen, nil)
	case stepBatchPhoto:
		kb, text = bot.Keyboard{bot.Row(t.fbButton(d, t.tr(locales.ButtonNoPhoto, nil), "p"))}, t.tr(locales.BatchPhoto, nil)
	}
	kb = append(kb, t.cancelRow(d))
	return t.reply(ctx, text, kb, edit)
}

func (t *turn) batchStep(ctx context.Context, d *fbDraft, op, v string) error {
	switch {
	case op == "s" && d.Step == stepBatchSoldAs:
		if v != feedback.SoldAsOther && !slices.Contains(feedback.SoldAsChoices, v) {
			return t.stale(ctx)
		}
		d.SoldAs = v
		return t.batchShow(ctx, d, stepBatchEffects, true)
	case op == "e" && d.Step == stepBatchEffects:
		e := feedback.Effect(v)
		if !slices.Contains(feedback.Effects, e) {
			return t.stale(ctx)
		}
		if i := slices.Index(d.Effects, e); i >= 0 {
			d.Effects = slices.Delete(d.Effects, i, i+1)
		} else {
			d.Effects = append(d.Effects, e)
		}
		return t.batchShow(ctx, d, stepBatchEffects, true)
	case op == "ed" && d.Step == stepBatchEffects:
		if len(d.Effects) == 0 {
			t.answer = t.tr(locales.ChooseAtLeastOne, nil)
			return nil
		}
		return t.batchShow(ctx, d, stepBatchRegion, true)
	case op == "g" && d.Step == stepBatchRegion:
		region := ""
		if v != "-" {
			if !slices.Contains(t.p.Regions, v) {
				return t.stale(ctx)
			}
			region = v
		}
		d.Region = &region
		return t.batchShow(ctx, d, stepBatchWhen, true)
	case op == "w" && d.Step == stepBatchWhen:
		if !slices.Contains(feedback.Whens, feedback.When(v)) {
			return t.stale(ctx)
		}
		d.When = feedback.When(v)
		return t.batchShow(ctx, d, stepBatchPhoto, true)
	case op == "p" && d.Step == stepBatchPhoto:
		return t.sendBatch(ctx, d, nil, false)
	}
	return t.stale(ctx)
}

// batchPhoto downloads the photo sent for a report and keeps only its
// pixels; a photo that cannot be read is dropped, and the person told.
func (t *turn) batchPhoto(ctx context.Context, d *fbDraft) error {
	data, err := t.Feedback.Files.Download(ctx, t.in.Photo)
	if err != nil {
		if errors.Is(err, bot.ErrRejected) {
			return t.sendBatch(ctx, d, nil, true)
		}
		return fmt.Errorf("downloading a report's photo: %w", err)
	}
	clean, err := feedback.StripPhoto(data)
	if err != nil {
		t.Log.Info("report photo dropped: unreadable", "chat", t.Keys(t.in.Chat))
		return t.sendBatch(ctx, d, nil, true)
	}
	return t.sendBatch(ctx, d, clean, false)
}

// sendBatch stores the report, posts it to the reviewing staff groups and
// thanks the person.
func (t *turn) sendBatch(ctx context.Context, d *fbDraft, photo []byte, dropped bool) error {
	if d.SoldAs == "" || d.When == "" || d.Region == nil {
		return t.stale(ctx)
	}
	ok, err := t.takeDaily(ctx)
	if !ok || err != nil {
		return err
	}
	r := &feedback.BatchReport{Day: t.Now(), SoldAs: d.SoldAs, Effects: d.Effects, Region: *d.Region,
		Happened: d.When, Lang: t.lang, Photo: photo}
	id, err := t.Feedback.Store.AddBatchReport(ctx, r)
	if err != nil {
		return err
	}
	r.ID = id
	if err := t.dropFb(ctx); err != nil {
		return err
	}
	t.Log.Info("bad batch reported", "report", int64(id), "photo", photo != nil)
	// The person is thanked even if a group cannot be told now: the report
	// is stored, and staff see it by API.
	if err := t.postBatch(ctx, r); err != nil {
		t.Log.Error("posting a report to staff groups", "report", int64(id), "err", err)
	}
	if dropped {
		if err := t.reply(ctx, t.tr(locales.BatchPhotoDropped, nil), nil, false); err != nil {
			return err
		}
	}
	return t.mainMenu(ctx, locales.BatchThanks, false)
}

// batchText is a report as staff read it, in lang.
func (f *Flows) batchText(r *feedback.BatchReport, lang string) string {
	c := f.Catalog
	soldAs := c.T(lang, locales.ButtonSomethingElse, nil)
	if r.SoldAs != feedback.SoldAsOther {
		soldAs = f.Feedback.Substances.Name(r.SoldAs, lang)
	}
	var effects []string
	for _, e := range r.Effects {
		if m := effectNames[e]; m != nil {
			effects = append(effects, c.T(lang, m, nil))
		}
	}
	region := c.T(lang, locales.FeedbackUnknown, nil)
	if r.Region != "" {
		region = f.Regions.Name(r.Region, lang)
	}
	when := ""
	if m := whenNames[r.Happened]; m != nil {
		when = c.T(lang, m, nil)
	}
	return c.T(lang, locales.BatchReview, map[string]any{
		"ID": int64(r.ID), "SoldAs": bot.EscapeHTML(soldAs), "Effects": bot.EscapeHTML(strings.Join(effects, ", ")),
		"Region": bot.EscapeHTML(region), "When": bot.EscapeHTML(when), "Day": r.Day.Format(time.DateOnly),
	})
}

// postBatch puts a report in front of the moderating staff groups, with
// its photo (uploaded once, then sent again by file id) and a button that
// turns it into an alert draft.
func (t *turn) postBatch(ctx context.Context, r *feedback.BatchReport) error {
	groups, err := t.Feedback.Groups.ModeratorGroups(ctx)
	if err != nil {
		return err
	}
	text := t.batchText(r, locales.Default)
	kb := bot.Keyboard{bot.Row(bot.CallbackButton(t.Catalog.T(locales.Default, locales.ButtonMakeAlertDraft, nil),
		bot.Callback{Action: batchDraftAction, Args: []string{strconv.FormatInt(int64(r.ID), 10)}}))}
	fileID := ""
	var firstErr error
	for _, g := range groups {
		out := bot.Outgoing{Chat: g.Chat, Text: text, ParseMode: bot.HTML, Keyboard: kb}
		switch {
		case fileID != "":
			out.Photo = fileID
			_, err = t.Send.Send(ctx, out)
		case len(r.Photo) > 0:
			out.PhotoData = r.Photo
			_, fileID, err = t.Feedback.Files.Upload(ctx, out)
		default:
			_, err = t.Send.Send(ctx, out)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if err := t.Feedback.Store.MarkPosted(ctx, r.ID, fileID); err != nil {
		return err
	}
	return firstErr
}

// batchDraftButton handles "Make an alert draft" under a report in a staff
// group: the partner's staff member who pressed it gets an alert draft
// with what the report says, to finish with /newalert.
func (f *Flows) batchDraftButton(ctx context.Context, in bot.Incoming, c bot.Callback, lang string) error {
	answer := ""
	defer func() {
		if err := f.Send.AnswerCallback(context.WithoutCancel(ctx), in.CallbackID, answer); err != nil {
			f.Log.Debug("answering callback", "chat", f.Keys(in.Chat), "err", err)
		}
	}()
	id, err := strconv.ParseInt(arg(c, 0), 10, 64)
	if err != nil || f.Feedback == nil {
		return nil
	}
	p, err := f.People.GetPerson(ctx, in.From)
	if errors.Is(err, people.ErrNotFound) || f.Partners == nil {
		answer = f.Catalog.T(lang, locales.BatchDraftOnlyPartners, nil)
		return nil
	}
	if err != nil {
		answer = f.Catalog.T(lang, locales.Unavailable, nil)
		return fmt.Errorf("loading who pressed: %w", err)
	}
	t := &turn{Flows: f, in: bot.Incoming{Chat: in.From, From: in.From, Private: true}, p: p, lang: lang}
	if locales.Supported(p.Lang) {
		t.lang = p.Lang
	}
	partner, err := t.partnerOf(ctx)
	if err != nil {
		return err
	}
	if partner == nil || partner.Revoked() {
		answer = f.Catalog.T(lang, locales.BatchDraftOnlyPartners, nil)
		return nil
	}
	existing, err := t.loadAlertDraft(ctx)
	if err != nil {
		return err
	}
	if existing != nil {
		answer = t.tr(locales.BatchDraftExists, nil)
		return nil
	}
	r, err := f.Feedback.Store.BatchReport(ctx, feedback.ReportID(id))
	if errors.Is(err, feedback.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	did, err := randomID()
	if err != nil {
		return err
	}
	d := &draft{ID: did, Identifier: fmt.Sprintf("bot-%d-%s", partner.ID, did), Partner: partner.ID,
		Step: stepSoldAs, Photo: r.PhotoFileID}
	if r.SoldAs != feedback.SoldAsOther {
		d.SoldAs = f.Feedback.Substances.Name(r.SoldAs, locales.Default)
	}
	if r.Region != "" {
		d.Regions = []string{r.Region}
	} else if len(partner.Regions) == 1 {
		d.Regions = []string{partner.Regions[0]}
	}
	if err := t.saveDraft(ctx, t.draftKey(), "alert draft", d); err != nil {
		return err
	}
	if err := f.Feedback.Store.MarkDrafted(ctx, r.ID); err != nil {
		return err
	}
	f.Log.Info("report turned into an alert draft", "report", id, "partner", int64(partner.ID))
	answer = t.tr(locales.BatchDraftPopup, nil)
	return t.reply(ctx, t.tr(locales.BatchDrafted, map[string]any{"ID": id}), nil, false)
}
