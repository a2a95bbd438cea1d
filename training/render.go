package training

import (
	"fmt"
	"slices"
	"strings"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
)

// checkHTML parses a lesson as Telegram parses HTML and returns what the
// person sees. Lessons may use bold and italic only: anything else (links,
// code, spoilers) is refused, so lessons look the same everywhere.
func checkHTML(s string) (string, error) {
	text, entities, err := tgfake.ParseHTML(s)
	if err != nil {
		return "", fmt.Errorf("not valid Telegram HTML: %w", err)
	}
	for _, e := range entities {
		if e.Type != "bold" && e.Type != "italic" {
			return "", fmt.Errorf("only <b> and <i> are allowed, found %s", e.Type)
		}
	}
	return text, nil
}

// plain is what a person sees of Telegram HTML (the source, when it does
// not parse: the length checks then err on the long side).
func plain(s string) string {
	text, _, err := tgfake.ParseHTML(s)
	if err != nil {
		return s
	}
	return text
}

// Letter is the capital letter an option is shown with: a → A.
func Letter(o OptionID) string { return strings.ToUpper(string(o)) }

// RenderQuestion is a question as Telegram HTML: the question in bold,
// then the options lettered A, B, C... Module text is escaped: it is plain
// text in the format.
func RenderQuestion(q QuestionText) string {
	var b strings.Builder
	b.WriteString("<b>" + bot.EscapeHTML(q.Text) + "</b>\n")
	for _, o := range q.Options {
		b.WriteString("\n" + Letter(o.ID) + ". " + bot.EscapeHTML(o.Text))
	}
	return b.String()
}

// RenderFeedback is the answer to a question as Telegram HTML: each option
// the person chose or should have chosen, marked right or wrong, with its
// explanation.
func RenderFeedback(spec Question, q QuestionText, chosen []OptionID) string {
	var b strings.Builder
	b.WriteString("<b>" + bot.EscapeHTML(q.Text) + "</b>\n")
	for _, o := range q.Options {
		picked, right := slices.Contains(chosen, o.ID), slices.Contains(spec.Correct, o.ID)
		if !picked && !right {
			continue
		}
		mark := "✅"
		switch {
		case picked && !right:
			mark = "❌"
		case !picked && right:
			mark = "☑️"
		}
		b.WriteString("\n" + mark + " <b>" + Letter(o.ID) + ". " + bot.EscapeHTML(o.Text) + "</b>\n<i>" + bot.EscapeHTML(o.Explain) + "</i>\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
