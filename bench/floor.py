"""The floor: each API request's rows as JSON from one hand-written SQL query (PostgreSQL, no Django).

What the database alone needs to produce the same rows (same filters, order
and page size, same fields but the URLs, which the app builds in Python); the
API can only approach it. Each query returns one json_agg value.
"""

PUBLISHED = "'published'"

STANCES = f"""
    (SELECT COALESCE(json_agg(json_build_object(
        'claim', st.claim_id, 'claim_text', c.text, 'stance', st.stance, 'status', st.status)), '[]')
     FROM claims_stance st JOIN claims_claim c ON c.id = st.claim_id
     WHERE st.statement_id = s.id AND st.status = {PUBLISHED} AND c.status = {PUBLISHED}) AS stances"""

STATEMENTS = f"""
SELECT json_agg(r) FROM (
    SELECT s.id, s.kind, s.text, s.speaker_id AS speaker, a.name AS speaker_name,
        s.reported_speaker_id AS reported_speaker, ra.name AS reported_speaker_name, s.speaker_role,
        s.role_id AS role, ro.title || COALESCE(', ' || ro_org.name, '') AS role_held,
        s.article_id AS article, ar.title AS article_title, o.name AS outlet_name, ar.published_on,
        ar.translation, ar.original_language,
        s.said_on, s.said_precision, s.venue, s.start, s."end",
        (SELECT COALESCE(json_agg(se.event_id), '[]') FROM claims_statement_events se
         WHERE se.statement_id = s.id) AS events,
        {STANCES},
        s.status, s.version
    FROM claims_statement s
    JOIN claims_actor a ON a.id = s.speaker_id
    JOIN sources_article ar ON ar.id = s.article_id
    JOIN sources_outlet o ON o.id = ar.outlet_id
    LEFT JOIN claims_actor ra ON ra.id = s.reported_speaker_id
    LEFT JOIN claims_role ro ON ro.id = s.role_id
    LEFT JOIN claims_actor ro_org ON ro_org.id = ro.organisation_id
    WHERE s.status = {PUBLISHED} {{where}}
    ORDER BY s.id DESC LIMIT 50
) r"""

COUNT = """(SELECT count(*) FROM claims_stance st JOIN claims_statement s ON s.id = st.statement_id
     WHERE st.claim_id = c.id AND st.stance = '{kind}'
     AND st.status = 'published' AND s.status = 'published')"""

# A claim's first 50 relations by id, both directions, and whether it has more (the API's
# RELATIONS_SHOWN, `relations_truncated`): the first 51 read, each direction through its index.
RELATIONS = f"""
    CROSS JOIN LATERAL (
        SELECT COALESCE(json_agg(json_build_object('relation', f.id, 'kind', f.kind,
            'direction', f.direction, 'claim', f.other, 'claim_text', f.text) ORDER BY f.id)
            FILTER (WHERE f.n <= 50), '[]') AS relations,
            count(*) > 50 AS relations_truncated
        FROM (SELECT x.id, x.kind, x.direction, x.other, oc.text, row_number() OVER (ORDER BY x.id) AS n
              FROM (SELECT id, kind, 'outgoing' AS direction, target_id AS other FROM claims_claimrelation
                    WHERE source_id = c.id AND status = {PUBLISHED}
                    UNION ALL
                    SELECT id, kind, 'incoming', source_id FROM claims_claimrelation
                    WHERE target_id = c.id AND status = {PUBLISHED}) x
              JOIN claims_claim oc ON oc.id = x.other AND oc.status = {PUBLISHED}
              ORDER BY x.id LIMIT 51) f
    ) rel"""

CLAIMS = f"""
SELECT json_agg(r) FROM (
    SELECT c.id, c.slug, c.text, c.description,
        (SELECT COALESCE(json_agg(w.name), '[]') FROM claims_claim_weapon_systems cw
         JOIN claims_weaponsystem w ON w.id = cw.weaponsystem_id
         WHERE cw.claim_id = c.id) AS weapon_system_names,
        (SELECT COALESCE(json_agg(sa.name), '[]') FROM claims_claim_subjects cs
         JOIN claims_actor sa ON sa.id = cs.actor_id WHERE cs.claim_id = c.id) AS subject_names,
        {COUNT.format(kind="asserts")} AS n_asserting,
        {COUNT.format(kind="denies")} AS n_denying,
        rel.relations, rel.relations_truncated,
        c.status, c.version
    FROM claims_claim c {RELATIONS}
    WHERE c.status = {PUBLISHED}
    ORDER BY c.id DESC LIMIT 50
) r"""

