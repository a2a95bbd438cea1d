package flows

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

// Peer training in the chat: /learn and the Learn button list the modules
// a person may see; a module goes lesson by lesson, then a quiz one
// question at a time. Progress lives in Postgres, so a person resumes
// exactly where they left off, days later, on any replica.

// TrainingStore keeps progress and stats (*postgres.TrainingStore).
type TrainingStore interface {
	Progress(ctx context.Context, person people.PersonID, module training.ModuleID) (*training.Progress, error)
	AllProgress(ctx context.Context, person people.PersonID) (map[training.ModuleID]*training.Progress, error)
	SaveProgress(ctx context.Context, person people.PersonID, p *training.Progress, events []training.Event, now time.Time) error
	TrainingStats(ctx context.Context, since time.Time, topMissed int) (training.Stats, error)
}

// CodeMaker makes completion codes (training.Codes).
type CodeMaker interface {
	Make(done training.Completion) (string, error)
}

// trainingAction is the callback action of every training button. Its
// arguments: none (the list), the module id (open it where the person left
// off), or the module id, its version and an operation with its
// arguments (see trainingOp). The version lets a button from before a
// module update be recognised.
const trainingAction = "tr"

// trainingStatsAction is the staff's training stats button.
const trainingStatsAction = "trs"

// Operations on a module, as training buttons carry them.
const (
	opLesson = "l" // go to lesson N (0-based)
	opQuiz   = "q" // start the quiz
	opAnswer = "a" // answer (single) or toggle (multiple) option O of question Q
	opCheck  = "c" // check the toggled options of question Q
	opNext   = "n" // past the feedback on question Q
	opRetry  = "r" // retry the questions missed
	opReview = "s" // read the lessons again from the first
)

// trainingStatsDays is how far back the training stats go.
const trainingStatsDays = 365

// topMissed is how many of the most missed questions the stats show.
const topMissed = 5

// trainingOn reports whether the deployment offers training.
func (t *turn) trainingOn() bool { return t.Training != nil && t.Modules != nil }

// learn answers /learn and the Learn button: the modules the person may
// see, with their status.
func (t *turn) learn(ctx context.Context, edit bool) error {
	if !t.trainingOn() {
		return t.comingSoon(ctx, locales.LearnComingSoon, edit)
	}
	member, staff, err := t.trainingRoles(ctx)
	if err != nil {
		return err
	}
	mods := t.Modules.Visible(member)
	progress, err := t.Training.AllProgress(ctx, t.p.ID)
	if err != nil {
		return fmt.Errorf("loading training progress: %w", err)
	}
	var b strings.Builder
	var kb bot.Keyboard
	if len(mods) == 0 {
		b.WriteString(t.tr(locales.TrainingListEmpty, nil))
	} else {
		b.WriteString(t.tr(locales.TrainingList, nil))
	}
	for _, m := range mods {
		texts, _ := m.In(t.lang)
		p := progress[m.ID]
		mark := "🆕"
		status := t.tr(locales.TrainingStatusNew, nil)
		switch p.Status() {
		case training.StatusPassed:
			mark = "✅"
			status = t.tr(locales.TrainingStatusDone, map[string]any{"Date": p.PassedOn.Format(time.DateOnly)})
		case training.StatusInProgress:
			mark = "▶️"
			if p.InQuiz && p.Version == m.Version {
				status = t.tr(locales.TrainingStatusQuiz, nil)
			} else {
				status = t.tr(locales.TrainingStatusAt, map[string]any{"N": min(p.Lesson, len(m.Lessons)-1) + 1, "Total": len(m.Lessons)})
			}
		}
		b.WriteString("\n\n" + t.tr(locales.TrainingItem, map[string]any{
			"Title": bot.EscapeHTML(texts.Title), "Minutes": m.Minutes, "Status": status,
		}))
		kb = append(kb, bot.Row(t.button(mark+" "+texts.Title, trainingAction, string(m.ID))))
	}
	if staff {
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonTrainingStats, nil), trainingStatsAction)))
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	return t.reply(ctx, b.String(), kb, edit)
}

// trainingRoles says whether the person belongs to an organisation (and
// so sees peer-only modules) and whether they are staff somewhere.
func (t *turn) trainingRoles(ctx context.Context) (member, staff bool, err error) {
	ms, err := t.Orgs.MembershipsOf(ctx, t.p.ID)
	if err != nil {
		return false, false, fmt.Errorf("loading memberships: %w", err)
	}
	for _, m := range ms {
		member = member || m.Role.Includes(orgs.RolePeer)
		staff = staff || m.Role.Includes(orgs.RoleStaff)
	}
	return member, staff, nil
}

