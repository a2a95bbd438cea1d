-- +goose Up
-- The outreach log: shifts peer workers record, and the named places they
-- work. Entries belong to the organisation; the peer who logged one is kept
-- only as a keyed hash, for their own totals, and /forget clears it.
CREATE TABLE outreach_hotspots (
    id         bigserial   PRIMARY KEY,
    org_id     bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    label      text        NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40 AND label = btrim(label)),
    region     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One label per organisation, whatever its case.
CREATE UNIQUE INDEX outreach_hotspots_label_idx ON outreach_hotspots (org_id, lower(label));

COMMENT ON TABLE outreach_hotspots IS 'Named places where an organisation''s peer workers do outreach (a square, a station). Places, not people.';
COMMENT ON COLUMN outreach_hotspots.id IS 'Internal identifier of the hotspot.';
COMMENT ON COLUMN outreach_hotspots.org_id IS 'The organisation the hotspot belongs to.';
COMMENT ON COLUMN outreach_hotspots.label IS 'The place''s name as the organisation calls it, shown on buttons and in reports; never a person.';
COMMENT ON COLUMN outreach_hotspots.region IS 'ISO 3166-2 code of the region the place is in; empty when not given.';
COMMENT ON COLUMN outreach_hotspots.created_at IS 'When the hotspot was added.';

CREATE TABLE outreach_entries (
    id             bigserial   PRIMARY KEY,
    org_id         bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    peer_hash      bytea       CHECK (octet_length(peer_hash) = 32),
    shift_date     date        NOT NULL,
    hotspot_id     bigint      REFERENCES outreach_hotspots (id),
    region         text        NOT NULL DEFAULT '',
    contacts       int         NOT NULL CHECK (contacts BETWEEN 0 AND 10000),
    materials      jsonb       NOT NULL DEFAULT '{}',
    referrals      jsonb       NOT NULL DEFAULT '{}',
    overdoses      int         NOT NULL CHECK (overdoses BETWEEN 0 AND 10000),
    naloxone_given int         NOT NULL CHECK (naloxone_given BETWEEN 0 AND 10000),
    note           text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((hotspot_id IS NULL) <> (region = ''))
);

-- Monthly reports read one organisation's entries by date; a peer's own
-- totals and /forget find their entries by hash.
CREATE INDEX outreach_entries_org_date_idx ON outreach_entries (org_id, shift_date);
CREATE INDEX outreach_entries_peer_idx ON outreach_entries (peer_hash) WHERE peer_hash IS NOT NULL;

COMMENT ON TABLE outreach_entries IS 'Outreach shifts logged by peer workers, for their organisation''s monthly reports. The organisation''s numbers; /forget unlinks the peer and deletes the note, and keeps the numbers.';
COMMENT ON COLUMN outreach_entries.id IS 'Internal identifier of the entry.';
COMMENT ON COLUMN outreach_entries.org_id IS 'The organisation the shift was done for, which owns the entry.';
COMMENT ON COLUMN outreach_entries.peer_hash IS 'HMAC-SHA256 of the logging peer''s internal person id under a key derived from PEERBOT_SECRET, so they can see their own totals; null once they used /forget.';
COMMENT ON COLUMN outreach_entries.shift_date IS 'The calendar day of the shift.';
COMMENT ON COLUMN outreach_entries.hotspot_id IS 'The organisation''s hotspot where the shift was; null when a region is given instead.';
COMMENT ON COLUMN outreach_entries.region IS 'ISO 3166-2 code of the region of the shift; empty when a hotspot is given.';
COMMENT ON COLUMN outreach_entries.contacts IS 'How many people the peer was in contact with.';
COMMENT ON COLUMN outreach_entries.materials IS 'Materials given, by type: {"syringes": 20, "foil": 5} (syringes, foil, pipes, naloxone_kits, condoms, test_strips).';
COMMENT ON COLUMN outreach_entries.referrals IS 'Referrals made, by need: {"ost": 1, "shelter": 2}.';
COMMENT ON COLUMN outreach_entries.overdoses IS 'Overdoses the peer responded to.';
COMMENT ON COLUMN outreach_entries.naloxone_given IS 'Times the peer gave naloxone.';
COMMENT ON COLUMN outreach_entries.note IS 'Free note without names or phone numbers (the bot refuses notes that look like them); deleted when the peer uses /forget.';
COMMENT ON COLUMN outreach_entries.created_at IS 'When the entry was saved.';

-- +goose Down
DROP TABLE outreach_entries;
DROP TABLE outreach_hotspots;
