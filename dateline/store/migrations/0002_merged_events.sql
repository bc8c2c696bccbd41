-- dateline store, schema version 2: the merged view (reports -> events), kept by
-- dateline/store/merged.py. Output-v1 per-article tables are untouched; these tables are derived
-- from them and can be rebuilt at any time (`dateline merge --full`).

-- Which version of each article the merged view reflects (content_hash of `documents`).
CREATE TABLE merge_state (
    doc_id       VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL
);

-- The MergeConfig the view was built with (window_days, day_tolerance, max_km); another config
-- rebuilds the view whole.
CREATE TABLE merge_settings (
    key   VARCHAR PRIMARY KEY,
    value DOUBLE NOT NULL
);

-- One row per merged event.
CREATE TABLE merged_events (
    event_id      VARCHAR PRIMARY KEY,       -- ev-<hash of its block and earliest mention>
    block         VARCHAR NOT NULL,          -- type|modality|source key>target key
    type          VARCHAR NOT NULL,
    mode          VARCHAR,
    modality      VARCHAR NOT NULL,          -- actual | future | hypothetical
    source_key    VARCHAR NOT NULL,          -- canonical actor keys (dateline/merge/identity.py)
    target_key    VARCHAR NOT NULL,
    source_names  JSON,
    target_names  JSON,
    day           DATE,                      -- the day, when the mentions agree on one
    date_lo       DATE,                      -- the days the event may have happened
    date_hi       DATE,
    location      VARCHAR,
    n_mentions    INTEGER NOT NULL,
    n_articles    INTEGER NOT NULL,
    n_outlets     INTEGER NOT NULL,
    outlets       JSON,
    corroboration VARCHAR NOT NULL,          -- corroborated | single-source
    hedged        BOOLEAN NOT NULL,          -- every report of it is hedged
    denied        BOOLEAN NOT NULL           -- some mention denies it
);

-- Every mention of a merged event, with what merging needs to redo its block incrementally.
CREATE TABLE merged_mentions (
    event_id      VARCHAR NOT NULL,
    block         VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    mention_id    VARCHAR NOT NULL,          -- the output-v1 event id (events.event_id)
    sentence      INTEGER NOT NULL,
    outlet        VARCHAR,
    published     DATE,
    title         VARCHAR,
    type          VARCHAR NOT NULL,
    mode          VARCHAR,
    modality      VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    target_key    VARCHAR NOT NULL,
    lo            DATE,
    hi            DATE,
    dated         BOOLEAN NOT NULL,
    negated       BOOLEAN NOT NULL,
    hedged        BOOLEAN NOT NULL,
    trigger       VARCHAR NOT NULL,
    sentence_text VARCHAR NOT NULL,
    location      VARCHAR,
    lat           DOUBLE,                    -- the location's coordinates, when known
    lon           DOUBLE,
    source_names  JSON,
    target_names  JSON,
    counts        JSON,
    PRIMARY KEY (doc_id, mention_id)
);

CREATE TABLE contradictions (
    contradiction_id VARCHAR PRIMARY KEY,
    event_id         VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,       -- count | denial
    subject          VARCHAR,                -- what is counted ("killed")
    a_doc_id         VARCHAR NOT NULL,       -- one side (for denials: the report)
    a_sentence       INTEGER NOT NULL,
    a_outlet         VARCHAR,
    a_text           VARCHAR NOT NULL,
    a_value          VARCHAR,
    b_doc_id         VARCHAR NOT NULL,       -- the other side (for denials: the denial)
    b_sentence       INTEGER NOT NULL,
    b_outlet         VARCHAR,
    b_text           VARCHAR NOT NULL,
    b_value          VARCHAR
);

CREATE TABLE stories (
    story_id        VARCHAR PRIMARY KEY,
    title           VARCHAR NOT NULL,
    first_published DATE,
    last_published  DATE,
    n_articles      INTEGER NOT NULL,
    n_events        INTEGER NOT NULL,
    timeline        JSON                     -- [{event_id, date, label, n_articles, n_outlets}]
);

CREATE TABLE story_articles (
    story_id  VARCHAR NOT NULL,
    doc_id    VARCHAR NOT NULL,
    position  INTEGER NOT NULL,              -- publication order within the story
    PRIMARY KEY (story_id, doc_id)
);