# The search box's bounded top-k (claims/top_hits.py): per kind, the newest 200 published records
# holding every word (`words`, plainto_tsquery), the 201st telling that there are more; among them,
# those matching the whole query (`q`, websearch_to_tsquery), ranked. The benchmark's queries name no
# actor, so the name matches are left out. Per kind, the newest come either from a walk down the
# primary key or (`id + 0`, no index can produce it) from the GIN index and a sort: a hand-writer
# knowing the data picks per kind, as claims/top_hits.py does from the planner's estimates.
SEARCH_KINDS = {
    "statement": ("claims_statement", "left(t.text, 160)"),
    "claim": ("claims_claim", "t.text"),
    "actor": ("claims_actor", "t.name"),
    "article": ("sources_article", "t.title"),
}


# Written out, not read from a CTE: the planner must see the query to estimate it and use the index.
QUERY = "websearch_to_tsquery('english', %(q)s)"
WORDS = "plainto_tsquery('english', %(words)s)"


def search(through_gin: tuple[str, ...]) -> str:
    """The search floor, reading the kinds `through_gin` from the GIN index, the others by a walk."""
    windows, hits = [], []
    for kind, (table, title) in SEARCH_KINDS.items():
        order = "t.id + 0 DESC" if kind in through_gin else "t.id DESC"
        windows.append(
            f"""{kind}_window AS MATERIALIZED (
    SELECT t.id FROM {table} t WHERE t.status = {PUBLISHED} AND t.search_document @@ {WORDS}
    ORDER BY {order} LIMIT 201)"""
        )
        hits.append(
            f"""(SELECT '{kind}' AS kind, t.id, {title} AS title,
        ts_rank(t.search_document, {QUERY}) AS score,
        (SELECT count(*) FROM {kind}_window) > 200 AS truncated
     FROM {kind}_window w JOIN {table} t ON t.id = w.id
     WHERE t.search_document @@ {QUERY}
        AND (w.id > (SELECT min(id) FROM {kind}_window) OR (SELECT count(*) FROM {kind}_window) <= 200)
     ORDER BY score DESC, t.id LIMIT 20)"""
        )
    return f"""
WITH {", ".join(windows)},
hits AS (
    {" UNION ALL ".join(hits)}
)
SELECT json_build_object('query', %(q)s, 'window', 200,
    'truncated', (SELECT json_agg(DISTINCT kind) FROM hits WHERE truncated),
    'results', (SELECT json_agg(h) FROM (SELECT kind, id, title, score FROM hits
        ORDER BY score DESC, array_position(ARRAY['claim', 'statement', 'actor', 'article'], kind), id
        LIMIT 20) h))"""


GRAPH = f"""
WITH RECURSIVE walk(claim_id, depth) AS (
    SELECT %(root)s::bigint, 0
    UNION
    SELECT x.other, w.depth + 1 FROM walk w CROSS JOIN LATERAL (
        SELECT r.target_id AS other FROM claims_claimrelation r
        WHERE r.source_id = w.claim_id AND r.status = {PUBLISHED}
        UNION ALL
        SELECT r.source_id FROM claims_claimrelation r
        WHERE r.target_id = w.claim_id AND r.status = {PUBLISHED}
    ) x
    WHERE w.depth < %(depth)s
), nodes AS (SELECT DISTINCT claim_id FROM walk)
SELECT json_build_object(
    'root', %(root)s,
    'nodes', (SELECT json_agg(json_build_object('id', c.id, 'text', c.text,
        'n_asserting', {COUNT.format(kind="asserts")}, 'n_denying', {COUNT.format(kind="denies")},
        'is_root', c.id = %(root)s))
        FROM nodes JOIN claims_claim c ON c.id = nodes.claim_id AND c.status = {PUBLISHED}),
    'edges', (SELECT json_agg(json_build_object('id', e.id, 'source', e.source_id, 'target', e.target_id,
        'kind', e.kind)) FROM claims_claimrelation e
        WHERE e.status = {PUBLISHED}
        AND e.source_id IN (SELECT claim_id FROM nodes) AND e.target_id IN (SELECT claim_id FROM nodes)))"""

EXPORT = f"""
COPY (
    SELECT s.id, s.kind, s.text, s.speaker_id, a.name, s.speaker_role, s.article_id, ar.title, o.name,
        ar.published_on, s.said_on, s.venue, s.start, s."end",
        (SELECT string_agg(st.claim_id || ':' || st.stance, ';') FROM claims_stance st
         WHERE st.statement_id = s.id AND st.status = {PUBLISHED}),
        s.status
    FROM claims_statement s
    JOIN claims_actor a ON a.id = s.speaker_id
    JOIN sources_article ar ON ar.id = s.article_id
    JOIN sources_outlet o ON o.id = ar.outlet_id
    WHERE s.status = {PUBLISHED} ORDER BY s.id DESC
) TO STDOUT WITH CSV HEADER"""


def statements(where: str = "") -> str:
    return STATEMENTS.format(where=where)
