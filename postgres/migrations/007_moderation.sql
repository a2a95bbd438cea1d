-- +goose Up
ALTER TABLE alerts
    ADD COLUMN review_announced_at  timestamptz,
    ADD COLUMN review_claimed_until timestamptz;

-- The moderation worker finds versions in review it has not announced yet.
CREATE INDEX alerts_unannounced_idx ON alerts (id) WHERE status = 'review' AND review_announced_at IS NULL;

COMMENT ON COLUMN alerts.review_announced_at IS 'When a version in review was posted to every moderating staff group; null until then (and for versions that never needed review).';
COMMENT ON COLUMN alerts.review_claimed_until IS 'A replica posting the version to the staff groups holds it until then; another replica takes it over afterwards.';

CREATE TABLE review_posts (
    alert_id    bigint      NOT NULL REFERENCES alerts (id),
    chat_hash   bytea       NOT NULL REFERENCES staff_groups (chat_hash) ON DELETE CASCADE,
    chat_sealed bytea       NOT NULL,
    message_id  integer     NOT NULL CHECK (message_id > 0),
    posted_at   timestamptz NOT NULL DEFAULT now(),
    settled_at  timestamptz,
    PRIMARY KEY (alert_id, chat_hash)
);

-- The worker finds posts whose alert was decided but that still show the buttons.
CREATE INDEX review_posts_unsettled_idx ON review_posts (alert_id) WHERE settled_at IS NULL;

COMMENT ON TABLE review_posts IS 'The message with Approve/Reject buttons posted in each moderating staff group for an alert in review, so every group''s message can be edited to show the decision. Group chats, not people.';
COMMENT ON COLUMN review_posts.alert_id IS 'The alert version waiting for review.';
COMMENT ON COLUMN review_posts.chat_hash IS 'The staff group (HMAC-SHA256 of its chat id, as in staff_groups).';
COMMENT ON COLUMN review_posts.chat_sealed IS 'The group''s chat id encrypted with AES-256-GCM under a key derived from PEERBOT_SECRET, needed to edit the message.';
COMMENT ON COLUMN review_posts.message_id IS 'Telegram''s id of the message with the buttons, in that group.';
COMMENT ON COLUMN review_posts.posted_at IS 'When the message was posted.';
COMMENT ON COLUMN review_posts.settled_at IS 'When the message was edited to show the decision; null while the alert waits, or until the edit is done.';

-- +goose Down
DROP TABLE review_posts;
DROP INDEX alerts_unannounced_idx;
ALTER TABLE alerts DROP COLUMN review_claimed_until, DROP COLUMN review_announced_at;
