package campaigns

import (
	"context"
	"errors"
	"fmt"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
)

// Loader loads a campaign whatever its organisation;
// *postgres.CampaignStore satisfies it.
type Loader interface {
	Campaign(ctx context.Context, id CampaignID) (*Campaign, error)
}

// BroadcastContent renders campaigns for the broadcast engine: it is the
// broadcast.Content of broadcast.KindCampaign, whose subject is the
// campaign's id.
type BroadcastContent struct {
	campaigns Loader
}

// NewBroadcastContent returns the content of campaign broadcasts.
func NewBroadcastContent(campaigns Loader) *BroadcastContent {
	return &BroadcastContent{campaigns: campaigns}
}

// Messages implements broadcast.Content. A campaign that no longer exists
// (its organisation was removed) is refused for good, so its deliveries fail
// instead of being retried.
func (bc *BroadcastContent) Messages(ctx context.Context, subject int64, lang string) (broadcast.Messages, error) {
	c, err := bc.campaigns.Campaign(ctx, CampaignID(subject))
	if errors.Is(err, ErrNotFound) {
		return broadcast.Messages{}, fmt.Errorf("campaign %d: %w: %w", subject, err, bot.ErrRejected)
	}
	if err != nil {
		return broadcast.Messages{}, fmt.Errorf("loading campaign %d: %w", subject, err)
	}
	return c.Render(lang), nil
}

// Render returns what a person with language lang gets, for Telegram's HTML
// parse mode: the text in their language or the default one, escaped (an
// organisation's text is data, never markup), and the link buttons. With a
// photo, the text is its caption and the buttons go under it.
func (c *Campaign) Render(lang string) broadcast.Messages {
	text, in := c.Text(lang)
	var m broadcast.Messages
	if photo := c.Photo(); photo != "" {
		m.Photo, m.Caption = photo, bot.EscapeHTML(text)
	} else {
		m.Text = bot.EscapeHTML(text)
	}
	for _, b := range c.Buttons {
		// Telegram shows labels as they are: no parse mode applies.
		m.Keyboard = append(m.Keyboard, bot.Row(bot.URLButton(c.Label(b, in), b.URL)))
	}
	return m
}
