-- +goose Up
CREATE TABLE partners (
    id         bigserial   PRIMARY KEY,
    name       text        NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 200),
    regions    text[]      NOT NULL CHECK (cardinality(regions) > 0),
    review     boolean     NOT NULL DEFAULT false,
    token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

COMMENT ON TABLE partners IS 'Drug-checking partners (labs, festival testing services) allowed to publish alerts through the API. Organisations, not people.';
COMMENT ON COLUMN partners.id IS 'Internal identifier of the partner.';
COMMENT ON COLUMN partners.name IS 'The partner organisation''s name, shown as the source of its alerts.';
COMMENT ON COLUMN partners.regions IS 'ISO 3166-2 region or country codes the partner may publish alerts for.';
COMMENT ON COLUMN partners.review IS 'True: the partner''s alerts wait for a moderator''s approval before they are sent.';
COMMENT ON COLUMN partners.token_hash IS 'SHA-256 of the partner''s bearer token. The token itself is shown once, when created, and never stored.';
COMMENT ON COLUMN partners.created_at IS 'When the partner was added.';
COMMENT ON COLUMN partners.revoked_at IS 'When the token was revoked; null while it is valid.';

CREATE TABLE alerts (
    id               bigserial   PRIMARY KEY,
    partner_id       bigint      NOT NULL REFERENCES partners (id),
    identifier       text        NOT NULL CHECK (char_length(identifier) BETWEEN 1 AND 200),
    -- Versions of one alert form a chain: chain_id is the id of its first version.
    chain_id         bigint      NOT NULL REFERENCES alerts (id),
    replaces         bigint      REFERENCES alerts (id),
    msg_type         text        NOT NULL CHECK (msg_type IN ('alert', 'update', 'cancel')),
    severity         text        NOT NULL CHECK (severity IN ('information', 'caution', 'warning')),
    status           text        NOT NULL CHECK (status IN ('review', 'published', 'rejected')),
    regions          text[]      NOT NULL CHECK (cardinality(regions) > 0),
    substance_groups text[]      NOT NULL DEFAULT '{}',
    body             jsonb       NOT NULL,
    format           text        NOT NULL CHECK (format IN ('json', 'cap', 'bot')),
    received_at      timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    effective        timestamptz,
    expires          timestamptz,
    planned_at       timestamptz,
    -- The same partner identifier sent twice is the same alert.
    UNIQUE (partner_id, identifier),
    CHECK ((status = 'published') = (published_at IS NOT NULL)),
    CHECK (expires IS NULL OR effective IS NULL OR expires > effective),
    CHECK ((msg_type = 'alert') = (replaces IS NULL))
);

-- The delivery planner finds published versions it has not planned yet.
CREATE INDEX alerts_unplanned_idx ON alerts (published_at) WHERE status = 'published' AND planned_at IS NULL;
CREATE INDEX alerts_chain_idx ON alerts (chain_id, id);
-- The public mirror lists recent published alerts.
CREATE INDEX alerts_published_idx ON alerts (published_at DESC) WHERE status = 'published';

COMMENT ON TABLE alerts IS 'Every version of every polluted-drug alert a partner sent (an Update or Cancel is a new row referring to the version it replaces). Public information about drug samples; nothing about any person.';
COMMENT ON COLUMN alerts.id IS 'Peerbot''s identifier of this version, used in API paths and the public mirror.';
COMMENT ON COLUMN alerts.partner_id IS 'The partner that published it.';
COMMENT ON COLUMN alerts.identifier IS 'The partner''s own identifier of this version (CAP identifier); unique per partner.';
COMMENT ON COLUMN alerts.chain_id IS 'Id of the first version of this alert; every version of one alert shares it.';
COMMENT ON COLUMN alerts.replaces IS 'The version an Update or a Cancel replaces; null for a new alert.';
COMMENT ON COLUMN alerts.msg_type IS 'alert (new), update (corrects the version it replaces) or cancel (withdraws it).';
COMMENT ON COLUMN alerts.severity IS 'information, caution or warning (CAP Minor, Moderate, Severe).';
COMMENT ON COLUMN alerts.status IS 'review (waiting for a moderator), published (sent or being sent) or rejected.';
COMMENT ON COLUMN alerts.regions IS 'ISO 3166-2 region or country codes the alert is for.';
COMMENT ON COLUMN alerts.substance_groups IS 'Substance groups of the substances found, for targeting people who follow them.';
COMMENT ON COLUMN alerts.body IS 'The alert as the documented JSON of docs/alerts.md (sample description, contents, advice per language, times).';
COMMENT ON COLUMN alerts.format IS 'How the partner sent it: json, cap (CAP 1.2 XML) or bot (composed in the chat).';
COMMENT ON COLUMN alerts.received_at IS 'When Peerbot received this version.';
COMMENT ON COLUMN alerts.published_at IS 'When it was published (at once, or when a moderator approved it); null otherwise.';
COMMENT ON COLUMN alerts.effective IS 'When the alert starts to apply; null: from publication.';
COMMENT ON COLUMN alerts.expires IS 'When the alert stops applying; null: no end set.';
COMMENT ON COLUMN alerts.planned_at IS 'When its delivery was planned (recipients chosen); null until then.';

CREATE TABLE alert_audit (
    id       bigserial   PRIMARY KEY,
    alert_id bigint      NOT NULL REFERENCES alerts (id),
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 100),
    action   text        NOT NULL CHECK (action IN ('submitted', 'published', 'approved', 'rejected', 'planned')),
    note     text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000)
);

CREATE INDEX alert_audit_alert_idx ON alert_audit (alert_id, id);

COMMENT ON TABLE alert_audit IS 'Every decision about an alert: who submitted, approved, rejected or published it, and when. Append-only.';
COMMENT ON COLUMN alert_audit.id IS 'Order of the entries.';
COMMENT ON COLUMN alert_audit.alert_id IS 'The alert version decided about.';
COMMENT ON COLUMN alert_audit.at IS 'When the decision was made.';
COMMENT ON COLUMN alert_audit.actor IS 'Who decided: "partner:<id>", "staff:<id>" (an organisation staff member by internal id), "api:<partner id>" or "system". Never a name or Telegram id.';
COMMENT ON COLUMN alert_audit.action IS 'submitted, published, approved, rejected or planned.';
COMMENT ON COLUMN alert_audit.note IS 'A reason given with the decision (a rejection reason), written by staff; no personal data.';

-- +goose Down
DROP TABLE alert_audit;
DROP TABLE alerts;
DROP TABLE partners;