// trainingCallback handles a training button.
func (t *turn) trainingCallback(ctx context.Context, c bot.Callback) error {
	if !t.trainingOn() {
		return t.stale(ctx)
	}
	if len(c.Args) == 0 {
		return t.learn(ctx, true)
	}
	m := t.Modules.Module(training.ModuleID(arg(c, 0)))
	if m == nil {
		return t.stale(ctx) // the module was removed
	}
	if m.Audience == training.Peers {
		// Checked on every press: someone who left their organisation
		// loses the peer-only modules at once.
		if member, _, err := t.trainingRoles(ctx); err != nil {
			return err
		} else if !member {
			return t.stale(ctx)
		}
	}
	p, err := t.Training.Progress(ctx, t.p.ID, m.ID)
	if err != nil {
		return fmt.Errorf("loading training progress: %w", err)
	}
	s := &trainingStep{turn: t, m: m}
	s.texts, s.fallback = m.In(t.lang)
	s.lang = t.lang
	if s.fallback {
		s.lang = training.Fallback
	}
	if p == nil {
		p, s.events = training.Start(m, s.lang)
		s.dirty = true
	}
	s.prog = p
	if p.Sync(m) {
		// The module changed under them: the old button means nothing
		// now; show where they are, with a word about it.
		s.updated, s.dirty = true, true
		return s.show(ctx)
	}
	if len(c.Args) == 1 || arg(c, 1) != strconv.Itoa(m.Version) {
		return s.show(ctx)
	}
	return s.apply(ctx, arg(c, 2), arg(c, 3), arg(c, 4))
}

// trainingStep is one step in a module: the person's progress and what to show.
type trainingStep struct {
	*turn
	m        *training.Module
	texts    *training.Texts
	fallback bool
	lang     string // the language shown: the person's, or English
	prog     *training.Progress
	events   []training.Event
	dirty    bool // prog changed and must be saved
	updated  bool // the module was updated while they were in it
	code     string
}

// apply carries out an operation, then shows where the person is. A
// button that does not fit the current position (pressed twice, or an old
// message) just shows the current position again.
func (s *trainingStep) apply(ctx context.Context, op, a1, a2 string) error {
	n, _ := strconv.Atoi(a1)
	current := s.prog.Current()
	switch op {
	case opLesson:
		s.prog.GoToLesson(s.m, n)
		s.dirty = true
	case opReview:
		s.prog.GoToLesson(s.m, 0)
		s.dirty = true
	case opQuiz:
		if !s.prog.InQuiz || current < 0 {
			s.prog.StartQuiz(s.m)
			s.dirty = true
		}
	case opAnswer:
		if current != n || s.prog.Quiz.Answered {
			break
		}
		q := s.m.Questions[current]
		o := training.OptionID(a2)
		if !slices.Contains(q.Options, o) {
			break
		}
		if q.Kind == training.Multiple {
			s.prog.Toggle(o)
		} else {
			_, ev := s.prog.Answer(s.m, s.lang, []training.OptionID{o})
			s.events = append(s.events, ev...)
		}
		s.dirty = true
	case opCheck:
		if current != n || s.prog.Quiz.Answered || len(s.prog.Quiz.Selected) == 0 {
			break
		}
		_, ev := s.prog.Answer(s.m, s.lang, s.prog.Quiz.Selected)
		s.events = append(s.events, ev...)
		s.dirty = true
	case opNext:
		if current != n || !s.prog.Quiz.Answered {
			break
		}
		res, done, ev := s.prog.Next(s.m, s.lang, s.Now())
		s.events = append(s.events, ev...)
		s.dirty = true
		if done && res.FirstPass {
			code, err := s.Codes.Make(training.Completion{Module: s.m.ID, Version: s.m.Version, Lang: s.lang, Date: s.prog.PassedOn})
			if err != nil {
				return err
			}
			s.prog.Code, s.code = code, code
		}
	case opRetry:
		if s.prog.InQuiz && current < 0 && !s.prog.Score(s.m).Passed && len(s.prog.Quiz.Missed) > 0 {
			s.prog.RetryMissed()
			s.dirty = true
		}
	}
	return s.show(ctx)
}

