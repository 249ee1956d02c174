//! Across articles: actors (one per folded canonical name + country) and events (one per
//! real-world happening, with every report of it). Rebuilt whole, in one transaction, from the
//! per-article tables; the result depends only on the stored articles, not on their order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::db::{Db, Dialect, Val};
use crate::{name_key, Result, Store};

/// Inserts rows in chunks of multi-row `VALUES` (one statement per chunk on either backend).
fn insert_many(tx: &Db, table: &str, columns: &[&str], rows: &[Vec<Val>]) -> Result<()> {
    let per = (4000 / columns.len().max(1)).max(1);
    for chunk in rows.chunks(per) {
        let mut sql = format!("INSERT INTO {table}({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                n += 1;
                sql.push_str(&format!("{}?{n}", if c > 0 { ", " } else { "" }));
            }
            sql.push(')');
        }
        let params: Vec<Val> = chunk.iter().flatten().cloned().collect();
        tx.execute(&sql, &params)?;
    }
    Ok(())
}

/// `UPDATE table SET column = value WHERE article = ? AND <key> = ?` for many rows: one
/// statement per row on SQLite (prepared once), chunks of `UPDATE … FROM (VALUES …)` on
/// PostgreSQL (a round trip per row would dominate).
fn update_many(
    tx: &Db,
    table: &str,
    key: &str,
    column: &str,
    rows: &[(i64, &str, i64)],
) -> Result<()> {
    match tx.dialect() {
        Dialect::Sqlite => {
            let sql = format!("UPDATE {table} SET {column} = ?3 WHERE article = ?1 AND {key} = ?2");
            for (a, k, v) in rows {
                tx.execute(&sql, &vals![a, k, v])?;
            }
        }
        Dialect::Postgres => {
            for chunk in rows.chunks(1000) {
                let mut values = Vec::with_capacity(chunk.len());
                let mut params = Vec::with_capacity(chunk.len() * 3);
                for (i, (a, k, v)) in chunk.iter().enumerate() {
                    let n = i * 3;
                    values.push(format!(
                        "(?{}::bigint, ?{}::text, ?{}::bigint)",
                        n + 1,
                        n + 2,
                        n + 3
                    ));
                    params.extend([Val::Int(*a), Val::Text(k.to_string()), Val::Int(*v)]);
                }
                tx.execute(
                    &format!(
                        "UPDATE {table} t SET {column} = v.val FROM (VALUES {}) AS v(article, k, val)
                          WHERE t.article = v.article AND t.{key} = v.k",
                        values.join(", ")
                    ),
                    &params,
                )?;
            }
        }
    }
    Ok(())
}

/// What [`Store::link`] built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkStats {
    pub actors: usize,
    pub events: usize,
    pub reports: usize,
}

