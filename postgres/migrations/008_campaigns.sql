-- +goose Up
CREATE TABLE campaigns (
    id               bigserial   PRIMARY KEY,
    org_id           bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status           text        NOT NULL DEFAULT 'draft'
                                 CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
    texts            jsonb       NOT NULL CHECK (jsonb_typeof(texts) = 'object'),
    default_lang     text        NOT NULL CHECK (texts ? default_lang),
    photo_url        text        NOT NULL DEFAULT '',
    buttons          jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(buttons) = 'array'),
    regions          text[]      NOT NULL DEFAULT '{}',
    langs            text[]      NOT NULL DEFAULT '{}',
    roles            text[]      NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['peer', 'staff', 'admin']),
    substance_groups text[]      NOT NULL DEFAULT '{}',
    send_at          timestamptz,
    quiet_start      smallint    NOT NULL DEFAULT 21 CHECK (quiet_start BETWEEN 0 AND 23),
    quiet_end        smallint    NOT NULL DEFAULT 9 CHECK (quiet_end BETWEEN 0 AND 23),
    created_by       text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    planned_at       timestamptz,
    -- A campaign past its draft has a time to go out; one planned is sending or done.
    CHECK (status IN ('draft', 'cancelled') OR send_at IS NOT NULL),
    CHECK ((planned_at IS NOT NULL) = (status IN ('sending', 'sent')) OR status = 'cancelled')
);

-- The planner looks for scheduled campaigns that are due.
CREATE INDEX campaigns_due_idx ON campaigns (send_at) WHERE status = 'scheduled';
-- An organisation lists its campaigns, newest first.
CREATE INDEX campaigns_org_idx ON campaigns (org_id, id);

COMMENT ON TABLE campaigns IS 'Messages an organisation broadcasts to a segment of the people who use the bot (regions, languages, roles in the organisation, substance groups). The text is the organisation''s, not a person''s.';
COMMENT ON COLUMN campaigns.id IS 'Internal identifier of the campaign.';
COMMENT ON COLUMN campaigns.org_id IS 'The organisation sending it.';
COMMENT ON COLUMN campaigns.status IS 'draft (being prepared), scheduled (waiting for send_at), sending (deliveries planned), sent (nothing left pending) or cancelled.';
COMMENT ON COLUMN campaigns.texts IS 'The message per language, {"pl": "...", "en": "..."}; plain text written by the organisation, escaped when sent.';
COMMENT ON COLUMN campaigns.default_lang IS 'The language people get when texts has none in theirs.';
COMMENT ON COLUMN campaigns.photo_url IS 'An https URL of a photo sent with the text as its caption; empty for none.';
COMMENT ON COLUMN campaigns.buttons IS 'Up to three link buttons, [{"text": {"en": "..."}, "url": "https://..."}].';
COMMENT ON COLUMN campaigns.regions IS 'Segment: ISO 3166-2 region or country codes; a country reaches its regions. Empty: the organisation''s regions, or everyone when it has none.';
COMMENT ON COLUMN campaigns.langs IS 'Segment: the languages of the people it reaches; empty for every language.';
COMMENT ON COLUMN campaigns.roles IS 'Segment: only members of the organisation with one of these roles (peer, staff, admin, exactly as listed); empty for everyone, members or not.';
COMMENT ON COLUMN campaigns.substance_groups IS 'Segment: people who follow at least one of these substance groups; empty for everyone.';
COMMENT ON COLUMN campaigns.send_at IS 'When it should go out; null while a draft.';
COMMENT ON COLUMN campaigns.quiet_start IS 'Hour (0-23, in each person''s time zone) from which nobody gets it; it waits until quiet_end.';
COMMENT ON COLUMN campaigns.quiet_end IS 'Hour (0-23) at which quiet hours end; equal to quiet_start for no quiet hours.';
COMMENT ON COLUMN campaigns.created_by IS 'Who made it: "api:org:<id>" (the organisation''s API token) or "member:<person id>" (an admin in the bot, by internal id). Never a name or Telegram id.';
COMMENT ON COLUMN campaigns.created_at IS 'When it was created.';
COMMENT ON COLUMN campaigns.planned_at IS 'When its deliveries were planned; null until then.';

ALTER TABLE broadcasts ADD COLUMN campaign_id bigint UNIQUE REFERENCES campaigns (id) ON DELETE CASCADE;
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_subject_check CHECK (
    (kind = 'alert' AND alert_id IS NOT NULL AND campaign_id IS NULL) OR
    (kind = 'campaign' AND campaign_id IS NOT NULL AND alert_id IS NULL));

COMMENT ON COLUMN broadcasts.campaign_id IS 'The campaign delivered (kind campaign).';

ALTER TABLE people ADD COLUMN campaigns_muted boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN people.campaigns_muted IS 'Set in /settings: the person gets no campaigns from organisations, but still gets alerts.';

-- +goose Down
ALTER TABLE people DROP COLUMN campaigns_muted;
DELETE FROM broadcasts WHERE kind = 'campaign';
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_subject_check;
ALTER TABLE broadcasts DROP COLUMN campaign_id;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_check CHECK ((kind = 'alert') = (alert_id IS NOT NULL));
DROP TABLE campaigns;
