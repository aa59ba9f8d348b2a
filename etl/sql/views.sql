-- Convenience views: the obvious questions, answered without joins, in English and Chinese.

CREATE VIEW figures_bilingual AS
SELECT
    f.figure_id,
    f.subject_id,
    e.name_en AS subject_name_en,
    e.name_zh AS subject_name_zh,
    e.entity_type AS subject_type,
    f.measure,
    f.label_en,
    f.label_zh,
    f.value,
    f.value_low,
    f.value_high,
    f.qualifier,
    f.unit,
    u.name_en AS unit_name_en,
    u.name_zh AS unit_name_zh,
    f.value_as_printed,
    f.status,
    (SELECT label_zh FROM code_labels
     WHERE vocabulary = 'figure_status' AND code = f.status) AS status_zh,
    f.ref_date,
    f.ref_date_inferred,
    f.quote,
    f.source_start,
    f.source_end,
    f.correction_id,
    f.note
FROM figures f
JOIN entities e ON e.entity_id = f.subject_id
JOIN units u ON u.unit_id = f.unit
ORDER BY f.source_start, f.figure_id;

CREATE VIEW targets_by_year AS
SELECT ref_date AS target_year, figure_id, subject_name_en, subject_name_zh, label_en, label_zh,
       value, value_low, value_high, qualifier, unit, unit_name_en, unit_name_zh,
       value_as_printed, ref_date_inferred, quote, source_start
FROM figures_bilingual
WHERE status = 'target'
ORDER BY target_year, source_start, figure_id;

CREATE VIEW partnerships AS
SELECT
    r.relation_id,
    r.relation_type,
    r.subject_id,
    s.name_en AS subject_name_en,
    s.name_zh AS subject_name_zh,
    s.location AS subject_location,
    r.object_id,
    o.name_en AS object_name_en,
    o.name_zh AS object_name_zh,
    o.location AS object_location,
    r.quote,
    r.source_start,
    r.note
FROM relations r
JOIN entities s ON s.entity_id = r.subject_id
JOIN entities o ON o.entity_id = r.object_id
ORDER BY r.source_start, r.relation_id;

CREATE VIEW baotou_beijing_partnerships AS
SELECT
    relation_id,
    relation_type,
    CASE WHEN subject_location = 'baotou' THEN subject_id ELSE object_id END AS baotou_id,
    CASE WHEN subject_location = 'baotou' THEN subject_name_en ELSE object_name_en END
        AS baotou_name_en,
    CASE WHEN subject_location = 'baotou' THEN subject_name_zh ELSE object_name_zh END
        AS baotou_name_zh,
    CASE WHEN subject_location = 'baotou' THEN object_id ELSE subject_id END AS beijing_id,
    CASE WHEN subject_location = 'baotou' THEN object_name_en ELSE subject_name_en END
        AS beijing_name_en,
    CASE WHEN subject_location = 'baotou' THEN object_name_zh ELSE subject_name_zh END
        AS beijing_name_zh,
    quote,
    source_start
FROM partnerships
WHERE (subject_location = 'baotou' AND object_location = 'beijing')
   OR (subject_location = 'beijing' AND object_location = 'baotou')
ORDER BY source_start, relation_id;

CREATE VIEW timeline AS
SELECT
    ev.date,
    ev.date_start,
    ev.date_end,
    ev.date_inferred,
    ev.status,
    ev.event_id,
    ev.subject_id,
    e.name_en AS subject_name_en,
    e.name_zh AS subject_name_zh,
    ev.description_en,
    ev.description_zh,
    ev.quote,
    ev.note
FROM events ev
JOIN entities e ON e.entity_id = ev.subject_id
ORDER BY ev.date_start, ev.event_id;

CREATE VIEW entity_names AS
SELECT entity_id, name, language, kind, source_start FROM (
    SELECT entity_id, name_zh AS name, 'zh' AS language, 'full name' AS kind,
           CAST(NULL AS BIGINT) AS source_start
    FROM entities
    UNION
    SELECT entity_id, name_en, 'en', 'full name', NULL FROM entities
    UNION
    SELECT entity_id, alias_zh, language,
           CASE alias_kind WHEN 'printed' THEN 'as printed' ELSE replace(alias_kind, '_', ' ')
           END, NULL
    FROM entity_aliases
    UNION
    SELECT entity_id, alias_zh, 'zh', 'as printed here', source_start FROM alias_occurrences
)
ORDER BY name, entity_id, language, kind, source_start NULLS FIRST;

