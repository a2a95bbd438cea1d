-- +goose Up
CREATE TABLE attribution (
    source text   NOT NULL CHECK (source ~ '^[A-Za-z0-9_-]{1,64}$'),
    day    date   NOT NULL,
    count  bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (source, day)
);

COMMENT ON TABLE attribution IS 'How many people arrived through each deep-link source per day (a poster, a partner site). Counters only: nothing here is tied to a person, so it is not personal data and /forget leaves it alone.';
COMMENT ON COLUMN attribution.source IS 'Deep-link start parameter naming a campaign or partner (1 to 64 characters of A-Z, a-z, 0-9, underscore, hyphen). Names a channel, never a person.';
COMMENT ON COLUMN attribution.day IS 'Day the arrivals were counted (UTC). A day only, so an arrival is hard to match to a person by time.';
COMMENT ON COLUMN attribution.count IS 'Number of arrivals through the source on that day.';

-- +goose Down
DROP TABLE attribution;
