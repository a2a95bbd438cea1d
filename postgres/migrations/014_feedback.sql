-- +goose Up
-- Anonymous by construction: no table here has a person id, a chat id, a
-- pseudonym or a time finer than a day. Anti-spam and "one answer per
-- survey" live in Redis as expiring keyed hashes, never here.
CREATE TABLE feedback (
    id            bigserial PRIMARY KEY,
    day           date      NOT NULL,
    subject_kind  text      NOT NULL CHECK (subject_kind IN ('service', 'bot', 'module', 'campaign')),
    subject_id    text      NOT NULL DEFAULT '' CHECK (length(subject_id) <= 64),
    org_id        bigint    REFERENCES organisations (id) ON DELETE SET NULL,
    rating        smallint  NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment       text      CHECK (char_length(comment) <= 1000),
    lang          text      NOT NULL,
    region        text      NOT NULL DEFAULT ''
);
CREATE INDEX feedback_org_day ON feedback (org_id, day);
CREATE INDEX feedback_comment_day ON feedback (day) WHERE comment IS NOT NULL;

COMMENT ON TABLE feedback IS 'Anonymous ratings and comments: nothing links a row to the person who gave it.';
COMMENT ON COLUMN feedback.id IS 'Internal row number; says nothing about who gave it.';
COMMENT ON COLUMN feedback.day IS 'The day (UTC) it was given; never a finer time.';
COMMENT ON COLUMN feedback.subject_kind IS 'What it is about: service, bot, module (training) or campaign.';
COMMENT ON COLUMN feedback.subject_id IS 'Which one, as text (org-<id> for an organisation''s service, a campaign or module id); empty for "other" or the bot.';
COMMENT ON COLUMN feedback.org_id IS 'The organisation the subject belongs to, which may read it; null for the bot and "other".';
COMMENT ON COLUMN feedback.rating IS 'Rating from 1 (bad) to 5 (very good).';
COMMENT ON COLUMN feedback.comment IS 'Optional free text, at most 1,000 characters; set to null after FEEDBACK_RETENTION.';
COMMENT ON COLUMN feedback.lang IS 'Language the person uses the bot in, for reports by language.';
COMMENT ON COLUMN feedback.region IS 'The person''s first region (ISO 3166-2) at the time, for reports by region; empty when none.';

-- Reports read counts by day, kept up to date on every insert, so a report
-- over millions of ratings reads thousands of rows.
CREATE TABLE feedback_counts (
    day           date     NOT NULL,
    org_id        bigint   NOT NULL DEFAULT 0,
    subject_kind  text     NOT NULL,
    subject_id    text     NOT NULL,
    region        text     NOT NULL,
    lang          text     NOT NULL,
    r1            integer  NOT NULL DEFAULT 0,
    r2            integer  NOT NULL DEFAULT 0,
    r3            integer  NOT NULL DEFAULT 0,
    r4            integer  NOT NULL DEFAULT 0,
    r5            integer  NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day, subject_kind, subject_id, region, lang)
);

COMMENT ON TABLE feedback_counts IS 'How many gave each rating, by day, subject, region and language: what reports read. Counts only.';
COMMENT ON COLUMN feedback_counts.day IS 'The day (UTC) of the ratings.';
COMMENT ON COLUMN feedback_counts.org_id IS 'The organisation the subject belongs to; 0 for none.';
COMMENT ON COLUMN feedback_counts.subject_kind IS 'As feedback.subject_kind.';
COMMENT ON COLUMN feedback_counts.subject_id IS 'As feedback.subject_id.';
COMMENT ON COLUMN feedback_counts.region IS 'As feedback.region.';
COMMENT ON COLUMN feedback_counts.lang IS 'As feedback.lang.';
COMMENT ON COLUMN feedback_counts.r1 IS 'How many rated 1.';
COMMENT ON COLUMN feedback_counts.r2 IS 'How many rated 2.';
COMMENT ON COLUMN feedback_counts.r3 IS 'How many rated 3.';
COMMENT ON COLUMN feedback_counts.r4 IS 'How many rated 4.';
COMMENT ON COLUMN feedback_counts.r5 IS 'How many rated 5.';

