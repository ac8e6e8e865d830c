-- What the demo country takes on disk, for docs/scaling.md:
--   psql "$DATABASE_URL" -f bench/sizes.sql
\pset footer off
SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
       (SELECT count(*) FROM people_person) AS people,
       (SELECT count(*) FROM accounts_user) AS accounts;

-- The large tables; a partitioned table counts its partitions.
SELECT c.relname AS "table",
       pg_size_pretty(sum(pg_total_relation_size(p.oid))) AS total,
       pg_size_pretty(sum(pg_indexes_size(p.oid))) AS indexes,
       sum(p.reltuples)::bigint AS rows_estimated,
       round(sum(pg_total_relation_size(p.oid)) / greatest(sum(p.reltuples), 1)) AS bytes_per_row,
       count(*) FILTER (WHERE p.oid <> c.oid) AS partitions
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN LATERAL (
    SELECT c.oid, c.reltuples WHERE c.relkind = 'r'
    UNION ALL
    SELECT i.inhrelid, k.reltuples FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid
    WHERE i.inhparent = c.oid
) p ON true
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
GROUP BY c.relname
ORDER BY sum(pg_total_relation_size(p.oid)) DESC
LIMIT 8;

-- The indexes every request walks (card number, BHXH code, user name, a person's rows,
-- this year's visits by person): they should stay in memory.
SELECT pg_size_pretty(sum(pg_relation_size(i.indexrelid))) AS hot_indexes
FROM pg_index i
JOIN pg_class x ON x.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
WHERE x.relname IN ('people_heal_number_d36948_idx', 'people_person_bhxh_code_key',
                    'accounts_user_username_key', 'people_part_person__0e1f80_idx',
                    'people_bene_person__eda440_idx', 'people_heal_person__c9f029_idx')
   OR (t.relname LIKE 'people_medicalvisit_y' || extract(year FROM now())::text || '%'
       AND x.relname LIKE '%person_id_admitted_on%');
