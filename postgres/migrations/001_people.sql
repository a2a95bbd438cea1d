-- +goose Up
CREATE TABLE people (
    id                 bigserial   PRIMARY KEY,
    chat_hash          bytea       NOT NULL UNIQUE CHECK (octet_length(chat_hash) = 32),
    chat_sealed        bytea       NOT NULL,
    lang               text        NOT NULL DEFAULT '',
    consented_at       timestamptz,
    regions            text[]      NOT NULL DEFAULT '{}',
    substance_groups   text[]      NOT NULL DEFAULT '{}',
    onboarded_at       timestamptz,
    delete_after_hours int         NOT NULL DEFAULT 0 CHECK (delete_after_hours BETWEEN 0 AND 47),
    quiet_nights       boolean     NOT NULL DEFAULT false,
    broadcasts_stopped boolean     NOT NULL DEFAULT false,
    active             boolean     NOT NULL DEFAULT true,
    created_on         date        NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Alert targeting selects people by region.
CREATE INDEX people_regions_idx ON people USING gin (regions);

COMMENT ON TABLE people IS 'One row per person using the bot: language, consent, regions and alert settings. Holds no name, username, phone or clear chat id; /forget deletes the row and everything referencing it.';
COMMENT ON COLUMN people.id IS 'Internal, meaningless identifier; says nothing about the person.';
COMMENT ON COLUMN people.chat_hash IS 'HMAC-SHA256 of the Telegram chat id under a key derived from PEERBOT_SECRET, used to find the row when a message arrives. Without the secret it cannot be reversed or matched to a chat.';
COMMENT ON COLUMN people.chat_sealed IS 'The Telegram chat id encrypted with AES-256-GCM under a key derived from PEERBOT_SECRET, needed to deliver messages. Unreadable without the secret.';
COMMENT ON COLUMN people.lang IS 'Language the person chose for the bot, empty until chosen.';
COMMENT ON COLUMN people.consented_at IS 'When the person agreed to the privacy notice; null until then.';
COMMENT ON COLUMN people.regions IS 'ISO 3166-2 region (or country) codes the person wants alerts for. Coarse areas chosen by the person, never a location.';
COMMENT ON COLUMN people.substance_groups IS 'Substance groups the person wants information and caution alerts about; warnings reach everyone in the region regardless.';
COMMENT ON COLUMN people.onboarded_at IS 'When the person finished onboarding; null until then.';
COMMENT ON COLUMN people.delete_after_hours IS 'Discreet mode: delete every bot message after this many hours (0 = off, at most 47 because Telegram lets bots delete only messages younger than 48 hours).';
COMMENT ON COLUMN people.quiet_nights IS 'Discreet mode: send broadcasts without sound at night.';
COMMENT ON COLUMN people.broadcasts_stopped IS 'Set by /stop: the person receives no alerts or campaigns.';
COMMENT ON COLUMN people.active IS 'False while the person has blocked the bot; set again when they come back.';
COMMENT ON COLUMN people.created_on IS 'Day the person first used the bot, for counting sign-ups per day (UTC). A day only, not a moment: enough for daily counts and harder to match against other records.';
COMMENT ON COLUMN people.updated_at IS 'Last change to the profile, for operations and debugging.';

-- +goose Down
DROP TABLE people;
