-- +goose Up
-- Referral routing (issue 5): a service directory shaped after Open Referral
-- HSDS 3.0, the rules that route "talk to a peer worker" requests to an
-- organisation, the conversations relayed between a person and a worker,
-- and anonymous day-coarsened statistics.
--
-- Directory rows describe services and organisations, never people. Their
-- ids are the HSDS ids of the imported data package (text, usually UUIDs).

CREATE TABLE dir_organizations (
    id          text        PRIMARY KEY CHECK (id <> ''),
    title       text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    url         text        NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE dir_organizations IS 'HSDS 3.0 organization: the providers listed in the service directory. Organisations, not people.';
COMMENT ON COLUMN dir_organizations.id IS 'HSDS organization.id from the imported data package.';
COMMENT ON COLUMN dir_organizations.title IS 'HSDS organization.name: the provider''s public name.';
COMMENT ON COLUMN dir_organizations.description IS 'HSDS organization.description.';
COMMENT ON COLUMN dir_organizations.url IS 'HSDS organization.website.';
COMMENT ON COLUMN dir_organizations.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_services (
    id              text        PRIMARY KEY CHECK (id <> ''),
    organization_id text        NOT NULL REFERENCES dir_organizations (id) ON DELETE CASCADE,
    title           text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    url             text        NOT NULL DEFAULT '',
    status          text        NOT NULL DEFAULT 'active',
    fees            text        NOT NULL DEFAULT '',
    needs           text[]      NOT NULL DEFAULT '{}',
    flags           text[]      NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dir_services_org_idx ON dir_services (organization_id);
CREATE INDEX dir_services_needs_idx ON dir_services USING gin (needs);

COMMENT ON TABLE dir_services IS 'HSDS 3.0 service: what a provider offers. Services, not people.';
COMMENT ON COLUMN dir_services.id IS 'HSDS service.id.';
COMMENT ON COLUMN dir_services.organization_id IS 'HSDS service.organization_id: the provider.';
COMMENT ON COLUMN dir_services.title IS 'HSDS service.name.';
COMMENT ON COLUMN dir_services.description IS 'HSDS service.description.';
COMMENT ON COLUMN dir_services.url IS 'HSDS service.url.';
COMMENT ON COLUMN dir_services.status IS 'HSDS service.status: active, inactive, defunct or temporarily closed; only active services are found.';
COMMENT ON COLUMN dir_services.fees IS 'HSDS service.fees_description.';
COMMENT ON COLUMN dir_services.needs IS 'Peerbot needs (naloxone, nsp, ...) derived at import from the service''s taxonomy terms with the needs table (content/referral_taxonomy.yaml).';
COMMENT ON COLUMN dir_services.flags IS 'Low-threshold flags (anonymous, free, no_id) derived at import from taxonomy terms.';
COMMENT ON COLUMN dir_services.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_locations (
    id              text             PRIMARY KEY CHECK (id <> ''),
    organization_id text             REFERENCES dir_organizations (id) ON DELETE CASCADE,
    title           text             NOT NULL DEFAULT '',
    latitude        double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    address         text             NOT NULL DEFAULT '',
    city            text             NOT NULL DEFAULT '',
    postal_code     text             NOT NULL DEFAULT '',
    country         text             NOT NULL DEFAULT '',
    region          text             NOT NULL DEFAULT '',
    time_zone       text             NOT NULL,
    updated_at      timestamptz      NOT NULL DEFAULT now()
);

-- The bounding-box prefilter of the nearest-services search.
CREATE INDEX dir_locations_latlon_idx ON dir_locations (latitude, longitude);
CREATE INDEX dir_locations_region_idx ON dir_locations (region);

COMMENT ON TABLE dir_locations IS 'HSDS 3.0 location with its first address: where services are delivered. Places, not people.';
COMMENT ON COLUMN dir_locations.id IS 'HSDS location.id.';
COMMENT ON COLUMN dir_locations.organization_id IS 'HSDS location.organization_id, when given.';
COMMENT ON COLUMN dir_locations.title IS 'HSDS location.name.';
COMMENT ON COLUMN dir_locations.latitude IS 'HSDS location.latitude (WGS 84 degrees).';
COMMENT ON COLUMN dir_locations.longitude IS 'HSDS location.longitude (WGS 84 degrees).';
COMMENT ON COLUMN dir_locations.address IS 'HSDS address.address_1 and address_2 of the location''s first address.';
COMMENT ON COLUMN dir_locations.city IS 'HSDS address.city.';
COMMENT ON COLUMN dir_locations.postal_code IS 'HSDS address.postal_code.';
COMMENT ON COLUMN dir_locations.country IS 'HSDS address.country (ISO 3166-1 alpha-2).';
COMMENT ON COLUMN dir_locations.region IS 'ISO 3166-2 region of the deployment the location is in (from address.region or state_province), else the country code; the region picker searches by it.';
COMMENT ON COLUMN dir_locations.time_zone IS 'IANA time zone the location''s schedules are read in (the schedule''s timezone when it names one, else the country''s from the region list).';
COMMENT ON COLUMN dir_locations.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_service_at_location (
    key         bigserial   UNIQUE,
    id          text        PRIMARY KEY CHECK (id <> ''),
    service_id  text        NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id text        NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dir_sal_location_idx ON dir_service_at_location (location_id);
CREATE INDEX dir_sal_service_idx ON dir_service_at_location (service_id);

COMMENT ON TABLE dir_service_at_location IS 'HSDS 3.0 service_at_location: a service offered at a location; search results are these.';
COMMENT ON COLUMN dir_service_at_location.key IS 'Short internal number of the row, carried in the map-pin button (HSDS ids are too long for callback data).';
COMMENT ON COLUMN dir_service_at_location.id IS 'HSDS service_at_location.id.';
COMMENT ON COLUMN dir_service_at_location.service_id IS 'The service.';
COMMENT ON COLUMN dir_service_at_location.location_id IS 'The location.';
COMMENT ON COLUMN dir_service_at_location.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_contact_numbers (
    id          text        PRIMARY KEY CHECK (id <> ''),
    service_id  text        REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id text        REFERENCES dir_locations (id) ON DELETE CASCADE,
    dial        text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (service_id IS NOT NULL OR location_id IS NOT NULL)
);

CREATE INDEX dir_contact_numbers_service_idx ON dir_contact_numbers (service_id);
CREATE INDEX dir_contact_numbers_location_idx ON dir_contact_numbers (location_id);

COMMENT ON TABLE dir_contact_numbers IS 'HSDS 3.0 phone: a service''s or location''s public telephone number. Numbers of services, never of people.';
COMMENT ON COLUMN dir_contact_numbers.id IS 'HSDS phone.id.';
COMMENT ON COLUMN dir_contact_numbers.service_id IS 'HSDS phone.service_id, when given.';
COMMENT ON COLUMN dir_contact_numbers.location_id IS 'HSDS phone.location_id, when given.';
COMMENT ON COLUMN dir_contact_numbers.dial IS 'HSDS phone.number: the service''s public number as written.';
COMMENT ON COLUMN dir_contact_numbers.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_schedules (
    id          text        PRIMARY KEY CHECK (id <> ''),
    service_id  text        REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id text        REFERENCES dir_locations (id) ON DELETE CASCADE,
    byday       text        NOT NULL,
    opens_at    text        NOT NULL,
    closes_at   text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (service_id IS NOT NULL OR location_id IS NOT NULL)
);

CREATE INDEX dir_schedules_service_idx ON dir_schedules (service_id);
CREATE INDEX dir_schedules_location_idx ON dir_schedules (location_id);

COMMENT ON TABLE dir_schedules IS 'HSDS 3.0 schedule, weekly rows only: when a service (at a location) is open, in the location''s time zone.';
COMMENT ON COLUMN dir_schedules.id IS 'HSDS schedule.id.';
COMMENT ON COLUMN dir_schedules.service_id IS 'HSDS schedule.service_id (or the service of service_at_location_id).';
COMMENT ON COLUMN dir_schedules.location_id IS 'HSDS schedule.location_id (or the location of service_at_location_id); null: every location of the service.';
COMMENT ON COLUMN dir_schedules.byday IS 'HSDS schedule.byday: RFC 5545 weekdays, e.g. MO,TU,WE.';
COMMENT ON COLUMN dir_schedules.opens_at IS 'HSDS schedule.opens_at, HH:MM local time.';
COMMENT ON COLUMN dir_schedules.closes_at IS 'HSDS schedule.closes_at, HH:MM local time; at or before opens_at means past midnight.';
COMMENT ON COLUMN dir_schedules.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_taxonomy_terms (
    id         text        PRIMARY KEY CHECK (id <> ''),
    code       text        NOT NULL,
    title      text        NOT NULL DEFAULT '',
    taxonomy   text        NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE dir_taxonomy_terms IS 'HSDS 3.0 taxonomy_term: the terms services are tagged with; the needs table maps their codes to needs and flags.';
COMMENT ON COLUMN dir_taxonomy_terms.id IS 'HSDS taxonomy_term.id.';
COMMENT ON COLUMN dir_taxonomy_terms.code IS 'HSDS taxonomy_term.code, the key of the needs table.';
COMMENT ON COLUMN dir_taxonomy_terms.title IS 'HSDS taxonomy_term.name.';
COMMENT ON COLUMN dir_taxonomy_terms.taxonomy IS 'HSDS taxonomy_term.taxonomy: the vocabulary the term is from.';
COMMENT ON COLUMN dir_taxonomy_terms.updated_at IS 'When the row was last imported.';

CREATE TABLE dir_service_terms (
    id         text PRIMARY KEY CHECK (id <> ''),
    service_id text NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
    term_id    text NOT NULL REFERENCES dir_taxonomy_terms (id) ON DELETE CASCADE
);

CREATE INDEX dir_service_terms_service_idx ON dir_service_terms (service_id);

COMMENT ON TABLE dir_service_terms IS 'HSDS 3.0 attribute rows that link a service to a taxonomy term.';
COMMENT ON COLUMN dir_service_terms.id IS 'HSDS attribute.id.';
COMMENT ON COLUMN dir_service_terms.service_id IS 'HSDS attribute.link_id: the service.';
COMMENT ON COLUMN dir_service_terms.term_id IS 'HSDS attribute.taxonomy_term_id.';

CREATE TABLE dir_languages (
    id          text PRIMARY KEY CHECK (id <> ''),
    service_id  text REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id text REFERENCES dir_locations (id) ON DELETE CASCADE,
    code        text NOT NULL,
    CHECK (service_id IS NOT NULL OR location_id IS NOT NULL)
);

CREATE INDEX dir_languages_service_idx ON dir_languages (service_id);
CREATE INDEX dir_languages_location_idx ON dir_languages (location_id);

COMMENT ON TABLE dir_languages IS 'HSDS 3.0 language: languages a service is offered in.';
COMMENT ON COLUMN dir_languages.id IS 'HSDS language.id.';
COMMENT ON COLUMN dir_languages.service_id IS 'HSDS language.service_id.';
COMMENT ON COLUMN dir_languages.location_id IS 'HSDS language.location_id.';
COMMENT ON COLUMN dir_languages.code IS 'HSDS language.code: ISO 639-1 code such as pt.';

-- Routing: which organisation answers "talk to a peer worker" for a region
-- and a need. Empty region or need match any; the most specific rule wins,
-- and a fallback rule catches the rest and unclaimed escalations.
CREATE TABLE referral_rules (
    id         bigserial   PRIMARY KEY,
    region     text        NOT NULL DEFAULT '',
    need       text        NOT NULL DEFAULT '',
    org_id     bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    fallback   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region, need, fallback)
);

COMMENT ON TABLE referral_rules IS 'Routing of peer-worker requests: region and need to organisation (empty matches any); fallback rows take what no rule matches and requests left unclaimed. Edited with peerbot referrals rule.';
COMMENT ON COLUMN referral_rules.id IS 'Internal identifier of the rule.';
COMMENT ON COLUMN referral_rules.region IS 'ISO 3166-2 region or country code the rule is for; empty: any.';
COMMENT ON COLUMN referral_rules.need IS 'Need the rule is for (naloxone, nsp, ...); empty: any.';
COMMENT ON COLUMN referral_rules.org_id IS 'The organisation whose staff groups receive the requests.';
COMMENT ON COLUMN referral_rules.fallback IS 'True: the fallback organisation (unmatched and escalated requests).';
COMMENT ON COLUMN referral_rules.created_at IS 'When the rule was added.';

-- When an organisation's peer workers answer, so a person asking outside
-- those hours is told honestly when someone will.
CREATE TABLE referral_hours (
    id         bigserial PRIMARY KEY,
    org_id     bigint    NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    byday      text      NOT NULL,
    opens_at   text      NOT NULL,
    closes_at  text      NOT NULL,
    time_zone  text      NOT NULL
);

CREATE INDEX referral_hours_org_idx ON referral_hours (org_id);

COMMENT ON TABLE referral_hours IS 'Weekly hours when an organisation''s peer workers answer requests (peerbot referrals hours); none: no hours are promised.';
COMMENT ON COLUMN referral_hours.id IS 'Internal identifier.';
COMMENT ON COLUMN referral_hours.org_id IS 'The organisation.';
COMMENT ON COLUMN referral_hours.byday IS 'RFC 5545 weekdays, e.g. MO,TU,WE.';
COMMENT ON COLUMN referral_hours.opens_at IS 'HH:MM local time.';
COMMENT ON COLUMN referral_hours.closes_at IS 'HH:MM local time; at or before opens_at means past midnight.';
COMMENT ON COLUMN referral_hours.time_zone IS 'IANA time zone of the hours.';

-- How long an organisation's requests wait unclaimed before its staff
-- groups are reminded (and twice that before the fallback takes them).
CREATE TABLE referral_org_timing (
    org_id         bigint  PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    remind_minutes integer NOT NULL CHECK (remind_minutes BETWEEN 1 AND 1440)
);

COMMENT ON TABLE referral_org_timing IS 'Per organisation: minutes an unclaimed request waits before a reminder (peerbot referrals remind); none: the default of 10.';
COMMENT ON COLUMN referral_org_timing.org_id IS 'The organisation.';
COMMENT ON COLUMN referral_org_timing.remind_minutes IS 'Minutes before the reminder; the fallback organisation takes the request after twice that.';

-- A conversation between a person and a peer worker, relayed by the bot.
-- It holds the sealed chats needed to relay, and is deleted by /forget of
-- either side and after closing plus the retention period.
CREATE TABLE referral_conversations (
    id              bigserial   PRIMARY KEY,
    person_id       bigint      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    person_sealed   bytea       NOT NULL,
    worker_id       bigint      REFERENCES people (id) ON DELETE SET NULL,
    worker_sealed   bytea,
    worker_alias    text        NOT NULL DEFAULT '',
    org_id          bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    need            text        NOT NULL,
    region          text        NOT NULL,
    lang            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'claimed', 'closed')),
    escalated       boolean     NOT NULL DEFAULT false,
    reminded        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    routed_at       timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    closed_at       timestamptz,
    followup_sent   boolean     NOT NULL DEFAULT false,
    stat_id         bigint      NOT NULL
);

CREATE INDEX referral_conversations_person_idx ON referral_conversations (person_id) WHERE state <> 'closed';
CREATE INDEX referral_conversations_worker_idx ON referral_conversations (worker_id) WHERE state = 'claimed';
CREATE INDEX referral_conversations_waiting_idx ON referral_conversations (routed_at) WHERE state = 'waiting';
CREATE INDEX referral_conversations_closed_idx ON referral_conversations (closed_at) WHERE state = 'closed';

COMMENT ON TABLE referral_conversations IS 'Peer-worker conversations relayed by the bot. Linked to people: deleted by /forget of the person (and cleared of the worker by the worker''s /forget), and deleted after closing plus the retention period. Message text is never stored.';
COMMENT ON COLUMN referral_conversations.id IS 'Internal identifier; with PEERBOT_SECRET it derives the person''s pseudonym shown to workers (Person K7Q).';
COMMENT ON COLUMN referral_conversations.person_id IS 'The person who asked for a peer worker.';
COMMENT ON COLUMN referral_conversations.person_sealed IS 'The person''s chat id, AES-256-GCM under a key derived from PEERBOT_SECRET, to relay the worker''s messages to them.';
COMMENT ON COLUMN referral_conversations.worker_id IS 'The worker who claimed the request; null until claimed.';
COMMENT ON COLUMN referral_conversations.worker_sealed IS 'The worker''s chat id, sealed like person_sealed, to relay the person''s messages.';
COMMENT ON COLUMN referral_conversations.worker_alias IS 'The name the worker chose to be shown to the person (not their Telegram name).';
COMMENT ON COLUMN referral_conversations.org_id IS 'The organisation the request is routed to now.';
COMMENT ON COLUMN referral_conversations.need IS 'What the person needs (naloxone, nsp, ...).';
COMMENT ON COLUMN referral_conversations.region IS 'The region the person asked about.';
COMMENT ON COLUMN referral_conversations.lang IS 'The person''s language, for messages the worker loop sends them.';
COMMENT ON COLUMN referral_conversations.state IS 'waiting (posted, not claimed), claimed (relaying) or closed.';
COMMENT ON COLUMN referral_conversations.escalated IS 'True once the request went to the fallback organisation for being unclaimed.';
COMMENT ON COLUMN referral_conversations.reminded IS 'True once the staff groups were reminded of the unclaimed request.';
COMMENT ON COLUMN referral_conversations.created_at IS 'When the person asked.';
COMMENT ON COLUMN referral_conversations.routed_at IS 'When the request was last posted to an organisation (reminders and escalation count from here).';
COMMENT ON COLUMN referral_conversations.claimed_at IS 'When a worker claimed it.';
COMMENT ON COLUMN referral_conversations.closed_at IS 'When either side closed it.';
COMMENT ON COLUMN referral_conversations.followup_sent IS 'True once the person was asked whether they got what they needed.';
COMMENT ON COLUMN referral_conversations.stat_id IS 'The anonymous referral_stats row this conversation updates (the stats row holds no link back).';

-- Anonymous statistics: one row per request, day-coarsened, with no link
-- to the person (the conversation points here, not the other way).
CREATE TABLE referral_stats (
    id            bigserial PRIMARY KEY,
    day           date      NOT NULL,
    org_id        bigint    REFERENCES organisations (id) ON DELETE CASCADE,
    need          text      NOT NULL,
    region        text      NOT NULL,
    outcome       text      NOT NULL DEFAULT 'waiting' CHECK (outcome IN ('waiting', 'claimed', 'closed', 'withdrawn')),
    claim_seconds integer   CHECK (claim_seconds >= 0)
);

CREATE INDEX referral_stats_org_day_idx ON referral_stats (org_id, day);

COMMENT ON TABLE referral_stats IS 'One row per peer-worker request for statistics: the day, need, region, outcome and time to claim. No link to the person.';
COMMENT ON COLUMN referral_stats.id IS 'Internal identifier.';
COMMENT ON COLUMN referral_stats.day IS 'The UTC day of the request (no time of day).';
COMMENT ON COLUMN referral_stats.org_id IS 'The organisation that handled or last held the request.';
COMMENT ON COLUMN referral_stats.need IS 'The need asked about.';
COMMENT ON COLUMN referral_stats.region IS 'The region asked about.';
COMMENT ON COLUMN referral_stats.outcome IS 'waiting, claimed, closed (after a claim) or withdrawn (closed before a claim).';
COMMENT ON COLUMN referral_stats.claim_seconds IS 'Seconds from request to claim; null while unclaimed.';

CREATE TABLE referral_followups (
    day     date    NOT NULL,
    org_id  bigint  REFERENCES organisations (id) ON DELETE CASCADE,
    need    text    NOT NULL,
    answer  text    NOT NULL CHECK (answer IN ('yes', 'partly', 'no')),
    answers integer NOT NULL DEFAULT 0 CHECK (answers >= 0),
    UNIQUE NULLS NOT DISTINCT (day, org_id, need, answer)
);

COMMENT ON TABLE referral_followups IS 'Answers to "did you get what you needed?" after a peer-worker conversation, as day-coarsened counts with no link to the person.';
COMMENT ON COLUMN referral_followups.day IS 'The UTC day of the answer.';
COMMENT ON COLUMN referral_followups.org_id IS 'The organisation that had the conversation.';
COMMENT ON COLUMN referral_followups.need IS 'The need of the conversation.';
COMMENT ON COLUMN referral_followups.answer IS 'yes, partly or no.';
COMMENT ON COLUMN referral_followups.answers IS 'How many people answered so.';

-- +goose Down
DROP TABLE referral_followups;
DROP TABLE referral_stats;
DROP TABLE referral_conversations;
DROP TABLE referral_org_timing;
DROP TABLE referral_hours;
DROP TABLE referral_rules;
DROP TABLE dir_languages;
DROP TABLE dir_service_terms;
DROP TABLE dir_taxonomy_terms;
DROP TABLE dir_schedules;
DROP TABLE dir_contact_numbers;
DROP TABLE dir_service_at_location;
DROP TABLE dir_locations;
DROP TABLE dir_services;
DROP TABLE dir_organizations;
