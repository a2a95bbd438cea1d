package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Peer training: /learn and the Learn button list modules; lessons go step
// by step, then a quiz one question at a time; passing gives a completion
// code. Module texts themselves live in the module folders, not here.
var (
	TrainingList       = &i18n.Message{ID: "TrainingList", Description: "Top of the /learn list of training modules; HTML", Other: "📚 <b>Learn</b>\nShort modules with a quiz at the end. Pass the quiz to get a completion code."}
	TrainingListEmpty  = &i18n.Message{ID: "TrainingListEmpty", Description: "/learn when no module is available", Other: "No training modules are available yet."}
	TrainingItem       = &i18n.Message{ID: "TrainingItem", Description: "One module in the /learn list. Title is the module title, Minutes a number, Status one of the TrainingStatus texts; HTML", Other: "<b>{{.Title}}</b> (about {{.Minutes}} min)\n{{.Status}}"}
	TrainingStatusNew  = &i18n.Message{ID: "TrainingStatusNew", Description: "Status of a module not opened yet", Other: "New"}
	TrainingStatusAt   = &i18n.Message{ID: "TrainingStatusAt", Description: "Status of a module in progress, at a lesson. N and Total are numbers", Other: "In progress: lesson {{.N}} of {{.Total}}"}
	TrainingStatusQuiz = &i18n.Message{ID: "TrainingStatusQuiz", Description: "Status of a module in progress, in its quiz", Other: "In progress: quiz"}
	TrainingStatusDone = &i18n.Message{ID: "TrainingStatusDone", Description: "Status of a passed module. Date is the day, as 2026-12-02", Other: "✅ Passed on {{.Date}}"}

	TrainingLessonHead   = &i18n.Message{ID: "TrainingLessonHead", Description: "Above a lesson. Title is the module title; N and Total are numbers; HTML", Other: "<b>{{.Title}}</b> · lesson {{.N}} of {{.Total}}"}
	TrainingQuestionHead = &i18n.Message{ID: "TrainingQuestionHead", Description: "Above a quiz question. Title is the module title; N and Total are numbers; HTML", Other: "<b>{{.Title}}</b> · question {{.N}} of {{.Total}}"}
	TrainingFallback     = &i18n.Message{ID: "TrainingFallback", Description: "One line above a module shown in English because it is not written in the person's language; HTML", Other: "<i>This module is not in your language yet, so it is shown in English.</i>"}
	TrainingUpdated      = &i18n.Message{ID: "TrainingUpdated", Description: "One line when the module changed while the person was in it; HTML", Other: "<i>This module has been updated: you continue from the start of this lesson. If you passed it, that stays.</i>"}
	TrainingChooseAll    = &i18n.Message{ID: "TrainingChooseAll", Description: "Under a question with several right answers; HTML", Other: "<i>Choose all that apply, then press Check.</i>"}
	TrainingRight        = &i18n.Message{ID: "TrainingRight", Description: "Feedback on a right answer; HTML", Other: "✅ <b>Right!</b>"}
	TrainingWrong        = &i18n.Message{ID: "TrainingWrong", Description: "Feedback on a wrong answer, kind and short; HTML", Other: "❌ <b>Not quite.</b>"}
	TrainingPassed       = &i18n.Message{ID: "TrainingPassed", Description: "Quiz result, passed. Right, Total and Percent are numbers; HTML", Other: "🎉 <b>You passed!</b>\nYou got {{.Right}} of {{.Total}} right ({{.Percent}}%)."}
	TrainingFailed       = &i18n.Message{ID: "TrainingFailed", Description: "Quiz result, not passed yet. Right, Total, Percent and Mark (the pass mark) are numbers; HTML", Other: "You got {{.Right}} of {{.Total}} right ({{.Percent}}%). You need {{.Mark}}% to pass.\n\nTry again the questions you missed: the ones you got right stay right."}
	TrainingCode         = &i18n.Message{ID: "TrainingCode", Description: "Sent on passing a module. Title is the module title, Code the completion code; HTML", Other: "🎓 <b>{{.Title}}</b>\nYour completion code: <code>{{.Code}}</code>\n\nStaff of an organisation can check it. It shows the module, its version, the language and the date, nothing about you."}

	ButtonTrainingNext     = &i18n.Message{ID: "ButtonTrainingNext", Description: "Button: next lesson", Other: "Next ›"}
	ButtonTrainingBack     = &i18n.Message{ID: "ButtonTrainingBack", Description: "Button: previous lesson", Other: "‹ Back"}
	ButtonTrainingQuiz     = &i18n.Message{ID: "ButtonTrainingQuiz", Description: "Button after the last lesson: start the quiz", Other: "Start the quiz ›"}
	ButtonTrainingCheck    = &i18n.Message{ID: "ButtonTrainingCheck", Description: "Button: check the options chosen on a question with several right answers", Other: "Check ✓"}
	ButtonTrainingNextQ    = &i18n.Message{ID: "ButtonTrainingNextQ", Description: "Button after the feedback on an answer: next question", Other: "Next question ›"}
	ButtonTrainingScore    = &i18n.Message{ID: "ButtonTrainingScore", Description: "Button after the feedback on the last answer: see the score", Other: "See your score ›"}
	ButtonTrainingRetry    = &i18n.Message{ID: "ButtonTrainingRetry", Description: "Button: answer again the questions missed. Count is how many; keep it short", Other: "Retry the questions you missed ({{.Count}})"}
	ButtonTrainingReview   = &i18n.Message{ID: "ButtonTrainingReview", Description: "Button: read the lessons again from the first", Other: "Read the lessons again"}
	ButtonTrainingModules  = &i18n.Message{ID: "ButtonTrainingModules", Description: "Button: back to the list of modules", Other: "📚 All modules"}
	ButtonTrainingStats    = &i18n.Message{ID: "ButtonTrainingStats", Description: "Button for organisation staff under the module list: training stats", Other: "📊 Training stats"}
	ButtonTrainingStatsNew = &i18n.Message{ID: "ButtonTrainingStatsNew", Description: "Button: refresh the training stats", Other: "🔄 Refresh"}

	TrainingStatsTitle  = &i18n.Message{ID: "TrainingStatsTitle", Description: "Top of the training stats for staff. Since is a date such as 2026-12-02; HTML", Other: "📊 <b>Training stats</b> since {{.Since}}\nCounts under 5 are shown as “fewer than 5”, so no one can be singled out."}
	TrainingStatsRow    = &i18n.Message{ID: "TrainingStatsRow", Description: "Training stats for one module in one language. Title is the module, Lang the language name; Starts, Taken, Passed are numbers or “fewer than 5”; Rate is a percentage or a dash; HTML", Other: "<b>{{.Title}}</b> ({{.Lang}})\nstarted: {{.Starts}} · took the quiz: {{.Taken}} · passed: {{.Passed}} · pass rate: {{.Rate}}"}
	TrainingStatsMissed = &i18n.Message{ID: "TrainingStatsMissed", Description: "Heading of the most missed quiz questions in the training stats; HTML", Other: "<b>Most missed questions</b>"}
	TrainingStatsNone   = &i18n.Message{ID: "TrainingStatsNone", Description: "Training stats when nothing has happened yet", Other: "No one has started a training module yet."}

	ForgetItemTraining = &i18n.Message{ID: "ForgetItemTraining", Description: "An item of the list of what /forget deleted", One: "your progress and completion code in {{.Count}} training module", Other: "your progress and completion codes in {{.Count}} training modules"}
)