struct EntityRow {
    article: i64,
    eid: String,
    name: String,
    kind: String,
    country: Option<String>,
    sector: Option<String>,
    aliases: Vec<String>,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` prefix (proleptic Gregorian).
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = d[..4].parse().ok()?;
    let m: i64 = d[5..7].parse().ok()?;
    let day: i64 = d[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for i in items {
        *n.entry(i).or_default() += 1;
    }
    // highest count; ties go to the first in sort order, so the choice is stable
    n.into_iter()
        .fold(None, |best: Option<(&str, usize)>, (k, c)| match best {
            Some((_, bc)) if bc >= c => best,
            _ => Some((k, c)),
        })
        .map(|(k, _)| k.to_string())
}

/// Name variants across outlets (`data/store/aliases.tsv`), by folded key.
fn aliases() -> &'static HashMap<String, String> {
    static T: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        include_str!("../../../data/store/aliases.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(v, c)| (name_key(v), name_key(c)))
            .filter(|(v, c)| v != c)
            .collect()
    })
}

/// The key an entity's name is grouped by: its fold, or the canonical form of a known variant.
pub(crate) fn actor_key(name: &str) -> String {
    let k = name_key(name);
    aliases().get(&k).cloned().unwrap_or(k)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl Store {
    /// Rebuilds actors and events across articles (one transaction).
    pub fn link(&mut self) -> Result<LinkStats> {
        Ok(self.link_with(false)?.unwrap_or_default())
    }

    /// [`Store::link`] unless nothing changed since the last link (checked once no other link
    /// runs: workers finishing together link once, not once each); `None` when it was not needed.
    pub fn link_if_stale(&mut self) -> Result<Option<LinkStats>> {
        self.link_with(true)
    }

    fn link_with(&mut self, only_if_stale: bool) -> Result<Option<LinkStats>> {
        let tx = self.conn.begin()?;
        if tx.dialect() == Dialect::Postgres {
            // one link at a time (workers finishing together); writers wait for its end
            tx.execute("SELECT pg_advisory_xact_lock(?1)", &vals![crate::LINK_LOCK])?;
            tx.batch("LOCK TABLE articles IN SHARE MODE")?;
        }
        if only_if_stale {
            let stale: Option<String> = tx.query_row(
                "SELECT value FROM meta WHERE key = 'link_stale'",
                &[],
                |r| r.get(0),
            )?;
            if stale.as_deref() != Some("1") {
                return Ok(None);
            }
        }
        let entities: Vec<EntityRow> = {
            tx.query_map(
                "SELECT article, eid, name, kind, country, sector, aliases FROM entities
                  ORDER BY article, eid",
                &[],
                |r| {
                    Ok(EntityRow {
                        article: r.get(0)?,
                        eid: r.get(1)?,
                        name: r.get(2)?,
                        kind: r.get(3)?,
                        country: r.get(4)?,
                        sector: r.get(5)?,
                        aliases: r
                            .get::<_, String>(6)?
                            .split('\t')
                            .filter(|a| !a.is_empty())
                            .map(str::to_string)
                            .collect(),
                    })
                },
            )?
        };

        // 1. groups by (folded name, country)
        let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (i, e) in entities.iter().enumerate() {
            let key = (actor_key(&e.name), e.country.clone().unwrap_or_default());
            groups.entry(key).or_default().push(i);
        }
        let keys: Vec<(String, String)> = groups.keys().cloned().collect();
        let mut parent: Vec<usize> = (0..keys.len()).collect();
        // 2. a name without a country joins the one group of that name that has a country
        let mut countries: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (name, country)) in keys.iter().enumerate() {
            if !country.is_empty() {
                countries.entry(name.as_str()).or_default().push(i);
            }
        }
        for (i, (name, country)) in keys.iter().enumerate() {
            if country.is_empty() {
                if let Some([only]) = countries.get(name.as_str()).map(Vec::as_slice) {
                    parent[i] = *only;
                }
            }
        }
        // 3. a short form (拉特纳) joins the one longer name (伊利·拉特纳) that articles gave it as a
        //    mention, within the same country
        let mut alias_of: BTreeMap<(&str, &str), BTreeSet<usize>> = BTreeMap::new();
        for (gi, (name, country)) in keys.iter().enumerate() {
            for &ei in &groups[&keys[gi]] {
                for a in &entities[ei].aliases {
                    if a != name && name.chars().count() > a.chars().count() {
                        alias_of
                            .entry((a.as_str(), country.as_str()))
                            .or_default()
                            .insert(gi);
                    }
                }
            }
        }
        for (gi, (name, country)) in keys.iter().enumerate() {
            if let Some(longer) = alias_of.get(&(name.as_str(), country.as_str())) {
                if longer.len() == 1 {
                    let target = *longer.iter().next().unwrap_or(&gi);
                    let (a, b) = (find(&mut parent, gi), find(&mut parent, target));
                    if a != b {
                        parent[a] = b;
                    }
                }
            }
        }
        // 4. one actor per root, numbered in key order
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for gi in 0..keys.len() {
            let root = find(&mut parent, gi);
            members
                .entry(root)
                .or_default()
                .extend(groups[&keys[gi]].iter().copied());
        }
        tx.execute("DELETE FROM actors", &[])?;
        let mut actor_of: HashMap<(i64, &str), i64> = HashMap::new();
        let mut rows_out = Vec::with_capacity(members.len());
        for (n, (root, ents)) in members.iter().enumerate() {
            let id = n as i64 + 1;
            let rows: Vec<&EntityRow> = ents.iter().map(|&i| &entities[i]).collect();
            let name = most_common(rows.iter().map(|e| e.name.as_str())).unwrap_or_default();
            let kind = most_common(rows.iter().map(|e| e.kind.as_str())).unwrap_or_default();
            let sector = most_common(rows.iter().filter_map(|e| e.sector.as_deref()));
            let country = &keys[*root].1;
            let aliases: BTreeSet<&str> = rows.iter().map(|e| e.name.as_str()).collect();
            let articles: BTreeSet<i64> = rows.iter().map(|e| e.article).collect();
            rows_out.push(
                vals![
                    id,
                    name,
                    keys[*root].0,
                    kind,
                    (!country.is_empty()).then_some(country.as_str()),
                    sector,
                    aliases.into_iter().collect::<Vec<_>>().join("\t"),
                    articles.len() as i64
                ]
                .to_vec(),
            );
            for e in rows {
                actor_of.insert((e.article, e.eid.as_str()), id);
            }
        }
        insert_many(
            &tx,
            "actors",
            &[
                "id", "name", "fold", "kind", "country", "sector", "aliases", "articles",
            ],
            &rows_out,
        )?;
        let updates: Vec<(i64, &str, i64)> = entities
            .iter()
            .map(|e| {
                (
                    e.article,
                    e.eid.as_str(),
                    actor_of[&(e.article, e.eid.as_str())],
                )
            })
            .collect();
        update_many(&tx, "entities", "eid", "actor", &updates)?;
        tx.execute(
            "UPDATE participants SET actor =
               (SELECT e.actor FROM entities e
                 WHERE e.article = participants.article AND e.eid = participants.eid)",
            &[],
        )?;
        let actors = members.len();
        let (events, reports) = cluster_events(&tx)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('link_stale', '0')
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            &[],
        )?;
        tx.commit()?;
        Ok(Some(LinkStats {
            actors,
            events,
            reports,
        }))
    }
}

struct Report {
    article: i64,
    /// The article's id: a stable order (rowids depend on the order articles came in).
    article_id: String,
    vid: String,
    kind: String,
    mode: Option<String>,
    cameo: Option<String>,
    date: Option<String>,
    negated: bool,
    canonical: String,
    sources: Vec<(String, String)>,
    targets: Vec<(String, String)>,
}

/// Participants of one report: (identity, display name, code), sources then targets.
type Sides = (Vec<(String, String, String)>, Vec<(String, String, String)>);

/// A participant's identity (actor id, else code, else its words) and its display (name, code).
fn participants(tx: &Db) -> Result<HashMap<(i64, String), Sides>> {
    let mut out: HashMap<_, Sides> = HashMap::new();
    let rows = tx.query_map(
        "SELECT p.article, p.vid, p.role, p.actor, p.code, p.text, a.name, a.country, a.sector
           FROM participants p LEFT JOIN actors a ON a.id = p.actor
          ORDER BY p.article, p.vid, p.role, p.pos",
        &[],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        },
    )?;
    for row in rows {
        let (article, vid, role, actor, code, text, name, country, sector) = row;
        let actor_code = country.map(|c| match sector {
            Some(s) => format!("{c}-{s}"),
            None => c,
        });
        let code = code.or(actor_code).unwrap_or_default();
        let identity = match (actor, code.is_empty()) {
            (Some(a), _) => format!("a{a}"),
            (None, false) => format!("c{code}"),
            (None, true) => format!("t{}", name_key(&text)),
        };
        let display = name.unwrap_or(text);
        let entry = out.entry((article, vid)).or_default();
        let list = if role == "source" {
            &mut entry.0
        } else {
            &mut entry.1
        };
        list.push((identity, display, code));
    }
    Ok(out)
}

fn cluster_events(tx: &Db) -> Result<(usize, usize)> {
    let mut parts = participants(tx)?;
    let reports: Vec<Report> = {
        let rows = tx.query_map(
            "SELECT r.article, r.vid, r.type, r.mode, r.cameo, coalesce(r.date, a.date), r.negated,
                    coalesce(a.duplicate_of, a.id), a.id
               FROM reports r JOIN articles a ON a.rowid = r.article
              ORDER BY a.id, r.vid",
            &[],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )?;
        let mut v = Vec::new();
        for row in rows {
            let (article, vid, kind, mode, cameo, date, negated, canonical, article_id) = row;
            let (s, t) = parts.remove(&(article, vid.clone())).unwrap_or_default();
            let pair = |l: Vec<(String, String, String)>| -> Vec<(String, String)> {
                l.into_iter()
                    .map(|(i, d, c)| (i, format!("{d}\u{1}{c}")))
                    .collect()
            };
            v.push(Report {
                article,
                article_id,
                vid,
                kind,
                mode,
                cameo,
                date,
                negated,
                canonical,
                sources: pair(s),
                targets: pair(t),
            });
        }
        v
    };
    // group by what must be equal; the date decides within a group
    type Key = (String, bool, Vec<String>, Vec<String>, Option<String>);
    let mut groups: BTreeMap<Key, Vec<(i64, usize)>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        let ids = |l: &[(String, String)]| -> Vec<String> {
            let s: BTreeSet<String> = l.iter().map(|(i, _)| i.clone()).collect();
            s.into_iter().collect()
        };
        let (mut s, mut t) = (ids(&r.sources), ids(&r.targets));
        if r.kind == "CONSULT" {
            // a meeting is symmetric: who met whom, not who is named first
            s.append(&mut t);
            s.sort();
            s.dedup();
        }
        if s.is_empty() && t.is_empty() {
            // no participants known: nothing to say it is the same happening as another
            s.push(format!("r{}:{}", r.article, r.vid));
        }
        let day = r.date.as_deref().and_then(day_number);
        let partial = match day {
            Some(_) => None,
            None => Some(r.date.clone().unwrap_or_default()),
        };
        groups
            .entry((r.kind.clone(), r.negated, s, t, partial))
            .or_default()
            .push((day.unwrap_or(0), i));
    }
    // chains of reports whose dates lie within a day of the first
    let mut clusters: Vec<(String, Vec<usize>)> = Vec::new();
    for (key, mut members) in groups {
        members.sort();
        let mut current: Vec<usize> = Vec::new();
        let mut first_day = i64::MIN;
        for (day, i) in members {
            if !current.is_empty() && (key.4.is_some() || day <= first_day + 1) {
                current.push(i);
                continue;
            }
            if !current.is_empty() {
                clusters.push((String::new(), std::mem::take(&mut current)));
            }
            first_day = day;
            current.push(i);
        }
        if !current.is_empty() {
            clusters.push((String::new(), current));
        }
    }
    for c in &mut clusters {
        let dates = c.1.iter().filter_map(|&i| reports[i].date.as_deref());
        c.0 = dates.min().unwrap_or_default().to_string();
    }
    clusters.sort_by(|a, b| {
        let ra = &reports[a.1[0]];
        let rb = &reports[b.1[0]];
        (&a.0, &ra.kind, &ra.article_id, &ra.vid).cmp(&(&b.0, &rb.kind, &rb.article_id, &rb.vid))
    });
    tx.execute("DELETE FROM events", &[])?;
    let mut rows_out = Vec::with_capacity(clusters.len());
    let mut updates: Vec<(i64, &str, i64)> = Vec::with_capacity(reports.len());
    for (n, (date, members)) in clusters.iter().enumerate() {
        let id = n as i64 + 1;
        let rs: Vec<&Report> = members.iter().map(|&i| &reports[i]).collect();
        let first = rs[0];
        // each participant once, on the side the earliest report put it (a meeting reported
        // the other way round elsewhere keeps one orientation)
        let mut roles: Vec<(&str, bool, &str)> = Vec::new();
        for r in &rs {
            for (is_source, list) in [(true, &r.sources), (false, &r.targets)] {
                for (i, d) in list {
                    if !roles.iter().any(|x| x.0 == i) {
                        roles.push((i.as_str(), is_source, d.as_str()));
                    }
                }
            }
        }
        let side = |source: bool| -> (String, String) {
            let (mut names, mut codes): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            for (_, s, d) in &roles {
                if *s != source {
                    continue;
                }
                let (name, code) = d.split_once('\u{1}').unwrap_or((d, ""));
                names.push(name);
                if !code.is_empty() && !codes.contains(&code) {
                    codes.push(code);
                }
            }
            (names.join("; "), codes.join("; "))
        };
        let (sa, sc) = side(true);
        let (ta, tc) = side(false);
        let sources: BTreeSet<&str> = rs.iter().map(|r| r.canonical.as_str()).collect();
        rows_out.push(
            vals![
                id,
                first.kind,
                most_common(rs.iter().filter_map(|r| r.mode.as_deref())),
                most_common(rs.iter().filter_map(|r| r.cameo.as_deref())),
                (!date.is_empty()).then_some(date.as_str()),
                first.negated,
                sa,
                ta,
                sc,
                tc,
                sources.len() as i64,
                rs.len() as i64
            ]
            .to_vec(),
        );
        for r in rs {
            updates.push((r.article, r.vid.as_str(), id));
        }
    }
    insert_many(
        tx,
        "events",
        &[
            "id",
            "type",
            "mode",
            "cameo",
            "date",
            "negated",
            "source_actors",
            "target_actors",
            "source_codes",
            "target_codes",
            "source_count",
            "reports",
        ],
        &rows_out,
    )?;
    update_many(tx, "reports", "vid", "event", &updates)?;
    Ok((clusters.len(), reports.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_spellings_of_one_name_share_a_key() {
        assert_eq!(actor_key("普丁"), actor_key("普京"));
        assert_eq!(actor_key("蕭依古"), actor_key("紹伊古"));
        assert_eq!(actor_key("澤倫斯基"), "泽连斯基");
        assert_eq!(actor_key("何雷"), "何雷");
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2023-10-31TEV"), Some(19661));
        assert_eq!(day_number("2023-11-01"), Some(19662));
        assert_eq!(day_number("2023-10"), None);
        assert_eq!(day_number("2023-13-01"), None);
    }
}
