-- +goose Up
CREATE TABLE broadcasts (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('alert', 'campaign')),
    alert_id    bigint      UNIQUE REFERENCES alerts (id),
    priority    smallint    NOT NULL CHECK (priority BETWEEN 1 AND 2),
    created_at  timestamptz NOT NULL DEFAULT now(),
    recipients  int         NOT NULL DEFAULT 0 CHECK (recipients >= 0),
    CHECK ((kind = 'alert') = (alert_id IS NOT NULL))
);

COMMENT ON TABLE broadcasts IS 'One delivery run to many people: an alert version or a campaign. Counts only; recipients are in deliveries.';
COMMENT ON COLUMN broadcasts.id IS 'Internal identifier of the run.';
COMMENT ON COLUMN broadcasts.kind IS 'alert or campaign.';
COMMENT ON COLUMN broadcasts.alert_id IS 'The alert version delivered (kind alert).';
COMMENT ON COLUMN broadcasts.priority IS 'Sending lane: 1 alerts, 2 campaigns (alerts go first).';
COMMENT ON COLUMN broadcasts.created_at IS 'When the run was planned; times to deliver are counted from here.';
COMMENT ON COLUMN broadcasts.recipients IS 'How many people the run was planned for.';

CREATE TABLE deliveries (
    broadcast_id bigint      NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    person_id    bigint      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    priority     smallint    NOT NULL,
    action       smallint    NOT NULL CHECK (action BETWEEN 0 AND 3),
    state        smallint    NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 5),
    attempts     smallint    NOT NULL DEFAULT 0,
    message_ids  int[]       NOT NULL DEFAULT '{}',
    messages_at  timestamptz,
    next_at      timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    PRIMARY KEY (broadcast_id, person_id)
);

-- Workers claim due pending deliveries, most urgent lane first.
CREATE INDEX deliveries_due_idx ON deliveries (priority, next_at) WHERE state = 0;
-- Forgetting a person deletes their deliveries through the cascade.
CREATE INDEX deliveries_person_idx ON deliveries (person_id);

COMMENT ON TABLE deliveries IS 'The delivery ledger: one row per recipient of a broadcast, so a crash or restart resumes without losing or repeating sends. Deleted with the person on /forget.';
COMMENT ON COLUMN deliveries.broadcast_id IS 'The run this delivery belongs to.';
COMMENT ON COLUMN deliveries.person_id IS 'The recipient (internal id); the chat is found through people.chat_sealed, never stored here.';
COMMENT ON COLUMN deliveries.priority IS 'The broadcast''s lane, copied so due deliveries are claimed in priority order from one index.';
COMMENT ON COLUMN deliveries.action IS '0 send new messages; 1 edit the messages of an earlier version in place; 2 edit them and send a short follow-up; 3 send the follow-up only (the earlier messages are too old to edit).';
COMMENT ON COLUMN deliveries.state IS '0 pending, 1 sent, 2 failed for good, 3 the person is unreachable (blocked the bot), 4 superseded by a newer version before it went out, 5 skipped (the person stopped broadcasts or left before it went out).';
COMMENT ON COLUMN deliveries.attempts IS 'How many times a worker has claimed it.';
COMMENT ON COLUMN deliveries.message_ids IS 'Telegram message ids of what was sent (a photo and a text), meaningful only in the person''s chat; used to edit them when the alert changes. No message text is stored.';
COMMENT ON COLUMN deliveries.messages_at IS 'When the messages in message_ids were first sent: they can be edited in place while younger than 48 hours.';
COMMENT ON COLUMN deliveries.next_at IS 'Pending: when it may next be claimed (a claim moves it forward, so a crashed worker''s claim lapses and another replica takes it).';
COMMENT ON COLUMN deliveries.sent_at IS 'When it was delivered (or found undeliverable).';

-- +goose Down
DROP TABLE deliveries;
DROP TABLE broadcasts;
