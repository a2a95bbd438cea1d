package flows

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/locales"
)

// Surveys: the broadcast brings an "Answer" button (surveyAction with the
// survey's id); the answers wait in the person's fbDraft until the last
// question, and are stored at once, anonymous, after the person's
// one-answer key for the survey is taken.

// answerKey is the Redis key saying this person answered survey id.
func (t *turn) answerKey(id feedback.SurveyID) string {
	return t.Feedback.Keys.Answered(id, t.Keys(t.in.Chat))
}

// openSurvey handles the Answer button of a survey.
func (t *turn) openSurvey(ctx context.Context, c bot.Callback) error {
	if t.Feedback == nil {
		return t.stale(ctx)
	}
	n, err := strconv.ParseInt(arg(c, 0), 10, 64)
	if err != nil {
		return t.stale(ctx)
	}
	sv, err := t.Feedback.Store.Survey(ctx, feedback.SurveyID(n))
	if errors.Is(err, feedback.ErrNotFound) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	if !sv.Open(t.Now()) {
		return t.reply(ctx, t.tr(locales.SurveyClosed, nil), t.backToMenu(), false)
	}
	taken, err := t.Feedback.Guard.Taken(ctx, t.answerKey(sv.ID))
	if err != nil {
		return err
	}
	if taken {
		return t.reply(ctx, t.tr(locales.SurveyAlreadyAnswered, nil), t.backToMenu(), false)
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	d := &fbDraft{ID: id, Mode: modeSurvey, Survey: sv.ID}
	return t.surveyShow(ctx, d, sv, false)
}

// surveyShow saves the draft and shows its current question.
func (t *turn) surveyShow(ctx context.Context, d *fbDraft, sv *feedback.Survey, edit bool) error {
	q := sv.Questions[d.Question]
	d.Step = ""
	if q.Kind == feedback.Text {
		d.Step = stepSurveyText
	}
	if err := t.saveFb(ctx, d); err != nil {
		return err
	}
	text := t.tr(locales.SurveyQuestion, map[string]any{
		"Title": bot.EscapeHTML(feedback.Localized(sv.Title, t.lang)), "N": d.Question + 1, "Total": len(sv.Questions),
	}) + "\n\n" + bot.EscapeHTML(feedback.Localized(q.Text, t.lang))
	var kb bot.Keyboard
	switch q.Kind {
	case feedback.Single:
		for i, ch := range q.Choices {
			kb = append(kb, bot.Row(t.fbButton(d, feedback.Localized(ch, t.lang), "c", strconv.Itoa(i))))
		}
	case feedback.Multiple:
		text += "\n\n" + t.tr(locales.SurveyPickMany, nil)
		for i, ch := range q.Choices {
			kb = append(kb, bot.Row(t.fbButton(d, mark(slices.Contains(d.Picked, i), feedback.Localized(ch, t.lang)), "c", strconv.Itoa(i))))
		}
		kb = append(kb, bot.Row(t.fbButton(d, t.tr(locales.ButtonDone, nil), "cd")))
	case feedback.Scale:
		text += "\n\n" + t.tr(locales.SurveyScaleHint, map[string]any{"Max": q.ScaleMax()})
		var bs []bot.Button
		for v := 1; v <= q.ScaleMax(); v++ {
			bs = append(bs, t.fbButton(d, strconv.Itoa(v), "v", strconv.Itoa(v)))
		}
		kb = rows(bs, 5)
	case feedback.Text:
		text += "\n\n" + t.tr(locales.SurveyTypeAnswer, nil)
		kb = bot.Keyboard{bot.Row(t.fbButton(d, t.tr(locales.ButtonSurveySkip, nil), "x"))}
	}
	kb = append(kb, t.cancelRow(d))
	return t.reply(ctx, text, kb, edit)
}

// surveyStep handles the buttons of a question.
func (t *turn) surveyStep(ctx context.Context, d *fbDraft, op, v string) error {
	sv, err := t.Feedback.Store.Survey(ctx, d.Survey)
	if errors.Is(err, feedback.ErrNotFound) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	if d.Question < 0 || d.Question >= len(sv.Questions) {
		return t.stale(ctx)
	}
	q := sv.Questions[d.Question]
	n, _ := strconv.Atoi(v)
	switch {
	case op == "c" && q.Kind == feedback.Single && n >= 0 && n < len(q.Choices):
		d.Answers = append(d.Answers, feedback.Answer{Question: d.Question, Choices: []int{n}})
	case op == "c" && q.Kind == feedback.Multiple && n >= 0 && n < len(q.Choices):
		if i := slices.Index(d.Picked, n); i >= 0 {
			d.Picked = slices.Delete(d.Picked, i, i+1)
		} else {
			d.Picked = append(d.Picked, n)
		}
		return t.surveyShow(ctx, d, sv, true)
	case op == "cd" && q.Kind == feedback.Multiple:
		if len(d.Picked) == 0 {
			t.answer = t.tr(locales.ChooseAtLeastOne, nil)
			return nil
		}
		slices.Sort(d.Picked)
		d.Answers = append(d.Answers, feedback.Answer{Question: d.Question, Choices: d.Picked})
		d.Picked = nil
	case op == "v" && q.Kind == feedback.Scale && n >= 1 && n <= q.ScaleMax():
		d.Answers = append(d.Answers, feedback.Answer{Question: d.Question, Value: n})
	case op == "x" && q.Kind == feedback.Text:
	default:
		return t.stale(ctx)
	}
	return t.surveyNextWith(ctx, d, sv, true)
}

// surveyNext moves on after a typed answer.
func (t *turn) surveyNext(ctx context.Context, d *fbDraft, edit bool) error {
	sv, err := t.Feedback.Store.Survey(ctx, d.Survey)
	if errors.Is(err, feedback.ErrNotFound) {
		return t.stale(ctx)
	}
	if err != nil {
		return err
	}
	return t.surveyNextWith(ctx, d, sv, edit)
}

// surveyNextWith shows the next question, or stores the answers after the
// last: the one-answer key first, so two replicas (or two taps) cannot
// both store them.
func (t *turn) surveyNextWith(ctx context.Context, d *fbDraft, sv *feedback.Survey, edit bool) error {
	d.Question++
	if d.Question < len(sv.Questions) {
		return t.surveyShow(ctx, d, sv, edit)
	}
	if err := t.dropFb(ctx); err != nil {
		return err
	}
	if !sv.Open(t.Now()) {
		return t.reply(ctx, t.tr(locales.SurveyClosed, nil), t.backToMenu(), edit)
	}
	key := t.answerKey(sv.ID)
	first, err := t.Feedback.Guard.TakeOnce(ctx, key, sv.ClosesAt)
	if err != nil {
		return err
	}
	if !first {
		return t.reply(ctx, t.tr(locales.SurveyAlreadyAnswered, nil), t.backToMenu(), edit)
	}
	r := &feedback.Response{Survey: sv.ID, Day: t.Now(), Lang: t.lang, Region: t.firstRegion(), Answers: d.Answers}
	err = r.Validate(sv)
	if err == nil {
		err = t.Feedback.Store.AddResponse(ctx, r)
	}
	if err != nil {
		// Not stored: they may answer again.
		if rerr := t.Feedback.Guard.Release(ctx, key); rerr != nil {
			t.Log.Error("releasing a survey answer key", "err", rerr)
		}
		if errors.Is(err, feedback.ErrClosed) {
			return t.reply(ctx, t.tr(locales.SurveyClosed, nil), t.backToMenu(), edit)
		}
		var v *feedback.ValidationError
		if errors.As(err, &v) {
			return t.stale(ctx)
		}
		return err
	}
	return t.mainMenu(ctx, locales.SurveyThanks, edit)
}
