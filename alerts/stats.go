package alerts

import "time"

// DeliveryStats says how far the delivery of one alert version has got.
// Counts are people; times are measured from when the delivery was planned.
type DeliveryStats struct {
	Recipients    int           `json:"recipients"` // people the version was planned for
	Sent          int           `json:"sent"`       // delivered (sent, or edited in place)
	Failed        int           `json:"failed"`     // Telegram refused for good
	Blocked       int           `json:"blocked"`    // the person blocked the bot or left Telegram
	Pending       int           `json:"pending"`    // not yet delivered
	Superseded    int           `json:"superseded"` // a newer version went out before this one reached them
	Skipped       int           `json:"skipped"`    // the person paused broadcasts or left before it went out
	FirstDelivery time.Duration `json:"-"`          // to the first delivery; 0 before any
	LastDelivery  time.Duration `json:"-"`          // to the latest delivery so far; 0 before any
	P50           time.Duration `json:"-"`          // median time to deliver, over deliveries so far
	P95           time.Duration `json:"-"`
}