-- +goose StatementBegin
CREATE FUNCTION feedback_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_counts AS c (day, org_id, subject_kind, subject_id, region, lang, r1, r2, r3, r4, r5)
    VALUES (NEW.day, coalesce(NEW.org_id, 0), NEW.subject_kind, NEW.subject_id, NEW.region, NEW.lang,
        (NEW.rating = 1)::int, (NEW.rating = 2)::int, (NEW.rating = 3)::int, (NEW.rating = 4)::int, (NEW.rating = 5)::int)
    ON CONFLICT (org_id, day, subject_kind, subject_id, region, lang) DO UPDATE SET
        r1 = c.r1 + excluded.r1, r2 = c.r2 + excluded.r2, r3 = c.r3 + excluded.r3,
        r4 = c.r4 + excluded.r4, r5 = c.r5 + excluded.r5;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER feedback_count AFTER INSERT ON feedback FOR EACH ROW EXECUTE FUNCTION feedback_count();

CREATE TABLE batch_reports (
    id             bigserial PRIMARY KEY,
    day            date      NOT NULL,
    sold_as        text      NOT NULL CHECK (length(sold_as) BETWEEN 1 AND 64),
    effects        text[]    NOT NULL DEFAULT '{}',
    region         text      NOT NULL DEFAULT '',
    happened       text      NOT NULL CHECK (happened IN ('today', 'yesterday', 'week')),
    lang           text      NOT NULL,
    photo          bytea,
    photo_file_id  text      NOT NULL DEFAULT '',
    status         text      NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'drafted')),
    posted         boolean   NOT NULL DEFAULT false
);
CREATE INDEX batch_reports_day ON batch_reports (day);

COMMENT ON TABLE batch_reports IS 'Community reports of a bad batch, anonymous like feedback, in the review queue of partners and moderators.';
COMMENT ON COLUMN batch_reports.id IS 'Report number, shown to staff.';
COMMENT ON COLUMN batch_reports.day IS 'The day (UTC) it was reported; never a finer time.';
COMMENT ON COLUMN batch_reports.sold_as IS 'What it was sold as: a substance id of content/substances.yaml, or other.';
COMMENT ON COLUMN batch_reports.effects IS 'What happened: drowsiness, overdose, naloxone, wounds, unusual, other.';
COMMENT ON COLUMN batch_reports.region IS 'Region (ISO 3166-2) where it happened; empty when not said.';
COMMENT ON COLUMN batch_reports.happened IS 'When: today, yesterday or week (this week), relative to day.';
COMMENT ON COLUMN batch_reports.lang IS 'Language of the report, for reports by language.';
COMMENT ON COLUMN batch_reports.photo IS 'The photo of the sample, decoded and re-encoded as JPEG so no metadata remains; null when none.';
COMMENT ON COLUMN batch_reports.photo_file_id IS 'Telegram file id of the re-encoded photo once posted to a staff group, to prefill an alert draft.';
COMMENT ON COLUMN batch_reports.status IS 'new, or drafted once staff turned it into an alert draft.';
COMMENT ON COLUMN batch_reports.posted IS 'Whether it was posted to the moderators'' staff groups.';

CREATE TABLE surveys (
    id          bigserial   PRIMARY KEY,
    org_id      bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title       jsonb       NOT NULL,
    questions   jsonb       NOT NULL,
    regions     text[]      NOT NULL DEFAULT '{}',
    langs       text[]      NOT NULL DEFAULT '{}',
    status      text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'closed')),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    closes_at   timestamptz,
    planned_at  timestamptz
);

