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
    CASE f.status WHEN 'reported' THEN '已报道' WHEN 'target' THEN '目标' ELSE '计划' END AS status_zh,
    f.ref_date,
    f.ref_date_inferred,
    f.quote,
    f.source_start,
    f.source_end,
    f.correction_id,
    f.note
FROM figures f
JOIN entities e ON e.entity_id = f.subject_id
JOIN units u ON u.unit_id = f.unit;
COMMENT ON VIEW figures_bilingual IS 'Every figure with its subject, unit and status named in English and Chinese (每项数据及其主体、单位、状态的中英文名称).';

CREATE VIEW targets_by_year AS
SELECT ref_date AS target_year, figure_id, subject_name_en, subject_name_zh, label_en, label_zh,
       value, value_low, value_high, qualifier, unit, unit_name_en, unit_name_zh,
       value_as_printed, quote
FROM figures_bilingual
WHERE status = 'target'
ORDER BY target_year, source_start;
COMMENT ON VIEW targets_by_year IS 'Targets ordered by the year they fall due (按目标年份排列的目标).';

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
COMMENT ON VIEW partnerships IS 'Who works with whom, both sides named in English and Chinese, with where each is based (合作关系及双方中英文名称与所在地).';

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
COMMENT ON VIEW baotou_beijing_partnerships IS 'Relations with one side in Baotou and the other in Beijing, the Baotou side first (包头方与北京方的合作关系).';

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
COMMENT ON VIEW timeline IS 'Dated events in order (按时间排列的事件).';

CREATE VIEW entity_names AS
SELECT entity_id, name_zh AS name, 'zh' AS language, 'full name' AS kind FROM entities
UNION
SELECT entity_id, name_en, 'en', 'full name' FROM entities
UNION
SELECT entity_id, alias_zh, 'zh', 'as printed' FROM entity_aliases;
COMMENT ON VIEW entity_names IS 'Every name of every entity, full and as printed, in both languages: look an entity up by any of them (机构的全部名称与简称).';

CREATE VIEW list_items_bilingual AS
SELECT l.list_id, l.name_en AS list_name_en, l.name_zh AS list_name_zh, i.position,
       i.item_zh, i.item_en, i.entity_id, i.quote, i.source_start
FROM list_items i
JOIN lists l ON l.list_id = i.list_id
ORDER BY l.list_id, i.position;
COMMENT ON VIEW list_items_bilingual IS 'Items of every enumerated list with the list named in both languages (列举条目).';

-- Provisional: replaced on merge by the curator's entity_facts view (same columns).
CREATE VIEW entity_facts AS
SELECT e.entity_id, e.name_en, e.name_zh, t.table_name, t.row_id, t.role, t.label_en,
       t.label_zh, t.quote, t.source_start, t.source_end
FROM entities e
JOIN (
    SELECT subject_id AS entity_id, 'figures' AS table_name, figure_id AS row_id,
           'subject' AS role, label_en, label_zh, quote, source_start, source_end
    FROM figures
    UNION ALL
    SELECT r.subject_id, 'relations', r.relation_id, 'subject',
           r.relation_type || ': ' || o.name_en, r.relation_type || '：' || o.name_zh,
           r.quote, r.source_start, r.source_end
    FROM relations r JOIN entities o ON o.entity_id = r.object_id
    UNION ALL
    SELECT r.object_id, 'relations', r.relation_id, 'object',
           r.relation_type || ' (of ' || s.name_en || ')', s.name_zh || '：' || r.relation_type,
           r.quote, r.source_start, r.source_end
    FROM relations r JOIN entities s ON s.entity_id = r.subject_id
    UNION ALL
    SELECT subject_id, 'events', event_id, 'subject', description_en, description_zh, quote,
           source_start, source_end
    FROM events
    UNION ALL
    SELECT i.entity_id, 'list_items', i.list_id || '#' || i.position, 'item',
           l.name_en || ': ' || i.item_en, l.name_zh || '：' || i.item_zh, i.quote,
           i.source_start, i.source_end
    FROM list_items i JOIN lists l ON l.list_id = i.list_id
    WHERE i.entity_id IS NOT NULL
    UNION ALL
    SELECT entity_id, 'entity_aliases', alias_zh, 'alias', 'Printed as ' || alias_zh,
           '简称' || alias_zh, alias_zh, first_source_start,
           first_source_start + length(alias_zh)
    FROM entity_aliases
) t ON t.entity_id = e.entity_id
ORDER BY e.entity_id, t.table_name, t.source_start, t.row_id;
COMMENT ON VIEW entity_facts IS 'Everything the tables say about each entity, one row per mention (provisional) (每个机构的全部相关记录).';