CREATE VIEW list_items_bilingual AS
SELECT l.list_id, l.name_en AS list_name_en, l.name_zh AS list_name_zh, i.position,
       i.item_zh, i.item_en, i.entity_id, i.quote, i.source_start
FROM list_items i
JOIN lists l ON l.list_id = i.list_id
ORDER BY l.list_id, i.position;

CREATE VIEW entity_facts AS
WITH facts AS (
    SELECT f.subject_id AS entity_id, 'figures' AS table_name, f.figure_id AS row_id,
           'subject' AS role, f.label_en, f.label_zh, f.value_as_printed, f.quote,
           f.source_start, f.source_end
    FROM figures f
    UNION ALL
    SELECT fe.entity_id, 'figures', f.figure_id, fe.role, f.label_en, f.label_zh,
           f.value_as_printed, f.quote, f.source_start, f.source_end
    FROM figure_entities fe
    JOIN figures f ON f.figure_id = fe.figure_id
    UNION ALL
    SELECT r.subject_id, 'relations', r.relation_id, r.relation_type || ':subject',
           s.name_en || ' → ' || o.name_en,
           s.name_zh || ' → ' || o.name_zh,
           NULL, r.quote, r.source_start, r.source_end
    FROM relations r
    JOIN entities s ON s.entity_id = r.subject_id
    JOIN entities o ON o.entity_id = r.object_id
    UNION ALL
    SELECT r.object_id, 'relations', r.relation_id, r.relation_type || ':object',
           s.name_en || ' → ' || o.name_en,
           s.name_zh || ' → ' || o.name_zh,
           NULL, r.quote, r.source_start, r.source_end
    FROM relations r
    JOIN entities s ON s.entity_id = r.subject_id
    JOIN entities o ON o.entity_id = r.object_id
    UNION ALL
    SELECT ev.subject_id, 'events', ev.event_id, 'subject', ev.description_en,
           ev.description_zh, NULL, ev.quote, ev.source_start, ev.source_end
    FROM events ev
    UNION ALL
    SELECT ee.entity_id, 'events', ev.event_id, ee.role, ev.description_en,
           ev.description_zh, NULL, ev.quote, ev.source_start, ev.source_end
    FROM event_entities ee
    JOIN events ev ON ev.event_id = ee.event_id
    UNION ALL
    SELECT i.entity_id, 'list_items', i.list_id || '/' || CAST(i.position AS VARCHAR),
           'list_item', l.name_en || ': ' || i.item_en, l.name_zh || '：' || i.item_zh,
           NULL, i.quote, i.source_start, i.source_end
    FROM list_items i
    JOIN lists l ON l.list_id = i.list_id
    WHERE i.entity_id IS NOT NULL
    UNION ALL
    SELECT a.entity_id, 'entity_aliases', a.alias_zh, 'alias',
           CASE WHEN a.language = 'en' THEN a.alias_zh END,
           CASE WHEN a.language = 'zh' THEN a.alias_zh END, NULL,
           CASE WHEN a.alias_kind = 'printed' THEN a.alias_zh END, a.first_source_start,
           a.first_source_start + length(a.alias_zh)
    FROM entity_aliases a
    UNION ALL
    SELECT o.entity_id, 'alias_occurrences',
           o.alias_zh || '/' || CAST(o.source_start AS VARCHAR), 'alias_here', NULL,
           o.alias_zh, NULL, o.quote, o.source_start, o.source_end
    FROM alias_occurrences o
    UNION ALL
    SELECT c.parent_id, 'entities', c.entity_id, 'parent_of', c.name_en, c.name_zh, NULL,
           NULL, NULL, NULL
    FROM entities c
    WHERE c.parent_id IS NOT NULL
)
SELECT x.entity_id, e.name_en, e.name_zh, x.table_name, x.row_id, x.role, x.label_en,
       x.label_zh, x.value_as_printed, x.quote, x.source_start, x.source_end
FROM facts x
JOIN entities e ON e.entity_id = x.entity_id
ORDER BY x.entity_id, x.table_name, x.source_start NULLS LAST, x.row_id, x.role;
