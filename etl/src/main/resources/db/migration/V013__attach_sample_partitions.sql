-- Sample partitions are made as plain tables and then attached, instead of CREATE TABLE ... PARTITION
-- OF. Attaching takes SHARE UPDATE EXCLUSIVE on dropscope.samples, which does not conflict with the
-- ROW EXCLUSIVE that transactions writing samples hold; CREATE TABLE ... PARTITION OF takes ACCESS
-- EXCLUSIVE and so waited for every open window's transaction. The ETL makes a window's partitions
-- before the window streams, while the windows before it may still be open: with the old function,
-- the first window after a UTC midnight waited for windows that wait for it.
CREATE OR REPLACE FUNCTION dropscope.ensure_sample_partitions(from_ts timestamptz, to_ts timestamptz)
    RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    day     date := (from_ts AT TIME ZONE 'UTC')::date;
    created integer := 0;
    name    text;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'dropscope.samples'::regclass) <> 'p' THEN
        RETURN 0; -- a hypertable makes its own chunks
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.samples partitions'));
    WHILE (day::timestamp AT TIME ZONE 'UTC') < to_ts LOOP
        name := 'samples_' || to_char(day, 'YYYYMMDD');
        IF to_regclass('dropscope.' || name) IS NULL THEN
            EXECUTE format('CREATE TABLE dropscope.%I (LIKE dropscope.samples INCLUDING ALL)', name);
            EXECUTE format(
                'ALTER TABLE dropscope.samples ATTACH PARTITION dropscope.%I FOR VALUES FROM (%L) TO (%L)',
                name, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;
