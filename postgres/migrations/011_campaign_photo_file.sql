-- +goose Up
-- Staff writing a campaign in the bot send its photo there: Telegram gives
-- a file id for it, which is sent again as it is.
ALTER TABLE campaigns ADD COLUMN photo_file_id text NOT NULL DEFAULT '';
COMMENT ON COLUMN campaigns.photo_file_id IS 'Telegram file id of a photo sent to the bot by the staff member who wrote the campaign, sent with the text as its caption; empty for none. At most one of photo_url and photo_file_id is set.';

-- +goose Down
ALTER TABLE campaigns DROP COLUMN photo_file_id;
