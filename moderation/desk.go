package moderation

import (
	"context"
	"fmt"

	"github.com/peerbot/peerbot/alerts"
)

// Decider approves and rejects versions in review (*alerts.Service).
type Decider interface {
	Approve(ctx context.Context, id alerts.AlertID, actor string) (*alerts.Stored, error)
	Reject(ctx context.Context, id alerts.AlertID, actor, reason string) (*alerts.Stored, error)
}

// Recent lists the latest alert versions (*postgres.AlertStore).
type Recent interface {
	RecentAlerts(ctx context.Context, limit int) ([]*alerts.Stored, error)
}

// Delivery says how far an alert version's delivery got
// (*postgres.BroadcastStore).
type Delivery interface {
	DeliveryStats(ctx context.Context, id alerts.AlertID) (alerts.DeliveryStats, error)
}

// PartnerRecent lists one partner's latest alert versions
// (*postgres.AlertStore).
type PartnerRecent interface {
	PartnerAlerts(ctx context.Context, partner alerts.PartnerID, limit int) ([]*alerts.Stored, error)
}

// Desk is what moderators do from their staff group: decide on alerts in
// review, and look at the latest alerts and their delivery. Partners' staff
// look at their own partner's alerts the same way.
type Desk struct {
	Decider
	Recent   Recent
	Delivery Delivery
	// Partners lists a partner's alerts, for PartnerLatest.
	Partners PartnerRecent
}

// Row is one alert version with its delivery so far (zero unless it was
// published).
type Row struct {
	*alerts.Stored
	Delivery alerts.DeliveryStats
}

// Latest returns the latest n versions, newest first, with their delivery.
func (d *Desk) Latest(ctx context.Context, n int) ([]Row, error) {
	recent, err := d.Recent.RecentAlerts(ctx, n)
	if err != nil {
		return nil, err
	}
	return d.rows(ctx, recent)
}

// PartnerLatest returns a partner's latest n versions, newest first, with
// their delivery.
func (d *Desk) PartnerLatest(ctx context.Context, partner alerts.PartnerID, n int) ([]Row, error) {
	recent, err := d.Partners.PartnerAlerts(ctx, partner, n)
	if err != nil {
		return nil, err
	}
	return d.rows(ctx, recent)
}

// rows adds the delivery of the published versions.
func (d *Desk) rows(ctx context.Context, recent []*alerts.Stored) ([]Row, error) {
	rows := make([]Row, len(recent))
	for i, st := range recent {
		rows[i].Stored = st
		if st.Status != alerts.StatusPublished {
			continue
		}
		var err error
		if rows[i].Delivery, err = d.Delivery.DeliveryStats(ctx, st.ID); err != nil {
			return nil, fmt.Errorf("loading the delivery of alert %d: %w", st.ID, err)
		}
	}
	return rows, nil
}
