-- +goose Up
-- When an alert expires, the messages people hold are edited to say so: a
-- run of kind 'expiry' for the alert's last version, next to its delivery run.
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_kind_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_kind_check CHECK (kind IN ('alert', 'campaign', 'expiry'));
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_alert_id_key;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_alert_kind_key UNIQUE (alert_id, kind);
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_subject_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_subject_check CHECK (
    (kind IN ('alert', 'expiry') AND alert_id IS NOT NULL AND campaign_id IS NULL) OR
    (kind = 'campaign' AND campaign_id IS NOT NULL AND alert_id IS NULL));

ALTER TABLE alerts ADD COLUMN expiry_planned_at timestamptz;

COMMENT ON COLUMN alerts.expiry_planned_at IS 'When the edits saying this version has expired were planned; null until then (or if it never expires).';
COMMENT ON COLUMN broadcasts.kind IS 'alert (a version sent or edited in), campaign, or expiry (messages of an expired alert edited to say so).';

-- +goose Down
ALTER TABLE alerts DROP COLUMN expiry_planned_at;
DELETE FROM broadcasts WHERE kind = 'expiry';
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_subject_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_subject_check CHECK (
    (kind = 'alert' AND alert_id IS NOT NULL AND campaign_id IS NULL) OR
    (kind = 'campaign' AND campaign_id IS NOT NULL AND alert_id IS NULL));
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_alert_kind_key;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_alert_id_key UNIQUE (alert_id);
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_kind_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_kind_check CHECK (kind IN ('alert', 'campaign'));