// show saves what changed, then shows the current position: a lesson, a
// question, the feedback on an answer, or the result of a round.
func (s *trainingStep) show(ctx context.Context) error {
	if s.dirty {
		if err := s.Training.SaveProgress(ctx, s.turn.p.ID, s.prog, s.events, s.Now()); err != nil {
			return fmt.Errorf("saving training progress: %w", err)
		}
	}
	var text string
	var kb bot.Keyboard
	switch {
	case !s.prog.InQuiz:
		text, kb = s.lessonScreen()
	case s.prog.Current() < 0:
		text, kb = s.resultScreen()
	default:
		text, kb = s.questionScreen()
	}
	var notes []string
	if s.fallback {
		notes = append(notes, s.tr(locales.TrainingFallback, nil))
	}
	if s.updated {
		notes = append(notes, s.tr(locales.TrainingUpdated, nil))
	}
	if len(notes) > 0 {
		text = strings.Join(notes, "\n") + "\n\n" + text
	}
	kb = append(kb, bot.Row(s.button(s.tr(locales.ButtonTrainingModules, nil), trainingAction)))
	edit := true
	if !s.prog.InQuiz {
		sent, err := s.lessonImage(ctx)
		if err != nil {
			return err
		}
		// The lesson text goes under its picture, as a new message.
		edit = !sent
	}
	if err := s.reply(ctx, text, kb, edit); err != nil {
		return err
	}
	if s.code != "" {
		// The code comes as a message of its own, to keep.
		return s.reply(ctx, s.tr(locales.TrainingCode, map[string]any{
			"Title": bot.EscapeHTML(s.texts.Title), "Code": s.code,
		}), nil, false)
	}
	return nil
}

// lessonImage sends the current lesson's picture, if it has one, and
// reports whether it did. The picture is uploaded from the module folder.
func (s *trainingStep) lessonImage(ctx context.Context) (bool, error) {
	data := s.m.Images[s.texts.Lessons[s.prog.Lesson].Image]
	if len(data) == 0 {
		return false, nil
	}
	out := bot.Outgoing{Chat: s.in.Chat, PhotoData: data}
	if s.p.Discreet.DeleteAfterHours > 0 {
		out.DeleteAfter = time.Duration(s.p.Discreet.DeleteAfterHours) * time.Hour
	}
	if _, err := s.Send.Send(ctx, out); err != nil {
		return false, fmt.Errorf("sending lesson picture: %w", err)
	}
	return true, nil
}

// op is a button doing op on this module at its current version.
func (s *trainingStep) op(label, op string, args ...string) bot.Button {
	return s.button(label, trainingAction, append([]string{string(s.m.ID), strconv.Itoa(s.m.Version), op}, args...)...)
}

func (s *trainingStep) lessonScreen() (string, bot.Keyboard) {
	i := s.prog.Lesson
	text := s.tr(locales.TrainingLessonHead, map[string]any{
		"Title": bot.EscapeHTML(s.texts.Title), "N": i + 1, "Total": len(s.m.Lessons),
	}) + "\n\n" + s.texts.Lessons[i].Text
	var row []bot.Button
	if i > 0 {
		row = append(row, s.op(s.tr(locales.ButtonTrainingBack, nil), opLesson, strconv.Itoa(i-1)))
	}
	if i+1 < len(s.m.Lessons) {
		row = append(row, s.op(s.tr(locales.ButtonTrainingNext, nil), opLesson, strconv.Itoa(i+1)))
	} else {
		row = append(row, s.op(s.tr(locales.ButtonTrainingQuiz, nil), opQuiz))
	}
	return text, bot.Keyboard{row}
}

func (s *trainingStep) questionHead() string {
	return s.tr(locales.TrainingQuestionHead, map[string]any{
		"Title": bot.EscapeHTML(s.texts.Title), "N": s.prog.Quiz.Pos + 1, "Total": len(s.prog.Quiz.Round),
	})
}

func (s *trainingStep) questionScreen() (string, bot.Keyboard) {
	qi := s.prog.Current()
	q, qt := s.m.Questions[qi], s.texts.Questions[qi]
	n := strconv.Itoa(qi)
	if s.prog.Quiz.Answered {
		verdict := s.tr(locales.TrainingWrong, nil)
		if q.IsCorrect(s.prog.Quiz.Last) {
			verdict = s.tr(locales.TrainingRight, nil)
		}
		label := locales.ButtonTrainingNextQ
		if s.prog.Quiz.Pos+1 == len(s.prog.Quiz.Round) {
			label = locales.ButtonTrainingScore
		}
		text := s.questionHead() + "\n\n" + verdict + "\n\n" + training.RenderFeedback(q, qt, s.prog.Quiz.Last)
		return text, bot.Keyboard{bot.Row(s.op(s.tr(label, nil), opNext, n))}
	}
	text := s.questionHead() + "\n\n" + training.RenderQuestion(qt)
	var kb bot.Keyboard
	var row []bot.Button
	for _, o := range q.Options {
		label := training.Letter(o)
		if q.Kind == training.Multiple {
			label = "☐ " + label
			if slices.Contains(s.prog.Quiz.Selected, o) {
				label = "☑️ " + training.Letter(o)
			}
		}
		row = append(row, s.op(label, opAnswer, n, string(o)))
	}
	kb = append(kb, row)
	if q.Kind == training.Multiple {
		text += "\n\n" + s.tr(locales.TrainingChooseAll, nil)
		kb = append(kb, bot.Row(s.op(s.tr(locales.ButtonTrainingCheck, nil), opCheck, n)))
	}
	return text, kb
}

