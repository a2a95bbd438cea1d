-- +goose Up
-- A partner's staff compose alerts in the bot: they link their Telegram
-- account to the partner with a one-time code (/partner CODE).
CREATE TABLE partner_codes (
    id         bigserial   PRIMARY KEY,
    partner_id bigint      NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL UNIQUE CHECK (octet_length(code_hash) = 32),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (expires_at > created_at)
);

COMMENT ON TABLE partner_codes IS 'One-time codes that link a Telegram account to a drug-checking partner (/partner CODE), so its staff can compose alerts in the bot. Who used a code is not recorded here.';
COMMENT ON COLUMN partner_codes.id IS 'Internal identifier of the code.';
COMMENT ON COLUMN partner_codes.partner_id IS 'The partner the code links to.';
COMMENT ON COLUMN partner_codes.code_hash IS 'HMAC-SHA256 of the code under a key derived from PEERBOT_SECRET. The code itself is shown once, when created, and never stored.';
COMMENT ON COLUMN partner_codes.expires_at IS 'When the code stops working (24 hours after it was made).';
COMMENT ON COLUMN partner_codes.used_at IS 'When the code was used; null while unused. Kept so a second use hears "already used" rather than "unknown".';
COMMENT ON COLUMN partner_codes.created_at IS 'When the code was made.';

CREATE TABLE partner_members (
    person_id  bigint      PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    partner_id bigint      NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    linked_at  timestamptz NOT NULL DEFAULT now()
);

-- Unlinking every member of a partner.
CREATE INDEX partner_members_partner_idx ON partner_members (partner_id);

COMMENT ON TABLE partner_members IS 'People who compose alerts in the bot for a drug-checking partner (one partner per person). /forget deletes a person''s row and says so.';
COMMENT ON COLUMN partner_members.person_id IS 'The member (internal id of their people row); nothing else about them is kept here.';
COMMENT ON COLUMN partner_members.partner_id IS 'The partner they compose alerts for.';
COMMENT ON COLUMN partner_members.linked_at IS 'When they linked their account with a code.';

-- +goose Down
DROP TABLE partner_members;
DROP TABLE partner_codes;
