-- dateline store, schema version 3: events.act_type. An announcement coded AGREE, THREATEN or
-- REJECT ("Norway said it will send aid") keeps the PLOVER type of the act it announces or
-- refuses (AID); NULL for every other event and for rows written before this version.
ALTER TABLE events ADD COLUMN act_type VARCHAR;
