package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/orgs"
)

// CampaignStore stores campaigns and plans their delivery into the ledger.
// It is a broadcast.Planner: combine it with the alert planner through
// broadcast.Planners (alerts first).
type CampaignStore struct {
	db      *DB
	regions *content.Regions
}

// NewCampaignStore returns the campaign store on db. regions gives the
// time zone of each region, for quiet hours, and which codes overlap.
func NewCampaignStore(db *DB, regions *content.Regions) *CampaignStore {
	return &CampaignStore{db: db, regions: regions}
}

const campaignColumns = `c.id, c.org_id, c.status, c.texts, c.default_lang, c.photo_url, c.photo_file_id, c.buttons,
	c.regions, c.langs, c.roles, c.substance_groups, c.send_at, c.quiet_start, c.quiet_end,
	c.created_by, c.created_at, c.planned_at`

func scanCampaign(row pgx.Row) (*campaigns.Campaign, error) {
	var (
		c              campaigns.Campaign
		status         string
		texts, buttons []byte
		roles          []string
	)
	err := row.Scan(&c.ID, &c.Org, &status, &texts, &c.DefaultLang, &c.PhotoURL, &c.PhotoFileID, &buttons,
		&c.Segment.Regions, &c.Segment.Langs, &roles, &c.Segment.Groups, &c.SendAt, &c.QuietStart, &c.QuietEnd,
		&c.CreatedBy, &c.CreatedAt, &c.PlannedAt)
	if err != nil {
		return nil, err
	}
	c.Status = campaigns.Status(status)
	if err := json.Unmarshal(texts, &c.Texts); err != nil {
		return nil, fmt.Errorf("reading campaign %d texts: %w", c.ID, err)
	}
	if err := json.Unmarshal(buttons, &c.Buttons); err != nil {
		return nil, fmt.Errorf("reading campaign %d buttons: %w", c.ID, err)
	}
	if len(c.Buttons) == 0 {
		c.Buttons = nil
	}
	for _, r := range roles {
		c.Segment.Roles = append(c.Segment.Roles, orgs.Role(r))
	}
	// Empty arrays read back as nil, like a segment that never had them.
	for _, s := range []*[]string{&c.Segment.Regions, &c.Segment.Langs, &c.Segment.Groups} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	return &c, nil
}

// Create stores c as a draft of its organisation and returns it with its id
// and creation time. The caller has validated it.
func (s *CampaignStore) Create(ctx context.Context, c *campaigns.Campaign) (*campaigns.Campaign, error) {
	texts, err := json.Marshal(c.Texts)
	if err != nil {
		return nil, fmt.Errorf("creating campaign: %w", err)
	}
	buttons := []byte("[]")
	if len(c.Buttons) > 0 {
		if buttons, err = json.Marshal(c.Buttons); err != nil {
			return nil, fmt.Errorf("creating campaign: %w", err)
		}
	}
	roles := make([]string, 0, len(c.Segment.Roles))
	for _, r := range c.Segment.Roles {
		roles = append(roles, string(r))
	}
	out, err := scanCampaign(s.db.pool.QueryRow(ctx, `
		INSERT INTO campaigns AS c (org_id, status, texts, default_lang, photo_url, photo_file_id, buttons,
			regions, langs, roles, substance_groups, quiet_start, quiet_end, created_by)
		VALUES ($1, 'draft', $2, $3, $4, $13, $5, $6, $7, $8, $9, $10, $11, $12)
		RETURNING `+campaignColumns,
		c.Org, string(texts), c.DefaultLang, c.PhotoURL, string(buttons),
		nonNil(c.Segment.Regions), nonNil(c.Segment.Langs), roles, nonNil(c.Segment.Groups),
		c.QuietStart, c.QuietEnd, c.CreatedBy, c.PhotoFileID))
	if isForeignKeyViolation(err) {
		return nil, fmt.Errorf("creating campaign: %w", orgs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("creating campaign: %w", err)
	}
	return out, nil
}

// Get returns the organisation's campaign with that id, or
// campaigns.ErrNotFound (also when it is another organisation's).
func (s *CampaignStore) Get(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error) {
	if err := s.settle(ctx, org); err != nil {
		return nil, err
	}
	c, err := scanCampaign(s.db.pool.QueryRow(ctx,
		`SELECT `+campaignColumns+` FROM campaigns c WHERE c.id = $1 AND c.org_id = $2`, id, org))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, campaigns.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("loading campaign: %w", err)
	}
	return c, nil
}

// Campaign returns a campaign whatever its organisation, for rendering its
// deliveries; campaigns.ErrNotFound when there is none.
func (s *CampaignStore) Campaign(ctx context.Context, id campaigns.CampaignID) (*campaigns.Campaign, error) {
	c, err := scanCampaign(s.db.pool.QueryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c WHERE c.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, campaigns.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("loading campaign: %w", err)
	}
	return c, nil
}

