-- +goose Up
CREATE TABLE organisations (
    id               bigserial   PRIMARY KEY,
    name             text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
    regions          text[]      NOT NULL DEFAULT '{}',
    moderates_alerts boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Names are unique whatever their case, so the CLI can find one by name.
CREATE UNIQUE INDEX organisations_name_idx ON organisations (lower(name));

COMMENT ON TABLE organisations IS 'Harm-reduction organisations and PWUD associations that run the bot: their peer workers, staff and admins are in members. Organisations, not people.';
COMMENT ON COLUMN organisations.id IS 'Internal identifier of the organisation.';
COMMENT ON COLUMN organisations.name IS 'The organisation''s public name, shown to its members and in staff groups.';
COMMENT ON COLUMN organisations.regions IS 'ISO 3166-2 region or country codes the organisation works in.';
COMMENT ON COLUMN organisations.moderates_alerts IS 'True: the organisation''s staff groups review alerts from partners whose alerts need approval.';
COMMENT ON COLUMN organisations.created_at IS 'When the organisation was added.';

CREATE TABLE members (
    org_id    bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    person_id bigint      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role      text        NOT NULL CHECK (role IN ('admin', 'staff', 'peer')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, person_id)
);

-- A person's memberships, and /forget deleting them.
CREATE INDEX members_person_idx ON members (person_id);

COMMENT ON TABLE members IS 'Who belongs to which organisation and in which role. /forget deletes a person''s rows and says so.';
COMMENT ON COLUMN members.org_id IS 'The organisation.';
COMMENT ON COLUMN members.person_id IS 'The member (internal id of their people row); nothing else about them is kept here.';
COMMENT ON COLUMN members.role IS 'peer (peer worker), staff or admin; admin has every right of staff, staff every right of peer.';
COMMENT ON COLUMN members.joined_at IS 'When the person joined or last changed role.';

CREATE TABLE invites (
    id         bigserial   PRIMARY KEY,
    org_id     bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('join', 'link_group')),
    code_hash  bytea       NOT NULL UNIQUE CHECK (octet_length(code_hash) = 32),
    role       text        CHECK (role IN ('admin', 'staff', 'peer')),
    uses_left  int         NOT NULL CHECK (uses_left >= 0),
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((purpose = 'join') = (role IS NOT NULL))
);

COMMENT ON TABLE invites IS 'Invite codes (/start join_CODE makes the person a member) and group link codes (/linkgroup CODE makes a Telegram group a staff group). Who used a code is not recorded.';
COMMENT ON COLUMN invites.id IS 'Internal identifier of the code.';
COMMENT ON COLUMN invites.org_id IS 'The organisation the code belongs to.';
COMMENT ON COLUMN invites.purpose IS 'join (membership invite) or link_group (one-time staff group link code).';
COMMENT ON COLUMN invites.code_hash IS 'HMAC-SHA256 of the code under a key derived from PEERBOT_SECRET. The code itself is shown once, when created, and never stored.';
COMMENT ON COLUMN invites.role IS 'The role a join code grants (peer, staff or admin); null for link codes.';
COMMENT ON COLUMN invites.uses_left IS 'How many more times the code can be used; 0 when used up (kept so the person hears "used up" rather than "unknown").';
COMMENT ON COLUMN invites.expires_at IS 'When the code stops working.';
COMMENT ON COLUMN invites.created_at IS 'When the code was made.';

CREATE TABLE staff_groups (
    chat_hash   bytea       PRIMARY KEY CHECK (octet_length(chat_hash) = 32),
    chat_sealed bytea       NOT NULL,
    org_id      bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    linked_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX staff_groups_org_idx ON staff_groups (org_id);

COMMENT ON TABLE staff_groups IS 'Telegram groups where an organisation''s staff work (referral requests, alert reviews). A group belongs to one organisation. Group chats, not people.';
COMMENT ON COLUMN staff_groups.chat_hash IS 'HMAC-SHA256 of the group''s Telegram chat id under a key derived from PEERBOT_SECRET, to find the group when a message arrives.';
COMMENT ON COLUMN staff_groups.chat_sealed IS 'The group''s Telegram chat id encrypted with AES-256-GCM under a key derived from PEERBOT_SECRET, needed to post in it.';
COMMENT ON COLUMN staff_groups.org_id IS 'The organisation the group belongs to.';
COMMENT ON COLUMN staff_groups.linked_at IS 'When the group was linked with /linkgroup.';

CREATE TABLE org_tokens (
    id         bigserial   PRIMARY KEY,
    org_id     bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX org_tokens_org_idx ON org_tokens (org_id) WHERE revoked_at IS NULL;

COMMENT ON TABLE org_tokens IS 'Bearer tokens organisations call the API with (campaigns, stats). Organisations, not people.';
COMMENT ON COLUMN org_tokens.id IS 'Internal identifier of the token.';
COMMENT ON COLUMN org_tokens.org_id IS 'The organisation the token acts for.';
COMMENT ON COLUMN org_tokens.token_hash IS 'SHA-256 of the token (po_ followed by 43 base64url characters of 32 random bytes). The token itself is shown once, when created, and never stored.';
COMMENT ON COLUMN org_tokens.created_at IS 'When the token was made.';
COMMENT ON COLUMN org_tokens.revoked_at IS 'When the token was revoked; null while it is valid.';

-- +goose Down
DROP TABLE org_tokens;
DROP TABLE staff_groups;
DROP TABLE invites;
DROP TABLE members;
DROP TABLE organisations;
