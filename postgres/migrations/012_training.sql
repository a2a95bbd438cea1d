-- +goose Up
-- Peer training: where each person is in each module, and counters for
-- organisations' stats that hold no person ids.
CREATE TABLE training_progress (
    person_id      bigint  NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    module         text    NOT NULL CHECK (module ~ '^[a-z0-9-]{2,24}$'),
    version        int     NOT NULL CHECK (version >= 1),
    lesson         int     NOT NULL DEFAULT 0 CHECK (lesson >= 0),
    in_quiz        boolean NOT NULL DEFAULT false,
    quiz           jsonb   NOT NULL DEFAULT '{}',
    attempts       int     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    taken          boolean NOT NULL DEFAULT false,
    passed_on      date,
    passed_version int,
    passed_lang    text,
    code           text,
    updated_on     date    NOT NULL DEFAULT current_date,
    PRIMARY KEY (person_id, module),
    CHECK ((passed_on IS NULL) = (code IS NULL))
);

COMMENT ON TABLE training_progress IS 'Where a person is in each training module they opened, so they resume on any replica days later. Deleted by /forget, which says how many modules it deleted.';
COMMENT ON COLUMN training_progress.person_id IS 'The person (internal id of their people row).';
COMMENT ON COLUMN training_progress.module IS 'The module id (its folder name).';
COMMENT ON COLUMN training_progress.version IS 'The module version the lesson and quiz positions refer to; a newer module restarts the lesson.';
COMMENT ON COLUMN training_progress.lesson IS 'The lesson shown, 0-based.';
COMMENT ON COLUMN training_progress.in_quiz IS 'True while the person is in the quiz rather than the lessons.';
COMMENT ON COLUMN training_progress.quiz IS 'The quiz round in progress: its questions, position, questions right and missed, options toggled (JSON).';
COMMENT ON COLUMN training_progress.attempts IS 'Quiz rounds finished.';
COMMENT ON COLUMN training_progress.taken IS 'True once the person finished a first quiz round (counted once in the stats).';
COMMENT ON COLUMN training_progress.passed_on IS 'Day (not time) of the first pass; null before.';
COMMENT ON COLUMN training_progress.passed_version IS 'The module version passed.';
COMMENT ON COLUMN training_progress.passed_lang IS 'The language the module was passed in.';
COMMENT ON COLUMN training_progress.code IS 'The completion code given on passing (it says module, version, language and day, nothing about the person).';
COMMENT ON COLUMN training_progress.updated_on IS 'Day (not time) of the last step.';

CREATE TABLE training_counts (
    day      date   NOT NULL,
    module   text   NOT NULL,
    version  int    NOT NULL,
    lang     text   NOT NULL,
    event    text   NOT NULL CHECK (event IN ('start', 'taken', 'passed', 'missed')),
    question text   NOT NULL DEFAULT '' CHECK ((event = 'missed') = (question <> '')),
    count    bigint NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, module, version, lang, event, question)
);

COMMENT ON TABLE training_counts IS 'Training stats for organisations: counters per day, module, version and language, with no person ids, so no one can be singled out. Reports show counts under 5 as "fewer than 5". Not deleted by /forget: nothing here is about one person.';
COMMENT ON COLUMN training_counts.day IS 'The day counted (UTC), never a time.';
COMMENT ON COLUMN training_counts.module IS 'The module id.';
COMMENT ON COLUMN training_counts.version IS 'The module version.';
COMMENT ON COLUMN training_counts.lang IS 'The language the module was taken in.';
COMMENT ON COLUMN training_counts.event IS 'start (a person opened the module for the first time), taken (finished a first quiz round), passed (passed for the first time), missed (answered a question wrongly).';
COMMENT ON COLUMN training_counts.question IS 'The question id for missed; empty for the other events.';
COMMENT ON COLUMN training_counts.count IS 'How many times it happened that day.';

-- +goose Down
DROP TABLE training_counts;
DROP TABLE training_progress;