// ListByOrg returns the organisation's campaigns, newest first, at most
// limit of them (limit ≤ 0: 100).
func (s *CampaignStore) ListByOrg(ctx context.Context, org orgs.OrgID, limit int) ([]*campaigns.Campaign, error) {
	if limit <= 0 {
		limit = 100
	}
	if err := s.settle(ctx, org); err != nil {
		return nil, err
	}
	rows, err := s.db.pool.Query(ctx, `SELECT `+campaignColumns+` FROM campaigns c
		WHERE c.org_id = $1 ORDER BY c.id DESC LIMIT $2`, org, limit)
	if err != nil {
		return nil, fmt.Errorf("listing campaigns: %w", err)
	}
	defer rows.Close()
	var out []*campaigns.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, fmt.Errorf("listing campaigns: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing campaigns: %w", err)
	}
	return out, nil
}

// settle marks the organisation's campaigns sent once nothing of theirs is
// pending. The engine has no need to know about campaigns, so this happens
// when someone looks.
func (s *CampaignStore) settle(ctx context.Context, org orgs.OrgID) error {
	_, err := s.db.pool.Exec(ctx, `
		UPDATE campaigns c SET status = 'sent'
		WHERE c.org_id = $1 AND c.status = 'sending' AND NOT EXISTS (
			SELECT 1 FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id
			WHERE b.campaign_id = c.id AND d.state = 0)`, org)
	if err != nil {
		return fmt.Errorf("settling sent campaigns: %w", err)
	}
	return nil
}

// Schedule sends a draft (or reschedules a scheduled campaign) at at, or
// now when at is zero or past, and returns it. A campaign that has gone out
// or was cancelled is campaigns.ErrNotEditable; another organisation's is
// campaigns.ErrNotFound.
func (s *CampaignStore) Schedule(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID, at time.Time) (*campaigns.Campaign, error) {
	var when *time.Time
	if !at.IsZero() {
		when = &at
	}
	var c *campaigns.Campaign
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var err error
		c, err = scanCampaign(tx.QueryRow(ctx, `
			UPDATE campaigns c SET status = 'scheduled', send_at = greatest(coalesce($3, now()), now())
			WHERE c.id = $1 AND c.org_id = $2 AND c.status IN ('draft', 'scheduled')
			RETURNING `+campaignColumns, id, org, when))
		if errors.Is(err, pgx.ErrNoRows) {
			return s.whyNot(ctx, tx, org, id)
		}
		if err != nil {
			return err
		}
		// Planners listen here: a campaign sent now is planned at once
		// rather than at the next poll.
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, AlertsChannel, fmt.Sprintf("campaign:%d", id))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("scheduling campaign %d: %w", id, err)
	}
	return c, nil
}

// whyNot says why a campaign of org could not be changed: it does not exist
// (for that organisation), or it is no longer editable.
func (s *CampaignStore) whyNot(ctx context.Context, tx pgx.Tx, org orgs.OrgID, id campaigns.CampaignID) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = $1 AND org_id = $2)`, id, org).
		Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return campaigns.ErrNotFound
	}
	return campaigns.ErrNotEditable
}

// Cancel stops a campaign that is a draft, scheduled or sending: what is
// still pending is settled as skipped (a message already handed to Telegram
// still arrives). A campaign already sent or cancelled is
// campaigns.ErrNotEditable; another organisation's is campaigns.ErrNotFound.
func (s *CampaignStore) Cancel(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error) {
	var c *campaigns.Campaign
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var err error
		c, err = scanCampaign(tx.QueryRow(ctx, `
			UPDATE campaigns c SET status = 'cancelled'
			WHERE c.id = $1 AND c.org_id = $2 AND c.status IN ('draft', 'scheduled', 'sending')
			RETURNING `+campaignColumns, id, org))
		if errors.Is(err, pgx.ErrNoRows) {
			return s.whyNot(ctx, tx, org, id)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE deliveries d SET state = 5, sent_at = now()
			FROM broadcasts b
			WHERE b.campaign_id = $1 AND d.broadcast_id = b.id AND d.state = 0`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cancelling campaign %d: %w", id, err)
	}
	return c, nil
}

