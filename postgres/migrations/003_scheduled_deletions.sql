-- +goose Up
CREATE TABLE scheduled_deletions (
    id         bigserial   PRIMARY KEY,
    person_id  bigint      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    message_id int         NOT NULL,
    delete_at  timestamptz NOT NULL,
    -- Scheduling the same message again moves its deletion instead of duplicating it.
    -- The index also serves the cascade when a person is forgotten.
    UNIQUE (person_id, message_id)
);

-- Workers claim the deletions that are due, oldest first.
CREATE INDEX scheduled_deletions_delete_at_idx ON scheduled_deletions (delete_at);

COMMENT ON TABLE scheduled_deletions IS 'Discreet mode: bot messages to delete from a person''s chat when they are due. Rows are removed once claimed, and with the person on /forget (cascade).';
COMMENT ON COLUMN scheduled_deletions.id IS 'Internal identifier of the pending deletion.';
COMMENT ON COLUMN scheduled_deletions.person_id IS 'The person whose chat holds the message; the chat is found through people.chat_sealed, never stored here.';
COMMENT ON COLUMN scheduled_deletions.message_id IS 'Telegram message id of the bot''s own message, meaningful only within that chat. No message text is stored.';
COMMENT ON COLUMN scheduled_deletions.delete_at IS 'When the message should be deleted.';

-- +goose Down
DROP TABLE scheduled_deletions;
