package alerts

import (
	"context"
	"fmt"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
)

// Versions reads stored alert versions; *postgres.AlertStore satisfies it.
type Versions interface {
	Alert(ctx context.Context, id AlertID) (*Stored, error)
}

// BroadcastContent renders alert versions for the broadcast engine: the
// engine's subject is the version's id, and what it sends says, per
// language, what the version means for someone who may hold an earlier
// one (new, updated and what changed, or withdrawn).
type BroadcastContent struct {
	Versions Versions
	Renderer *Renderer
	Now      func() time.Time // nil means time.Now
	// Links, when set, puts buttons under the alert that open the
	// information cards about the substances it names.
	Links CardLinks
}

// CardLinks makes the buttons under an alert for the information cards
// about substances (ids from the vocabulary), in lang; nil for none.
type CardLinks interface {
	Keyboard(substances []string, lang string) bot.Keyboard
}

// Messages implements broadcast.Content.
func (c *BroadcastContent) Messages(ctx context.Context, subject int64, lang string) (broadcast.Messages, error) {
	v, err := c.Versions.Alert(ctx, AlertID(subject))
	if err != nil {
		return broadcast.Messages{}, fmt.Errorf("loading alert %d: %w", subject, err)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	view := View{Alert: &v.Alert, Source: v.PartnerName, Now: now()}
	if v.Replaces != 0 {
		prev, err := c.Versions.Alert(ctx, v.Replaces)
		if err != nil {
			return broadcast.Messages{}, fmt.Errorf("loading the version alert %d replaces: %w", subject, err)
		}
		if v.MsgType == MsgCancel {
			// A cancel withdraws what people have: show that, marked
			// withdrawn, with the cancel's advice as the reason.
			view.Alert, view.Cancel = &prev.Alert, &v.Alert
		} else {
			view.Previous = &prev.Alert
		}
	}
	m := c.Renderer.Render(view, lang)
	out := broadcast.Messages{Photo: m.Photo, Caption: m.Caption, Text: m.Text, FollowUp: c.Renderer.FollowUp(view, lang)}
	if c.Links != nil {
		// Edits carry the buttons too, or an update would remove them.
		var subs []string
		for _, ct := range view.Alert.Contents {
			subs = append(subs, ct.Substance)
		}
		out.Keyboard = c.Links.Keyboard(subs, lang)
	}
	return out, nil
}
