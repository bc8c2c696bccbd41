-- dateline store, schema version 1.
-- One row per article in `documents`; every child table is keyed by (doc_id, position) where
-- position is the item's index in the article's output-v1 list, so an article rebuilds exactly.
-- Offsets (start_char, end_char, ...) are character offsets into documents.text.

CREATE TABLE documents (
    doc_id           VARCHAR PRIMARY KEY,
    seq              BIGINT NOT NULL,        -- write order; exports follow it
    title            VARCHAR,
    url              VARCHAR,
    outlet           VARCHAR,
    published        DATE,                   -- the publication date, when it parses
    published_at     VARCHAR,                -- the publication date/datetime as given (ISO 8601)
    language         VARCHAR,
    status           VARCHAR NOT NULL,       -- ok | skipped | error
    reason           VARCHAR,                -- why skipped or failed
    text             VARCHAR NOT NULL,
    origin           VARCHAR,                -- file:line, archive#record
    text_hash        VARCHAR NOT NULL,       -- sha256 of the text alone
    content_hash     VARCHAR NOT NULL,       -- sha256 of text + metadata + results (see rows.py)
    warnings         JSON,                   -- output-v1 "warnings"
    article_warnings JSON,                   -- warnings the reader attached to the Article
    extra            JSON,
    ingested_at      TIMESTAMP NOT NULL,
    run_id           VARCHAR
);

CREATE TABLE sentences (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,             -- the sentence index
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    language   VARCHAR,
    parsed     BOOLEAN NOT NULL
);

CREATE TABLE entities (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    canonical  VARCHAR NOT NULL,
    country    VARCHAR,
    sector     VARCHAR
);

CREATE TABLE quotes (
    doc_id        VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    speaker       VARCHAR,
    text          VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue           VARCHAR
);

CREATE TABLE counts (
    doc_id     VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    value      DOUBLE NOT NULL,
    is_integer BOOLEAN NOT NULL,             -- the value was written as an integer
    text       VARCHAR NOT NULL,
    qualifier  VARCHAR,
    what       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);

CREATE TABLE dates (
    doc_id      VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    value       VARCHAR,
    basis       VARCHAR NOT NULL,
    granularity VARCHAR
);

CREATE TABLE attributions (
    doc_id         VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    source         VARCHAR NOT NULL,
    cue            VARCHAR NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    sentence_index INTEGER
);

CREATE TABLE events (
    doc_id           VARCHAR NOT NULL,
    event_id         VARCHAR NOT NULL,
    position         INTEGER NOT NULL,
    type             VARCHAR NOT NULL,
    mode             VARCHAR,
    date             VARCHAR,                -- as found: YYYY, YYYY-MM, YYYY-MM-DD ...
    date_basis       VARCHAR NOT NULL,
    date_start       DATE,                   -- the first and last day `date` covers,
    date_end         DATE,                   -- for range filters; NULL when it does not parse
    location_name    VARCHAR,
    location_country VARCHAR,
    location_lat     DOUBLE,
    location_lon     DOUBLE,
    location_kind    VARCHAR,
    negated          BOOLEAN NOT NULL,
    future           BOOLEAN NOT NULL,
    hypothetical     BOOLEAN NOT NULL,
    attributed_to    VARCHAR,
    confidence       DOUBLE NOT NULL,
    sentence_index   INTEGER NOT NULL,
    sentence_text    VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL,       -- the evidence sentence
    end_char         INTEGER NOT NULL,
    trigger          VARCHAR NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    counts           JSON,                   -- the event's counts, output-v1 shape
    PRIMARY KEY (doc_id, event_id)
);

-- Source and target actors, one row each, so that filtering by actor, country or sector is a
-- plain column scan instead of JSON parsing.
CREATE TABLE event_actors (
    doc_id     VARCHAR NOT NULL,
    event_id   VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,             -- source | target
    position   INTEGER NOT NULL,             -- index within that role's list
    text       VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    country    VARCHAR,
    sector     VARCHAR,
    start_char INTEGER,
    end_char   INTEGER
);

CREATE TABLE errors (
    run_id      VARCHAR,
    origin      VARCHAR NOT NULL,
    record_id   VARCHAR,
    severity    VARCHAR NOT NULL,            -- error | warning
    stage       VARCHAR NOT NULL,            -- ingest | nlp | extract | store ...
    reason      VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE runs (
    run_id   VARCHAR PRIMARY KEY,
    started  TIMESTAMP NOT NULL,
    finished TIMESTAMP,
    status   VARCHAR NOT NULL,               -- running | finished | failed
    command  VARCHAR NOT NULL,
    inputs   JSON,
    counts   JSON,
    version  VARCHAR
);
