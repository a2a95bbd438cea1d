package feedback

import (
	"context"
	"fmt"
	"strconv"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/locales"
)

// AnswerAction is the callback action of a survey's Answer button; its one
// argument is the survey's id. The flows handle it.
const AnswerAction = "sva"

// Surveys reads surveys (*postgres.FeedbackStore).
type Surveys interface {
	Survey(ctx context.Context, id SurveyID) (*Survey, error)
}

// SurveyContent renders a survey's broadcast: its title, a word on
// anonymity and the Answer button. It implements broadcast.Content.
type SurveyContent struct {
	Surveys Surveys
	Catalog *locales.Catalog
}

// Messages implements broadcast.Content.
func (c *SurveyContent) Messages(ctx context.Context, subject int64, lang string) (broadcast.Messages, error) {
	sv, err := c.Surveys.Survey(ctx, SurveyID(subject))
	if err != nil {
		return broadcast.Messages{}, fmt.Errorf("loading survey %d: %w", subject, err)
	}
	text := c.Catalog.T(lang, locales.SurveyInvite, map[string]any{"Title": bot.EscapeHTML(Localized(sv.Title, lang))})
	kb := bot.Keyboard{bot.Row(bot.CallbackButton(c.Catalog.T(lang, locales.ButtonAnswer, nil),
		bot.Callback{Action: AnswerAction, Args: []string{strconv.FormatInt(subject, 10)}}))}
	return broadcast.Messages{Text: text, Keyboard: kb}, nil
}