COMMENT ON TABLE surveys IS 'Short surveys organisations send to a segment; answers are in survey_answers, anonymous.';
COMMENT ON COLUMN surveys.id IS 'Survey number.';
COMMENT ON COLUMN surveys.org_id IS 'The organisation that wrote it and reads its answers.';
COMMENT ON COLUMN surveys.title IS 'Title by language code.';
COMMENT ON COLUMN surveys.questions IS 'Questions: kind (single, multiple, scale, text), text and choices by language.';
COMMENT ON COLUMN surveys.regions IS 'Segment: regions it goes to (ISO 3166-2); empty for the organisation''s regions.';
COMMENT ON COLUMN surveys.langs IS 'Segment: languages of the people it goes to; empty for every language.';
COMMENT ON COLUMN surveys.status IS 'draft, sending (sent and open for answers) or closed.';
COMMENT ON COLUMN surveys.created_by IS 'Who made it: api:org:<id> or cli. Never a name or Telegram id.';
COMMENT ON COLUMN surveys.created_at IS 'When it was created (about the organisation, not about anyone answering).';
COMMENT ON COLUMN surveys.closes_at IS 'When it stops taking answers; set when it is sent.';
COMMENT ON COLUMN surveys.planned_at IS 'When its deliveries were planned; null until then.';

CREATE TABLE survey_answers (
    id         bigserial PRIMARY KEY,
    survey_id  bigint    NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    day        date      NOT NULL,
    question   smallint  NOT NULL CHECK (question >= 0),
    choice     smallint,
    text       text      CHECK (char_length(text) <= 1000),
    lang       text      NOT NULL,
    region     text      NOT NULL DEFAULT ''
);
CREATE INDEX survey_answers_survey ON survey_answers (survey_id, question);
CREATE INDEX survey_answers_text_day ON survey_answers (day) WHERE text IS NOT NULL;

COMMENT ON TABLE survey_answers IS 'One chosen answer (or typed text) to one survey question; rows are not linked to each other nor to anyone.';
COMMENT ON COLUMN survey_answers.id IS 'Internal row number.';
COMMENT ON COLUMN survey_answers.survey_id IS 'The survey answered.';
COMMENT ON COLUMN survey_answers.day IS 'The day (UTC) it was answered; never a finer time.';
COMMENT ON COLUMN survey_answers.question IS 'Question number, from 0.';
COMMENT ON COLUMN survey_answers.choice IS 'The choice (from 0) or the scale value; null for a text answer.';
COMMENT ON COLUMN survey_answers.text IS 'Typed answer, at most 1,000 characters; set to null after FEEDBACK_RETENTION.';
COMMENT ON COLUMN survey_answers.lang IS 'Language it was answered in.';
COMMENT ON COLUMN survey_answers.region IS 'The person''s first region at the time; empty when none.';

ALTER TABLE broadcasts ADD COLUMN survey_id bigint UNIQUE REFERENCES surveys (id) ON DELETE CASCADE;
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_kind_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_kind_check CHECK (kind IN ('alert', 'campaign', 'expiry', 'survey'));
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_subject_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_subject_check CHECK (
    (kind IN ('alert', 'expiry') AND alert_id IS NOT NULL AND campaign_id IS NULL AND survey_id IS NULL) OR
    (kind = 'campaign' AND campaign_id IS NOT NULL AND alert_id IS NULL AND survey_id IS NULL) OR
    (kind = 'survey' AND survey_id IS NOT NULL AND alert_id IS NULL AND campaign_id IS NULL));
COMMENT ON COLUMN broadcasts.survey_id IS 'The survey delivered (kind survey).';

-- +goose Down
DELETE FROM broadcasts WHERE kind = 'survey';
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_subject_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_subject_check CHECK (
    (kind IN ('alert', 'expiry') AND alert_id IS NOT NULL AND campaign_id IS NULL) OR
    (kind = 'campaign' AND campaign_id IS NOT NULL AND alert_id IS NULL));
ALTER TABLE broadcasts DROP CONSTRAINT broadcasts_kind_check;
ALTER TABLE broadcasts ADD CONSTRAINT broadcasts_kind_check CHECK (kind IN ('alert', 'campaign', 'expiry'));
ALTER TABLE broadcasts DROP COLUMN survey_id;
DROP TABLE survey_answers;
DROP TABLE surveys;
DROP TABLE batch_reports;
DROP TABLE feedback;
DROP FUNCTION feedback_count();
DROP TABLE feedback_counts;