func (s *trainingStep) resultScreen() (string, bot.Keyboard) {
	res := s.prog.Score(s.m)
	data := map[string]any{"Right": res.Right, "Total": res.Total, "Percent": res.Right * 100 / res.Total, "Mark": s.m.PassMark}
	var text string
	var kb bot.Keyboard
	if res.Passed {
		text = s.tr(locales.TrainingPassed, data)
		if s.prog.Code != "" && s.code == "" {
			text += "\n\n" + s.tr(locales.TrainingCode, map[string]any{"Title": bot.EscapeHTML(s.texts.Title), "Code": s.prog.Code})
		}
	} else {
		text = s.tr(locales.TrainingFailed, data)
		kb = append(kb, bot.Row(s.op(s.tr(locales.ButtonTrainingRetry, map[string]any{"Count": res.Missed}), opRetry)))
	}
	kb = append(kb, bot.Row(s.op(s.tr(locales.ButtonTrainingReview, nil), opReview)))
	return text, kb
}

// trainingStats answers /trainingstats and its button for staff: starts,
// completions and pass rate per module and language, and the questions
// most often missed. Counts under 5 show as "fewer than 5".
func (t *turn) trainingStats(ctx context.Context, edit bool) error {
	if !t.trainingOn() {
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	_, staff, err := t.trainingRoles(ctx)
	if err != nil {
		return err
	}
	if !staff {
		if edit {
			return t.stale(ctx)
		}
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	st, err := t.Training.TrainingStats(ctx, t.Now().AddDate(0, 0, -trainingStatsDays), topMissed)
	if err != nil {
		return fmt.Errorf("loading training stats: %w", err)
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonTrainingStatsNew, nil), trainingStatsAction)),
		bot.Row(t.button(t.tr(locales.ButtonTrainingModules, nil), trainingAction)),
	}
	return t.reply(ctx, TrainingStatsText(t.Catalog, t.Modules, st, t.lang), kb, edit)
}

// TrainingStatsText renders training stats for staff in lang, as HTML.
func TrainingStatsText(c *locales.Catalog, mods *training.Catalog, st training.Stats, lang string) string {
	fewer := c.T(lang, locales.FewerThanFive, nil)
	count := func(n stats.Count) string { return n.Text(fewer) }
	title := func(id training.ModuleID) string {
		if m := mods.Module(id); m != nil {
			texts, _ := m.In(lang)
			return texts.Title
		}
		return string(id)
	}
	if len(st.Rows) == 0 {
		return c.T(lang, locales.TrainingStatsNone, nil)
	}
	rows := slices.Clone(st.Rows)
	order := func(id training.ModuleID) int {
		return slices.IndexFunc(mods.All(), func(m *training.Module) bool { return m.ID == id })
	}
	slices.SortStableFunc(rows, func(a, b training.ModuleStats) int { return order(a.Module) - order(b.Module) })
	var b strings.Builder
	b.WriteString(c.T(lang, locales.TrainingStatsTitle, map[string]any{"Since": st.Since.Format(time.DateOnly)}))
	for _, r := range rows {
		rate := "—"
		if pct, ok := r.PassRate(); ok {
			rate = strconv.Itoa(pct) + "%"
		}
		langName := r.Lang
		if locales.Supported(r.Lang) {
			langName = c.T(r.Lang, locales.LanguageName, nil)
		}
		b.WriteString("\n\n" + c.T(lang, locales.TrainingStatsRow, map[string]any{
			"Title": bot.EscapeHTML(title(r.Module)), "Lang": bot.EscapeHTML(langName),
			"Starts": count(r.Starts), "Taken": count(r.Taken), "Passed": count(r.Passed), "Rate": rate,
		}))
	}
	if len(st.Missed) > 0 {
		b.WriteString("\n\n" + c.T(lang, locales.TrainingStatsMissed, nil))
		for _, m := range st.Missed {
			question := string(m.Question)
			if mod := mods.Module(m.Module); mod != nil {
				if i := mod.QuestionIndex(m.Question); i >= 0 {
					texts, _ := mod.In(lang)
					question = clipRunes(texts.Questions[i].Text, 120)
				}
			}
			b.WriteString("\n• " + count(m.Count) + " × " + bot.EscapeHTML(title(m.Module)) + ": " + bot.EscapeHTML(question))
		}
	}
	return b.String()
}
