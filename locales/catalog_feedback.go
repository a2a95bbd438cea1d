package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Anonymous feedback, community reports of bad batches, surveys, and the
// staff's /report. Say plainly what is kept and what is not; never promise
// more than the code does.
var (
	ReportPickOrg = &i18n.Message{ID: "ReportPickOrg", Description: "/report: the staff member belongs to several organisations; buttons with their names follow", Other: "📊 Which organisation's report?"}
	FeedbackIntro = &i18n.Message{ID: "FeedbackIntro", Description: "Feedback menu. Days is how long comments are kept; HTML",
		Other: "💬 <b>Tell us what you think</b>\n\nIt is anonymous: what you say is stored without any link to you, only with the day, and comments are deleted after {{.Days}} days.\n\nWhat is it about?"}
	ButtonFeedbackService  = &i18n.Message{ID: "ButtonFeedbackService", Other: "A service"}
	ButtonFeedbackBot      = &i18n.Message{ID: "ButtonFeedbackBot", Other: "This bot"}
	ButtonFeedbackModule   = &i18n.Message{ID: "ButtonFeedbackModule", Other: "A training module"}
	ButtonFeedbackCampaign = &i18n.Message{ID: "ButtonFeedbackCampaign", Other: "A campaign"}
	ButtonReportBatch      = &i18n.Message{ID: "ButtonReportBatch", Other: "⚠️ Report a bad batch"}
	ButtonFeedbackOther    = &i18n.Message{ID: "ButtonFeedbackOther", Description: "Feedback subject picker: none of the listed ones", Other: "Another one"}
	ButtonFeedbackCancel   = &i18n.Message{ID: "ButtonFeedbackCancel", Other: "✕ Cancel"}
	FeedbackPickService    = &i18n.Message{ID: "FeedbackPickService", Other: "Which service?"}
	FeedbackPickModule     = &i18n.Message{ID: "FeedbackPickModule", Other: "Which training module?"}
	FeedbackPickCampaign   = &i18n.Message{ID: "FeedbackPickCampaign", Other: "Which campaign?"}
	FeedbackRate           = &i18n.Message{ID: "FeedbackRate", Description: "Asks for a rating; the buttons are 1 to 5 stars", Other: "How would you rate it, from 1 (bad) to 5 (very good)?"}
	FeedbackComment        = &i18n.Message{ID: "FeedbackComment", Description: "After the rating; HTML",
		Other: "Thank you. Do you want to add a comment? Type it now (up to 1,000 characters), or send your rating without one."}
	ButtonNoComment = &i18n.Message{ID: "ButtonNoComment", Other: "Send without a comment"}
	FeedbackTooLong = &i18n.Message{ID: "FeedbackTooLong", Description: "A typed comment or answer is too long. Count is its length in characters; HTML",
		Other: "That text has {{.Count}} characters, and the limit is 1,000. Your rating is kept: please shorten the text and send it again."}
	FeedbackThanks     = &i18n.Message{ID: "FeedbackThanks", Other: "🙏 Thank you! Your feedback was saved anonymously."}
	FeedbackTooMany    = &i18n.Message{ID: "FeedbackTooMany", Description: "The person reached the daily limit of feedback and reports", Other: "You have already sent a lot today, thank you! You can send more tomorrow."}
	FeedbackUseButtons = &i18n.Message{ID: "FeedbackUseButtons", Other: "Please use the buttons below."}

	BatchSoldAs = &i18n.Message{ID: "BatchSoldAs", Description: "First step of a bad-batch report; HTML",
		Other: "⚠️ <b>Report a bad batch</b>\n\nAnonymous, like feedback. Staff of harm-reduction services and drug-checking partners read these reports and may warn others.\n\nWhat was it sold as?"}
	ButtonSomethingElse = &i18n.Message{ID: "ButtonSomethingElse", Other: "Something else"}
	BatchEffects        = &i18n.Message{ID: "BatchEffects", Other: "What happened? Choose everything that applies, then press Done."}
	EffectDrowsiness    = &i18n.Message{ID: "EffectDrowsiness", Other: "Unusual drowsiness"}
	EffectOverdose      = &i18n.Message{ID: "EffectOverdose", Other: "Overdose"}
	EffectNaloxone      = &i18n.Message{ID: "EffectNaloxone", Other: "Naloxone was needed"}
	EffectWounds        = &i18n.Message{ID: "EffectWounds", Other: "Skin wounds"}
	EffectUnusual       = &i18n.Message{ID: "EffectUnusual", Other: "Unusual effects"}
	EffectOther         = &i18n.Message{ID: "EffectOther", Other: "Something else"}
	ChooseAtLeastOne    = &i18n.Message{ID: "ChooseAtLeastOne", Description: "Short pop-up, at most 200 characters", Other: "Choose at least one first."}
	BatchRegion         = &i18n.Message{ID: "BatchRegion", Other: "Where did it happen?"}
	ButtonRegionUnsure  = &i18n.Message{ID: "ButtonRegionUnsure", Other: "Somewhere else or not sure"}
	BatchWhen           = &i18n.Message{ID: "BatchWhen", Other: "When?"}
	WhenToday           = &i18n.Message{ID: "WhenToday", Other: "Today"}
	WhenYesterday       = &i18n.Message{ID: "WhenYesterday", Other: "Yesterday"}
	WhenWeek            = &i18n.Message{ID: "WhenWeek", Other: "This week"}
	BatchPhoto          = &i18n.Message{ID: "BatchPhoto", Description: "Asks for an optional photo; HTML",
		Other: "If you have a photo of the drug or its packaging, send it now. We keep only the picture: the place, time and camera details stored in the file are removed.\n\nOr send the report without a photo."}
	ButtonNoPhoto     = &i18n.Message{ID: "ButtonNoPhoto", Other: "Send without a photo"}
	BatchPhotoDropped = &i18n.Message{ID: "BatchPhotoDropped", Other: "We could not read that photo, so the report was sent without it."}
	BatchThanks       = &i18n.Message{ID: "BatchThanks", Other: "🙏 Thank you. Your report went to the people who review them. It is anonymous.\n\nIf someone is unwell right now, use the overdose guide or call the emergency number."}

	BatchReview = &i18n.Message{ID: "BatchReview", Description: "Posted in staff groups. ID is the report number, SoldAs a substance, Effects a list, Region and When, Day a date; HTML",
		Other: "⚠️ <b>Community report #{{.ID}}: bad batch</b>\nSold as: {{.SoldAs}}\nWhat happened: {{.Effects}}\nWhere: {{.Region}}\nWhen: {{.When}} (reported {{.Day}})\n\nAnonymous and not checked by a lab."}
	ButtonMakeAlertDraft   = &i18n.Message{ID: "ButtonMakeAlertDraft", Other: "📝 Make an alert draft"}
	BatchDraftOnlyPartners = &i18n.Message{ID: "BatchDraftOnlyPartners", Description: "Pop-up, plain text, at most 200 characters",
		Other: "Only staff of a drug-checking partner can do this. Link yourself with /partner CODE in your chat with the bot."}
	BatchDraftExists = &i18n.Message{ID: "BatchDraftExists", Description: "Pop-up, plain text, at most 200 characters",
		Other: "You already have an alert draft. Finish or discard it with /newalert first."}
	BatchDraftPopup = &i18n.Message{ID: "BatchDraftPopup", Description: "Pop-up, plain text, at most 200 characters", Other: "Draft ready: continue with /newalert in your chat with the bot."}
	BatchDrafted    = &i18n.Message{ID: "BatchDrafted", Description: "Sent privately to the staff member. ID is the report number; HTML",
		Other: "📝 An alert draft from community report #{{.ID}} is ready, with what it was sold as, the region and the photo. Check it, add the lab results and publish it: continue with /newalert."}
	FeedbackUnknown = &i18n.Message{ID: "FeedbackUnknown", Description: "Shown when a field of a report was not given", Other: "not given"}

	SurveyInvite = &i18n.Message{ID: "SurveyInvite", Description: "Broadcast with a survey. Title is the survey's title; HTML",
		Other: "📋 <b>{{.Title}}</b>\n\nA short survey. Your answers are anonymous: nobody can see who gave them."}
	ButtonAnswer          = &i18n.Message{ID: "ButtonAnswer", Other: "Answer"}
	SurveyQuestion        = &i18n.Message{ID: "SurveyQuestion", Description: "Title line of a survey question: N of Total. HTML", Other: "<b>{{.Title}}</b> · question {{.N}} of {{.Total}}"}
	SurveyPickMany        = &i18n.Message{ID: "SurveyPickMany", Other: "Choose everything that applies, then press Done."}
	SurveyScaleHint       = &i18n.Message{ID: "SurveyScaleHint", Description: "Max is the top of the scale", Other: "1 is the lowest, {{.Max}} the highest."}
	SurveyTypeAnswer      = &i18n.Message{ID: "SurveyTypeAnswer", Other: "Type your answer (up to 1,000 characters), or skip this question."}
	ButtonSurveySkip      = &i18n.Message{ID: "ButtonSurveySkip", Other: "Skip"}
	SurveyThanks          = &i18n.Message{ID: "SurveyThanks", Other: "🙏 Thank you! Your answers were saved anonymously."}
	SurveyAlreadyAnswered = &i18n.Message{ID: "SurveyAlreadyAnswered", Other: "You have already answered this survey, thank you! Each person can answer once."}
	SurveyClosed          = &i18n.Message{ID: "SurveyClosed", Other: "This survey is closed now. Thank you all the same."}

	ReportNothing      = &i18n.Message{ID: "ReportNothing", Description: "/report when there is nothing to show yet", Other: "No feedback or survey answers yet for {{.Org}}."}
	ReportRatingsTitle = &i18n.Message{ID: "ReportRatingsTitle", Description: "Chart title", Other: "Ratings, last 12 weeks"}
	ReportRatingsAxis  = &i18n.Message{ID: "ReportRatingsAxis", Description: "Chart series name", Other: "ratings"}
	ReportRatings      = &i18n.Message{ID: "ReportRatings", Description: "Caption of the ratings chart. Org is the organisation, Lines one line per rating; HTML",
		Other: "<b>{{.Org}}</b>: ratings in the last 12 weeks\n{{.Lines}}"}
	ReportSurvey = &i18n.Message{ID: "ReportSurvey", Description: "Caption of the survey chart. Title is the survey, Question the question charted, Lines one line per answer; HTML",
		Other: "<b>{{.Title}}</b>: answers by week\n{{.Question}}\n{{.Lines}}"}
	ReportSurveyAxis = &i18n.Message{ID: "ReportSurveyAxis", Description: "Chart axis label", Other: "answers"}
)