// Stats says how far a campaign's delivery has got; zero before it is
// planned.
func (s *CampaignStore) Stats(ctx context.Context, id campaigns.CampaignID) (campaigns.Stats, error) {
	var st campaigns.Stats
	err := s.db.pool.QueryRow(ctx, `
		SELECT b.recipients,
			count(*) FILTER (WHERE d.state = 1),
			count(*) FILTER (WHERE d.state = 2),
			count(*) FILTER (WHERE d.state = 3),
			count(*) FILTER (WHERE d.state = 0),
			count(*) FILTER (WHERE d.state IN (4, 5))
		FROM broadcasts b LEFT JOIN deliveries d ON d.broadcast_id = b.id
		WHERE b.campaign_id = $1
		GROUP BY b.id`, id).Scan(&st.Recipients, &st.Sent, &st.Failed, &st.Blocked, &st.Pending, &st.Skipped)
	if errors.Is(err, pgx.ErrNoRows) {
		return campaigns.Stats{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("loading campaign stats: %w", err)
	}
	return st, nil
}

// PlanPending plans every scheduled campaign that is due, oldest first, and
// returns how many it planned. It implements broadcast.Planner.
func (s *CampaignStore) PlanPending(ctx context.Context) (int, error) {
	return planEach(ctx, s.db, "campaigns", `
		SELECT id FROM campaigns WHERE status = 'scheduled' AND planned_at IS NULL AND send_at <= now()
		ORDER BY send_at, id LIMIT 100`,
		func(ctx context.Context, id int64) (bool, error) {
			return s.PlanCampaign(ctx, campaigns.CampaignID(id))
		})
}

// segmentWhere selects the people a campaign reaches, with $1 the
// organisation, $2 the overlapping region codes (empty: anywhere), $3 the
// languages, $4 the roles and $5 the substance groups (each empty: any).
const segmentWhere = `p.active AND NOT p.broadcasts_stopped AND NOT p.campaigns_muted
	AND p.onboarded_at IS NOT NULL
	AND (cardinality($2::text[]) = 0 OR p.regions && $2::text[])
	AND (cardinality($3::text[]) = 0 OR p.lang = ANY ($3::text[]))
	AND (cardinality($4::text[]) = 0 OR EXISTS (
		SELECT 1 FROM members m WHERE m.org_id = $1 AND m.person_id = p.id AND m.role = ANY ($4::text[])))
	AND (cardinality($5::text[]) = 0 OR p.substance_groups && $5::text[])`

// PlanCampaign plans the delivery of one due scheduled campaign, in one
// transaction, and reports whether it did (false: another replica planned
// it first, or it is not due). Everyone in its segment gets a delivery due
// now, or when the quiet hours end in the time zone of their first region.
// A campaign that reaches nobody is sent at once.
func (s *CampaignStore) PlanCampaign(ctx context.Context, id campaigns.CampaignID) (bool, error) {
	planned := false
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		c, err := scanCampaign(tx.QueryRow(ctx, `
			SELECT `+campaignColumns+` FROM campaigns c
			WHERE c.id = $1 AND c.status = 'scheduled' AND c.planned_at IS NULL AND c.send_at <= now()
			FOR UPDATE OF c`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("loading campaign: %w", err)
		}
		var (
			orgRegions []string
			now        time.Time
		)
		if err := tx.QueryRow(ctx, `SELECT regions, now() FROM organisations WHERE id = $1`, c.Org).
			Scan(&orgRegions, &now); err != nil {
			return fmt.Errorf("loading the organisation: %w", err)
		}
		regions := c.Segment.Regions
		if len(regions) == 0 {
			regions = orgRegions
		}
		roles := make([]string, 0, len(c.Segment.Roles))
		for _, r := range c.Segment.Roles {
			roles = append(roles, string(r))
		}
		args := []any{c.Org, s.regions.Overlapping(regions), nonNil(c.Segment.Langs), roles, nonNil(c.Segment.Groups)}

		// When each person may get it depends only on their first region:
		// work it out once per region.
		rows, err := tx.Query(ctx, `SELECT DISTINCT coalesce(p.regions[1], '') FROM people p WHERE `+segmentWhere, args...)
		if err != nil {
			return fmt.Errorf("finding the segment's regions: %w", err)
		}
		firsts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("finding the segment's regions: %w", err)
		}
		times := make([]time.Time, len(firsts))
		for i, code := range firsts {
			loc := time.UTC // no region: no better guess than UTC
			if country, ok := s.regions.CountryOf(code); ok {
				loc = country.Location
			}
			times[i] = campaigns.NextSendTime(loc, now, c.QuietStart, c.QuietEnd)
		}

		var bid int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO broadcasts (kind, campaign_id, priority) VALUES ('campaign', $1, $2) RETURNING id`,
			id, int(bot.PriorityCampaign)).Scan(&bid); err != nil {
			return fmt.Errorf("creating broadcast: %w", err)
		}
		// A person who joined the segment since the query above, with a
		// region nobody else has, gets it now.
		tag, err := tx.Exec(ctx, `
			INSERT INTO deliveries (broadcast_id, person_id, priority, action, next_at)
			SELECT $6, p.id, $7, 0, coalesce(q.next_at, $10)
			FROM people p
			LEFT JOIN unnest($8::text[], $9::timestamptz[]) AS q(region, next_at)
				ON q.region = coalesce(p.regions[1], '')
			WHERE `+segmentWhere,
			append(args, bid, int(bot.PriorityCampaign), firsts, times, now)...)
		if err != nil {
			return fmt.Errorf("planning recipients: %w", err)
		}
		recipients := tag.RowsAffected()
		status := "sending"
		if recipients == 0 {
			status = "sent"
		}
		if _, err := tx.Exec(ctx, `UPDATE broadcasts SET recipients = $2 WHERE id = $1`, bid, recipients); err != nil {
			return fmt.Errorf("counting recipients: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE campaigns SET status = $2, planned_at = now() WHERE id = $1`, id, status); err != nil {
			return fmt.Errorf("marking campaign planned: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, DeliveriesChannel, fmt.Sprint(bid)); err != nil {
			return fmt.Errorf("announcing deliveries: %w", err)
		}
		planned = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("planning campaign %d: %w", id, err)
	}
	return planned, nil
}
