//! From recognizer spans and gazetteer matches to the article's entities.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use jishi_doc::{Actor, Doc, Entity, EntityKind, Mention, MentionForm, Span};

use crate::lexicon::Lexicon;
use crate::ner::{spans, Recognizer};

/// A typed span before entities are formed.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub span: Span,
    pub kind: EntityKind,
    pub country: Option<String>,
    pub form: MentionForm,
}

impl Cand {
    /// A name of this kind (and country) at `span`.
    fn name(span: Span, kind: EntityKind, country: Option<String>) -> Cand {
        Cand {
            span,
            kind,
            country,
            form: MentionForm::Name,
        }
    }
}

const DOTS: [char; 7] = ['·', '•', '‧', '・', '.', '．', '･'];

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Longest entry of `map` starting at byte `at` of `f`, at most `max` chars: (end, value).
fn longest<'m, V>(
    map: &'m HashMap<String, V>,
    prefixes: &HashSet<String>,
    f: &str,
    at: usize,
    max: usize,
) -> Option<(usize, &'m V)> {
    let mut best = None;
    for (n, (i, c)) in f[at..].char_indices().enumerate() {
        if n >= max || c == '\n' {
            break;
        }
        let e = at + i + c.len_utf8();
        let read = &f[at..e];
        if !prefixes.contains(read) {
            break;
        }
        if let Some(v) = map.get(read) {
            best = Some((e, v));
        }
    }
    best
}

/// The candidates overlapping `g`, as a range: candidates are kept sorted and never overlap, so
/// their starts and ends both ascend.
fn overlapping(cands: &[Cand], g: Span) -> std::ops::Range<usize> {
    let from = cands.partition_point(|c| c.span.end <= g.start);
    let to = cands.partition_point(|c| c.span.start < g.end);
    from..to.max(from)
}

/// True when `s` ends inside a word the segmenter tags as a title or post (`nnt`: 官房长官,
/// 防卫相): the recognizer took the first characters of the title for a name (日本官房).
fn ends_inside_title(doc: &Doc, s: Span) -> bool {
    let i = doc.tokens.partition_point(|t| t.span.end <= s.end);
    doc.tokens
        .get(i)
        .is_some_and(|t| t.span.start < s.end && t.pos == "nnt")
}

/// True when `g` starts and ends on word boundaries of the segmenter (always, when the
/// document has no words).
fn on_words(doc: &Doc, g: Span) -> bool {
    // tokens are sorted and do not overlap: their starts and their ends both ascend
    doc.tokens.is_empty()
        || (doc
            .tokens
            .binary_search_by_key(&g.start, |t| t.span.start)
            .is_ok()
            && doc
                .tokens
                .binary_search_by_key(&g.end, |t| t.span.end)
                .is_ok())
}

/// True when candidate `c` is the known organization `g` with words in front that never open
/// a name (赴|立法院, 拜会|监察院: `not_name_openers.txt`), which the recognizer took with it.
fn opened_by_function_words(lx: &Lexicon, doc: &Doc, c: &Cand, g: Span) -> bool {
    if c.kind == EntityKind::Per || c.span.end != g.end || c.span.start >= g.start {
        return false;
    }
    let from = doc.tokens.partition_point(|t| t.span.end <= c.span.start);
    let to = doc.tokens.partition_point(|t| t.span.end <= g.start);
    from < to
        && doc.tokens[from..to]
            .iter()
            .all(|t| lx.not_name_openers.contains(&t.pos))
}

/// Inserts a candidate that overlaps none, keeping the order.
fn insert_sorted(cands: &mut Vec<Cand>, c: Cand) {
    let at = cands.partition_point(|x| x.span.start < c.span.start);
    cands.insert(at, c);
}

/// Country of the longest country name that `name` starts with.
pub(crate) fn country_prefix(lx: &Lexicon, name: &str) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for (i, _) in name.char_indices().skip(1) {
        if let Some(c) = lx.countries.get(&name[..i]) {
            best = Some((i, c));
        }
    }
    if best.is_none() {
        if let Some(c) = name.chars().next() {
            // 美国防部: a one-character form before an organization word
            let rest = &name[c.len_utf8()..];
            if let Some(code) = lx.short_forms.get(&c) {
                if lx
                    .organizations
                    .iter()
                    .any(|o| rest.starts_with(o.as_str()))
                    || lx
                        .short_form_heads
                        .iter()
                        .any(|(w, org)| *org && rest.starts_with(w.as_str()))
                {
                    return Some(code.clone());
                }
            }
        }
    }
    best.map(|(_, c)| c.clone())
}

/// Finds the typed spans of one document (model, gazetteers, short forms).
pub(crate) fn candidates(
    rec: &Recognizer,
    lx: &Lexicon,
    doc: &Doc,
    f: &str,
) -> (Vec<Cand>, Vec<Span>) {
    let mut cands: Vec<Cand> = Vec::new();
    let mut titles: Vec<Span> = Vec::new();
    let pieces: Vec<Span> = if doc.sentences.is_empty() {
        vec![Span::new(0, f.len())]
    } else {
        doc.sentences.clone()
    };
    // 1. the recognizer, sentence by sentence
    for piece in pieces {
        let Some(s) = f.get(piece.start..piece.end) else {
            continue;
        };
        let offs: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| piece.start + i)
            .chain(std::iter::once(piece.end))
            .collect();
        let tags = rec.tag(s);
        for (a, b, class) in spans(&tags) {
            // a name stops at a bracket or punctuation (奥斯汀（Lloyd → 奥斯汀)
            let Some(b) = (a..b)
                .find(|&k| {
                    let ch = f[offs[k]..].chars().next().unwrap_or(' ');
                    !(ch.is_alphanumeric() || DOTS.contains(&ch) || ch == '-')
                })
                .or(Some(b))
            else {
                continue;
            };
            if b == a {
                continue;
            }
            let span = Span::new(offs[a], offs[b]);
            let kind = match class {
                1 => EntityKind::Per,
                2 => EntityKind::Org,
                3 => EntityKind::Loc,
                _ => {
                    titles.push(span);
                    continue;
                }
            };
            cands.push(Cand::name(span, kind, None));
        }
    }
    // 1a. a name cut before its last character and a speech verb: 司乐|如告诉 → 司乐如
    complete_names(lx, f, &mut cands);
    // an organization or place that ends inside a title is part of that title: 日本|官房|长官
    // (美国国防部|长 keeps its ministry: 部 ends known organizations)
    cands.retain(|c| {
        c.kind == EntityKind::Per
            || !ends_inside_title(doc, c.span)
            || f[..c.span.end]
                .chars()
                .next_back()
                .is_some_and(|ch| lx.index.org_finals.contains(&ch))
    });
    // 1b. a name in quote marks after a media word is an outlet: 新媒體「長安街知事」
    for g in media_names(lx, f) {
        let over = overlapping(&cands, g);
        if cands[over.clone()].iter().all(|c| g.contains(c.span)) {
            cands.drain(over);
            insert_sorted(&mut cands, Cand::name(g, EntityKind::Org, None));
        }
    }
    // 1c. a title in 《》: an outlet is an organization (《明镜周刊》报道), any other title is a
    // work (《联合国海洋法公约》, a book, a film) and no entity as a whole
    for (g, outlet) in book_titles(lx, f) {
        let over = overlapping(&cands, g);
        if outlet {
            cands.drain(over);
            insert_sorted(&mut cands, Cand::name(g, EntityKind::Org, None));
        } else {
            let strictly_inside = |c: &Cand| g.contains(c.span) && c.span != g;
            let keep: Vec<Cand> = cands[over.clone()]
                .iter()
                .filter(|c| strictly_inside(c))
                .cloned()
                .collect();
            cands.splice(over, keep);
        }
    }
    // 2. country, place and organization names
    let orgs = &lx.index.organizations;
    let mut at = 0;
    while at < f.len() {
        let c = f[at..].chars().next().unwrap_or(' ');
        if !lx.index.starts.contains(&c) {
            at += c.len_utf8();
            continue;
        }
        let hit = longest(&lx.countries, &lx.index.prefixes, f, at, 12)
            .map(|(e, v)| (e, v, true))
            .into_iter()
            .chain(longest(&lx.places, &lx.index.prefixes, f, at, 12).map(|(e, v)| (e, v, false)))
            .max_by_key(|(e, _, _)| *e);
        let org = longest(orgs, &lx.index.prefixes, f, at, 16).map(|(e, _)| e);
        if let Some(end) = org.filter(|&e| hit.as_ref().is_none_or(|h| e > h.0)) {
            let g = Span::new(at, end);
            // a known name inside a word is not that name (高通 of 高通胀)
            if on_words(doc, g) {
                let over = overlapping(&cands, g);
                if over.is_empty() {
                    insert_sorted(&mut cands, Cand::name(g, EntityKind::Org, None));
                } else if over.len() == 1
                    && opened_by_function_words(lx, doc, &cands[over.start], g)
                {
                    cands[over.start] = Cand::name(g, EntityKind::Org, None);
                }
            }
            at = end;
        } else if let Some((end, code, is_country)) = hit {
            let g = Span::new(at, end);
            let over = overlapping(&cands, g);
            let on_words = on_words(doc, g);
            let gpe = Cand::name(g, EntityKind::Gpe, Some(code.clone()));
            if over.is_empty() {
                if is_country || on_words {
                    insert_sorted(&mut cands, gpe);
                }
            } else if cands[over.clone()]
                .iter()
                .all(|c| g.contains(c.span) && c.kind != EntityKind::Org)
                && (is_country || on_words)
            {
                cands.drain(over);
                insert_sorted(&mut cands, gpe);
            }
            at = end;
        } else {
            at += c.len_utf8();
        }
    }
    // 3. types and countries of recognized names
    let mut out = Vec::new();
    'cand: for mut c in cands {
        let name = &f[c.span.start..c.span.end];
        if lx.index.not_entities.contains(name) {
            continue;
        }
        let nchars = name.chars().count();
        // a known organization is one whatever the recognizer said (谷歌), and so is a name
        // that ends in one (白宫国家安全会议 is no meeting)
        let known_org = lx.index.organizations.contains_key(name)
            || c.kind != EntityKind::Per
                && name.char_indices().skip(1).any(|(i, _)| {
                    name[i..].chars().count() >= 3
                        && lx.index.organizations.contains_key(&name[i..])
                });
        if known_org {
            c.kind = EntityKind::Org;
        }
        // names in Latin letters are foreign forms of a Chinese name (linked after it) or
        // words the recognizer should not have taken
        if !name.chars().any(is_cjk) {
            continue;
        }
        if doc
            .dateline
            .as_ref()
            .is_some_and(|d| d.span.overlaps(c.span))
        {
            continue;
        }
        if c.kind == EntityKind::Per && (credited(f, c.span.start) || credit_line(f, c.span)) {
            continue;
        }
        // 中美, 中俄, 美 (a one-character form the recognizer marked as a place), unless the
        // character starts a longer word (英 of 英伟达)
        let rest = &f[c.span.end..];
        let next = rest.chars().next();
        let alone = next.is_none_or(|n| !is_cjk(n) || lx.short_forms.contains_key(&n))
            || lx
                .short_form_heads
                .iter()
                .any(|(w, _)| rest.starts_with(w.as_str()));
        if c.kind != EntityKind::Per
            && name.chars().all(|ch| lx.short_forms.contains_key(&ch))
            && (nchars > 1 || alone)
            && !rest.starts_with('方')
        {
            for (i, ch) in name.char_indices() {
                out.push(Cand {
                    span: Span::new(c.span.start + i, c.span.start + i + ch.len_utf8()),
                    kind: EntityKind::Gpe,
                    country: lx.short_forms.get(&ch).cloned(),
                    form: MentionForm::Name,
                });
            }
            continue;
        }
        if nchars < 2 {
            continue;
        }
        if c.kind == EntityKind::Per && lx.index.titles.contains_key(name) {
            titles.push(c.span);
            continue;
        }
        if known_org {
            c.country = country_prefix(lx, name);
        } else if c.kind != EntityKind::Gpe && c.kind != EntityKind::Per {
            if let Some(code) = lx.countries.get(name).or_else(|| lx.places.get(name)) {
                c.kind = EntityKind::Gpe;
                c.country = Some(code.clone());
            } else {
                let mut stem = None;
                for (suffix, kind, any) in &lx.kind_suffixes {
                    if name.ends_with(suffix.as_str())
                        && name.len() > suffix.len()
                        && (*any || c.kind == EntityKind::Loc)
                    {
                        match kind {
                            Some(k) => c.kind = *k,
                            None => continue 'cand,
                        }
                        stem = Some(&name[..name.len() - suffix.len()]);
                        break;
                    }
                }
                if c.kind == EntityKind::Gpe || c.kind == EntityKind::Org {
                    // 仙台市, 拉马拉市: a known place with its administrative word
                    c.country = country_prefix(lx, name).or_else(|| {
                        stem.filter(|_| c.kind == EntityKind::Gpe)
                            .and_then(|s| lx.places.get(s).cloned())
                    });
                }
            }
        }
        out.push(c);
    }
    let mut out = merge_place_with_name(out);
    // 4. one-character country forms: 中美, 美军, 美国防部
    let mut taken = Taken::new(&out);
    let chars: Vec<(usize, char)> = f.char_indices().collect();
    // a character after a number is a unit or an ordinal, not a country (7日以来, 三中全会)
    let short = |k: usize| -> bool {
        lx.short_forms.contains_key(&chars[k].1) && !after_number(&chars[..k])
    };
    for (k, &(i, ch)) in chars.iter().enumerate() {
        let Some(code) = lx.short_forms.get(&ch) else {
            continue;
        };
        if !short(k) {
            continue;
        }
        let span = Span::new(i, i + ch.len_utf8());
        if taken.overlaps(span) {
            continue;
        }
        let rest = &f[span.end..];
        let prev_short = k > 0 && short(k - 1) && !taken.overlaps(Span::new(chars[k - 1].0, i));
        let next_short = chars.get(k + 1).is_some_and(|&(j, c2)| {
            lx.short_forms.contains_key(&c2) && !taken.overlaps(Span::new(j, j + c2.len_utf8()))
        });
        // a character before the run that makes a word with it (其中, 日本) rules it out
        let before_word = k > 0 && is_cjk(chars[k - 1].1) && !prev_short;
        let head = lx
            .short_form_heads
            .iter()
            .find(|(w, _)| rest.starts_with(w.as_str()));
        if let Some((w, org)) = head {
            if before_word && !next_short {
                continue;
            }
            if *org {
                let s = Span::new(i, span.end + w.len());
                if !taken.overlaps(s) {
                    taken.add(s);
                    out.push(Cand::name(s, EntityKind::Org, Some(code.clone())));
                }
            } else {
                taken.add(span);
                out.push(Cand::name(span, EntityKind::Gpe, Some(code.clone())));
            }
        } else if (prev_short || next_short) && !rest.starts_with('方') {
            let run = chars[..=k]
                .iter()
                .rev()
                .take_while(|(_, c2)| lx.short_forms.contains_key(c2))
                .count();
            let run_start = k + 1 - run.max(1);
            let before = run_start > 0 && is_cjk(chars[run_start - 1].1);
            // the run is a compound of countries only when what follows is not a word on its own
            if !before
                || (prev_short && next_short)
                || lx
                    .short_form_heads
                    .iter()
                    .any(|(w, _)| rest.starts_with(w.as_str()))
            {
                taken.add(span);
                out.push(Cand::name(span, EntityKind::Gpe, Some(code.clone())));
            }
        }
    }
    // 5. titles from the lexicon
    let taken = Taken::new(&out);
    let title_map = &lx.index.titles;
    let mut at = 0;
    while at < f.len() {
        let c = f[at..].chars().next().unwrap_or(' ');
        if !lx.index.title_starts.contains(&c) {
            at += c.len_utf8();
            continue;
        }
        if let Some((end, _)) = longest(title_map, &lx.index.prefixes, f, at, 10) {
            let s = Span::new(at, end);
            if !taken.overlaps(s) {
                titles.push(s);
            }
            at = end;
        } else {
            at += c.len_utf8();
        }
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    let mut out = merge_events(lx, f, out);
    let places = places_by_context(lx, f, &out);
    propagate(f, &mut out, &places);
    out.sort_by_key(|c| (c.span.start, c.span.end));
    // flat: drop a span inside or across an earlier one
    let mut flat: Vec<Cand> = Vec::new();
    for c in out {
        if flat.last().is_some_and(|l| l.span.overlaps(c.span)) {
            continue;
        }
        flat.push(c);
    }
    titles.sort();
    titles.dedup();
    (flat, titles)
}

/// The spans already taken by candidates, for overlap tests in logarithmic time: the
/// candidates given at the start (indexed, as they may overlap), and those added since, which
/// overlap nothing taken.
struct Taken {
    spans: Vec<Span>,
    index: jishi_doc::SpanIndex,
    added: std::collections::BTreeMap<usize, usize>,
}

impl Taken {
    fn new(cands: &[Cand]) -> Taken {
        let spans: Vec<Span> = cands.iter().map(|c| c.span).collect();
        Taken {
            index: jishi_doc::SpanIndex::new(&spans),
            spans,
            added: Default::default(),
        }
    }

    /// Does `s` overlap a taken span?
    fn overlaps(&self, s: Span) -> bool {
        // the added spans do not overlap each other: only the last one starting before the
        // end of `s` can reach into it
        self.index.any_overlapping(&self.spans, s)
            || self
                .added
                .range(..s.end)
                .next_back()
                .is_some_and(|(_, &end)| end > s.start)
    }

    /// Takes a span that overlaps nothing taken.
    fn add(&mut self, s: Span) {
        self.added.insert(s.start, s.end);
    }
}

/// Whether the characters before a position end with a number (spaces between allowed):
/// 7日, 7 日, 十一日, 三中全会.
fn after_number(before: &[(usize, char)]) -> bool {
    before
        .iter()
        .rev()
        .find(|(_, c)| !matches!(c, ' ' | '\u{3000}' | '\u{a0}'))
        .is_some_and(|&(_, c)| c.is_numeric() || "〇零一二三四五六七八九十百千万两".contains(c))
}

/// Words that end the name of a meeting (论坛, 峰会): the event suffixes of `kind_suffixes`.
fn event_suffixes(lx: &Lexicon) -> impl Iterator<Item = &str> {
    lx.kind_suffixes
        .iter()
        .filter(|(_, k, _)| *k == Some(EntityKind::Event))
        .map(|(s, _, _)| s.as_str())
}

/// 北京 香山 论坛 → one EVENT 北京香山论坛 (with a leading 第十届): places and names the
/// recognizer found right before an event word make up the event's name.
fn merge_events(lx: &Lexicon, f: &str, cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    let mut i = 0;
    while i < cands.len() {
        // the longest run of adjacent non-person names starting at i
        let mut j = i;
        while j + 1 < cands.len()
            && cands[j + 1].span.start == cands[j].span.end
            && cands[j + 1].kind != EntityKind::Per
        {
            j += 1;
        }
        let end = cands[j].span.end;
        let suffix = (cands[i].kind != EntityKind::Per)
            .then(|| event_suffixes(lx).find(|s| f[end..].starts_with(s)))
            .flatten();
        if let Some(sfx) = suffix {
            let mut start = cands[i].span.start;
            // 第十届 / 第10届 before the name
            let head = &f[..start];
            if let Some(stripped) = head.strip_suffix('届') {
                if let Some(k) = stripped.rfind('第') {
                    let num = &stripped[k + '第'.len_utf8()..];
                    if num.chars().count() <= 4
                        && num
                            .chars()
                            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c))
                    {
                        start = k;
                    }
                }
            }
            out.push(Cand {
                span: Span::new(start, end + sfx.len()),
                kind: EntityKind::Event,
                country: None,
                form: MentionForm::Name,
            });
            i = j + 1;
        } else {
            out.push(cands[i].clone());
            i += 1;
        }
    }
    out
}

/// 北京 + 国际会议中心 → one FAC 北京国际会议中心, 美国 + 国防部 → one ORG: a place written
/// right before an organization or facility is part of its name (entities are flat).
fn merge_place_with_name(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by_key(|c| (c.span.start, c.span.end));
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(prev) = out.last_mut() {
            if prev.span.end == c.span.start
                && matches!(prev.kind, EntityKind::Gpe | EntityKind::Loc)
                && matches!(c.kind, EntityKind::Org | EntityKind::Fac)
            {
                let country = c.country.clone().or_else(|| {
                    (prev.kind == EntityKind::Gpe)
                        .then(|| prev.country.clone())
                        .flatten()
                });
                *prev = Cand {
                    span: Span::new(prev.span.start, c.span.end),
                    kind: c.kind,
                    country,
                    form: MentionForm::Name,
                };
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Every further occurrence of a name found somewhere in the article is a mention too (the
/// recognizer may miss a name in one sentence and find it in another); for a dotted foreign
/// name, so is its last part (拉特纳 of 伊利·拉特纳).
fn propagate(f: &str, cands: &mut Vec<Cand>, places: &HashSet<&str>) {
    // the distinct person names (a long article repeats them)
    let persons = |cands: &[Cand]| -> Vec<String> {
        let mut names: Vec<String> = cands
            .iter()
            .filter(|c| c.kind == EntityKind::Per)
            .map(|c| f[c.span.start..c.span.end].to_string())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    // 林右昌于 → 林右昌 when 林右昌 is a name elsewhere: the recognizer took a character too many
    let per = persons(cands);
    for c in cands.iter_mut().filter(|c| c.kind == EntityKind::Per) {
        let name = &f[c.span.start..c.span.end];
        if name.chars().count() < 3 {
            continue;
        }
        let last = name.chars().next_back().map_or(0, char::len_utf8);
        let first = name.chars().next().map_or(0, char::len_utf8);
        let half = name.len() / 2;
        if name.len() & 1 == 0
            && name.is_char_boundary(half)
            && name[..half] == name[half..]
            && per.iter().any(|p| p == &name[..half])
        {
            // 卡莱斯卡莱斯: a name written twice by mistake
            c.span.end -= half;
        } else if per
            .iter()
            .any(|p| p == &name[..name.len() - last] && !always_followed(f, p, name))
        {
            c.span.end -= last;
        } else if per.iter().any(|p| p == &name[first..]) {
            c.span.start += first;
        }
    }
    // 蔡英 before 文 → 蔡英文 when 蔡英文 is a name elsewhere and 蔡英 is never written
    // without 文: the recognizer stopped short (the names as corrected above: 卡莱斯卡莱斯 is
    // no longer one)
    let per = persons(cands);
    for c in cands.iter_mut().filter(|c| c.kind == EntityKind::Per) {
        let name = &f[c.span.start..c.span.end];
        let longer = per
            .iter()
            .filter(|p| p.len() > name.len() && p.starts_with(name))
            .filter(|p| f[c.span.start..].starts_with(p.as_str()) && always_followed(f, name, p))
            .max_by_key(|p| p.len());
        if let Some(p) = longer {
            c.span.end = c.span.start + p.len();
        }
    }
    // one name, one type: the recognizer's most frequent choice (persons win ties)
    let mut votes: HashMap<&str, Vec<EntityKind>> = HashMap::default();
    for c in cands.iter() {
        if matches!(c.kind, EntityKind::Per | EntityKind::Org | EntityKind::Loc) {
            votes
                .entry(&f[c.span.start..c.span.end])
                .or_default()
                .push(c.kind);
        }
    }
    let mut major: HashMap<String, EntityKind> = HashMap::default();
    for (name, ks) in votes {
        let count = |k: EntityKind| ks.iter().filter(|&&x| x == k).count();
        let best = [EntityKind::Per, EntityKind::Org, EntityKind::Loc]
            .into_iter()
            .max_by_key(|&k| (count(k), k == EntityKind::Per))
            .unwrap_or(EntityKind::Per);
        major.insert(name.to_string(), best);
    }
    // what the context says (城市杰宁) outweighs the recognizer's votes
    for (name, kind) in major.iter_mut() {
        if places.contains(name.as_str()) {
            *kind = EntityKind::Loc;
        }
    }
    for c in cands.iter_mut() {
        if let Some(&k) = major.get(&f[c.span.start..c.span.end]) {
            if c.kind != k && matches!(c.kind, EntityKind::Per | EntityKind::Org | EntityKind::Loc)
            {
                c.kind = k;
            }
        }
    }
    let mut names: Vec<(String, EntityKind, Option<String>)> = Vec::new();
    for c in cands.iter() {
        let name = &f[c.span.start..c.span.end];
        if c.form != MentionForm::Name || name.chars().count() < 2 {
            continue;
        }
        if !names.iter().any(|(n, _, _)| n == name) {
            names.push((name.to_string(), c.kind, c.country.clone()));
        }
        if c.kind == EntityKind::Per {
            if let Some(last) = name.rsplit(DOTS).next() {
                if last != name
                    && last.chars().count() >= 2
                    && !names.iter().any(|(n, _, _)| n == last)
                {
                    names.push((last.to_string(), EntityKind::Per, None));
                }
            }
        }
    }
    // longest names first, so that 美国国防部 is taken before 美国
    names.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    let mut taken = Taken::new(cands);
    for (name, kind, country) in names {
        for (at, _) in f.match_indices(name.as_str()) {
            let span = Span::new(at, at + name.len());
            if taken.overlaps(span) {
                continue;
            }
            // not in the middle of a longer Chinese name: a name is not split off a word
            if kind == EntityKind::Per {
                let before = f[..at].chars().next_back();
                if before.is_some_and(|c| DOTS.contains(&c)) {
                    continue;
                }
            }
            taken.add(span);
            cands.push(Cand::name(span, kind, country.clone()));
        }
    }
}

/// True when every occurrence of `short` in the text is the start of `long` (蔡英 of 蔡英文):
/// then `short` is a cut name, not a name of its own (林右昌 beside 林右昌于 is not).
fn always_followed(f: &str, short: &str, long: &str) -> bool {
    f.match_indices(short)
        .all(|(at, _)| f[at..].starts_with(long))
}

/// A two-character person name opening with a surname (or a Japanese family name and one
/// character: 松野博|一表示), followed by one more character and a
/// speech verb (司乐|如告诉, 林思|妤說), takes that character: names of three characters are the
/// most common, and a subject meets its verb directly or through one of the words of
/// `name_completion.tsv` (也, 时, 笑), which never end a name there. `cands` is in text order.
fn complete_names(lx: &Lexicon, f: &str, cands: &mut [Cand]) {
    for k in 0..cands.len() {
        let c = &cands[k];
        let name = &f[c.span.start..c.span.end];
        let mut chars = name.chars();
        // a Chinese surname and one character (司乐), or a Japanese one and one (松野博)
        let chinese = matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some(first), Some(_), None) if lx.surnames.contains(&first)
        );
        let japanese = lx.japanese_surnames.iter().any(|s| {
            name.strip_prefix(s.as_str())
                .is_some_and(|given| given.chars().count() == 1)
        });
        if c.kind != EntityKind::Per || !(chinese || japanese) {
            continue;
        }
        let Some(x) = f[c.span.end..].chars().next() else {
            continue;
        };
        let end = c.span.end + x.len_utf8();
        // a Japanese name (two and two characters, most often) may also end before a date or
        // a punctuation mark: 松野博|一13日, 松野博|一、
        let verb_follows = lx
            .completion_verbs
            .iter()
            .any(|v| f[end..].starts_with(v.as_str()))
            || japanese
                && f[end..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_digit() || "、，。：（(".contains(n));
        let free = cands.get(k + 1).is_none_or(|n| n.span.start >= end);
        if is_cjk(x) && !lx.not_name_end.contains(&x) && verb_follows && free {
            cands[k].span.end = end;
        }
    }
}

/// The titles in book-title marks (《…》, «…», up to 16 characters, on one line): the span inside
/// the marks, and whether it names an outlet (`outlet_titles.tsv`).
fn book_titles(lx: &Lexicon, f: &str) -> Vec<(Span, bool)> {
    const MARKS: [(char, char); 2] = [('《', '》'), ('«', '»')];
    let mut out = Vec::new();
    for (at, open) in f.char_indices() {
        let Some(&(_, close)) = MARKS.iter().find(|(o, _)| *o == open) else {
            continue;
        };
        let start = at + open.len_utf8();
        let Some(len) = f[start..].find([close, open, '\n']) else {
            continue;
        };
        let inner = &f[start..start + len];
        if inner.is_empty() || inner.chars().count() > 16 || !f[start + len..].starts_with(close) {
            continue;
        }
        let after = &f[start + len + close.len_utf8()..];
        let ends = |words: &[String]| words.iter().any(|e| inner.ends_with(e.as_str()));
        let outlet = (ends(&lx.outlet_endings) && !ends(&lx.outlet_not_endings))
            || lx
                .outlet_after
                .iter()
                .any(|w| after.starts_with(w.as_str()));
        out.push((Span::new(start, start + len), outlet));
    }
    out
}

/// Names in quote marks right after a media word of `media_heads.txt` (官媒「環球時報」): the
/// spans of the names, without the marks. A name is 2 to 8 characters without punctuation or
/// function words.
fn media_names(lx: &Lexicon, f: &str) -> Vec<Span> {
    const OPEN: [(char, char); 4] = [('「', '」'), ('“', '”'), ('『', '』'), ('"', '"')];
    let mut out = Vec::new();
    for (at, open) in f.char_indices() {
        let Some(&(_, close)) = OPEN.iter().find(|(o, _)| *o == open) else {
            continue;
        };
        if !lx.media_heads.iter().any(|h| f[..at].ends_with(h.as_str())) {
            continue;
        }
        let start = at + open.len_utf8();
        let Some(len) = f[start..]
            .char_indices()
            .take(13)
            .find(|&(_, c)| c == close)
            .map(|(i, _)| i)
        else {
            continue;
        };
        let name = &f[start..start + len];
        let n = name.chars().count();
        // words in quote marks after a media word (要求媒体“这条不要问了”) are a quote
        let words = name
            .chars()
            .any(|c| "的了不是在要这那我你他她们吗呢吧着过把被让".contains(c));
        if (2..=8).contains(&n)
            && !words
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || DOTS.contains(&c) || c == ' ')
        {
            out.push(Span::new(start, start + len));
        }
    }
    out
}

/// Names the recognizer took for persons that the context shows to be places: right after a
/// place word of `place_heads.txt` (城市杰宁), and the other persons of a list such a name
/// heads (纳布卢斯、杰宁和图勒凯尔姆). `cands` is sorted.
fn places_by_context<'f>(lx: &Lexicon, f: &'f str, cands: &[Cand]) -> HashSet<&'f str> {
    let mut places = HashSet::default();
    let mut k = 0;
    while k < cands.len() {
        let c = &cands[k];
        let before = &f[..c.span.start];
        let headed = c.kind == EntityKind::Per
            && lx.place_heads.iter().any(|h| before.ends_with(h.as_str()));
        if !headed {
            k += 1;
            continue;
        }
        places.insert(&f[c.span.start..c.span.end]);
        // the list it opens: names joined by 、 和 及 与
        let mut j = k;
        while let Some(next) = cands.get(j + 1) {
            // candidates may still overlap here (the flat pass comes later)
            let gap = f.get(cands[j].span.end..next.span.start).unwrap_or("");
            if !matches!(gap, "、" | "和" | "及" | "与" | "以及") {
                break;
            }
            if next.kind == EntityKind::Per {
                places.insert(&f[next.span.start..next.span.end]);
            }
            j += 1;
        }
        k = j + 1;
    }
    places
}

/// True when a name at `at` is a credit in brackets: （编辑：张淑伶）, （记者 X）.
fn credited(f: &str, at: usize) -> bool {
    let before: String = f[..at]
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let Some(open) = before.rfind(['（', '(']) else {
        return false;
    };
    let inside = &before[open..];
    ["编辑", "责编", "校对", "记者", "摄影", "撰稿"]
        .iter()
        .any(|w| inside.contains(w))
}

/// A reporter's name in a photo or fax credit or a dateline outside brackets: 记者 right
/// before the name and 摄 / 传真 / a day and 电 right after it (中央社记者黄雅诗摄,
/// 记者陈韵聿伦敦传真, 记者王扬宇台北16日电). Credits are not part of the story.
fn credit_line(f: &str, name: Span) -> bool {
    if !f[..name.start].ends_with("记者") {
        return false;
    }
    let after: String = f[name.end..].chars().take(10).collect();
    if after.starts_with('摄') || after.starts_with("传真") {
        return true;
    }
    // a place of up to five characters, then a day: 台北16日电, 伦敦4日专电
    let digits = after.find(|c: char| c.is_ascii_digit());
    digits.is_some_and(|d| {
        after[..d].chars().count() <= 5
            && after[..d]
                .chars()
                .all(|c| !c.is_ascii_punctuation() && !"，。、；：".contains(c))
            && after[d..]
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .strip_prefix('日')
                .is_some_and(|r| r.starts_with('电') || r.starts_with("专电"))
    })
}

/// Names in brackets right after a mention: 伊利·拉特纳（Ely Ratner）, （SIPRI）.
pub(crate) fn foreign_after(text: &str, end: usize) -> Option<Span> {
    let rest = text.get(end..)?;
    let open = rest.chars().next()?;
    if open != '（' && open != '(' {
        return None;
    }
    let inner_start = end + open.len_utf8();
    let inner = &text[inner_start..];
    let close = inner.find(['）', ')'])?;
    let name = &inner[..close];
    let ok = name.len() <= 80
        && name.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-'&".contains(c));
    if !ok {
        return None;
    }
    let lead = name.len() - name.trim_start().len();
    let trimmed = name.trim();
    Some(Span::new(
        inner_start + lead,
        inner_start + lead + trimmed.len(),
    ))
}

fn undotted(s: &str) -> String {
    s.chars()
        .filter(|c| !DOTS.contains(c) && !c.is_whitespace())
        .collect()
}

/// The grouping key of a mention: the same key, the same entity.
fn key(lx: &Lexicon, c: &Cand, f: &str) -> String {
    let name = &f[c.span.start..c.span.end];
    let is_country = lx.countries.contains_key(name)
        || (name.chars().count() == 1 && name.chars().all(|ch| lx.short_forms.contains_key(&ch)));
    match (c.kind, &c.country) {
        (EntityKind::Gpe, Some(code)) if is_country => format!("GPE:{code}"),
        (EntityKind::Org, Some(code)) => {
            // 美国国防部 and 美国防部: the country and the organization word
            match org_word(lx, name) {
                Some(word) => format!("ORG:{code}:{word}"),
                None => format!("ORG:{}", undotted(name)),
            }
        }
        (EntityKind::Event, _) => {
            // 第十届北京香山论坛 and 北京香山论坛 are one forum
            let n = if let (Some(0), Some(j)) = (name.find('第'), name.find('届')) {
                &name[j + '届'.len_utf8()..]
            } else {
                name
            };
            format!("EVENT:{n}")
        }
        (k, _) => format!("{}:{}", k.as_str(), undotted(name)),
    }
}

/// The organization word a name ends in after a country (国防部 of 美国国防部, 美国防部).
fn org_word<'a>(lx: &Lexicon, name: &'a str) -> Option<&'a str> {
    name.char_indices()
        .skip(1)
        .map(|(i, _)| &name[i..])
        .find(|rest| lx.index.organizations.contains_key(*rest))
}

/// Groups mentions into entities, links short and foreign forms, picks canonical names.
pub(crate) fn entities(
    lx: &Lexicon,
    doc: &Doc,
    f: &str,
    cands: &[Cand],
) -> (Vec<Entity>, Vec<Vec<usize>>) {
    let text = &doc.text;
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::default();
    let mut last_org: HashMap<String, String> = HashMap::default();
    for (i, c) in cands.iter().enumerate() {
        let mut k = key(lx, c, f);
        if c.kind == EntityKind::Org {
            let name = &f[c.span.start..c.span.end];
            if c.country.is_none() && lx.index.organizations.contains_key(name) {
                // a bare 国防部 after 中国国防部 is that ministry again
                if let Some(prev) = last_org.get(name) {
                    k = prev.clone();
                }
            } else if let Some(word) = org_word(lx, name) {
                last_org.insert(word.to_string(), k.clone());
            }
        }
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(i);
    }
    // 香山论坛 of 北京香山论坛: the end of one longer event name
    let event_keys: Vec<String> = order
        .iter()
        .filter(|k| k.starts_with("EVENT:"))
        .cloned()
        .collect();
    let mut alias: HashMap<String, String> = HashMap::default();
    for k in &event_keys {
        let longer: Vec<&String> = event_keys
            .iter()
            .filter(|o| o.len() > k.len() && o.ends_with(&k[6..]))
            .collect();
        if let [l] = longer.as_slice() {
            alias.insert(k.clone(), (*l).clone());
        }
    }
    // a person's short name: the last part of a dotted name (拉特纳 of 伊利·拉特纳)
    let per_keys: Vec<String> = order
        .iter()
        .filter(|k| k.starts_with("PER:"))
        .cloned()
        .collect();
    for k in &per_keys {
        let short = &k[4..];
        let full = cands
            .iter()
            .filter(|c| c.kind == EntityKind::Per)
            .map(|c| &f[c.span.start..c.span.end])
            .filter(|n| n.contains(DOTS) && undotted(n) != short)
            .find(|n| {
                n.rsplit(DOTS).next() == Some(short)
                    || n.split(DOTS).next() == Some(short)
                    || (short.chars().count() >= 2
                        && undotted(n).ends_with(short)
                        && !short.contains(DOTS))
            })
            .or_else(|| {
                // 巴亚尔 of 赛汗巴亚尔: the end of one longer name (given or last name)
                let longer: Vec<&str> = per_keys
                    .iter()
                    .map(|k| &k[4..])
                    .filter(|n| {
                        n.len() > short.len() && n.ends_with(short) && !n.starts_with(short)
                    })
                    .collect();
                (short.chars().count() >= 2 && longer.len() == 1).then(|| longer[0])
            });
        if let Some(full) = full {
            alias.insert(k.clone(), format!("PER:{}", undotted(full)));
        }
    }
    let mut ents: Vec<Entity> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    for k in &order {
        let target = alias.get(k).unwrap_or(k);
        let idx = match index.get(target) {
            Some(&i) => i,
            None => {
                let first = groups
                    .get(target)
                    .or_else(|| groups.get(k))
                    .and_then(|g| g.first());
                let Some(&first) = first else { continue };
                let c = &cands[first];
                ents.push(Entity {
                    name: String::new(),
                    kind: c.kind,
                    mentions: Vec::new(),
                    titles: Vec::new(),
                    affiliation: None,
                    actor: None,
                });
                members.push(Vec::new());
                index.insert(target.clone(), ents.len() - 1);
                ents.len() - 1
            }
        };
        index.insert(k.clone(), idx);
        if let Some(g) = groups.get(k) {
            members[idx].extend(g.iter().copied());
        }
    }
    for (e, m) in ents.iter_mut().zip(members.iter_mut()) {
        m.sort_by_key(|&i| cands[i].span.start);
        m.dedup();
        for &i in m.iter() {
            e.mentions.push(Mention {
                span: cands[i].span,
                form: cands[i].form,
            });
        }
        // the fullest form: the longest name mention
        if let Some(&best) = m.iter().max_by_key(|&&i| {
            let s = cands[i].span;
            (
                text[s.start..s.end].chars().count(),
                std::cmp::Reverse(s.start),
            )
        }) {
            e.name = text[cands[best].span.start..cands[best].span.end].to_string();
        }
        let country = m.iter().find_map(|&i| cands[i].country.clone());
        if matches!(e.kind, EntityKind::Gpe | EntityKind::Org) {
            if let Some(country) = country {
                e.actor = Some(Actor {
                    country: Some(country),
                    sector: None,
                });
            }
        }
        // names in brackets after a mention
        let mut foreign = Vec::new();
        for mention in &e.mentions {
            if let Some(s) = foreign_after(text, mention.span.end) {
                foreign.push(Mention {
                    span: s,
                    form: MentionForm::Foreign,
                });
            }
        }
        e.mentions.extend(foreign);
        e.mentions.sort_by_key(|m| m.span.start);
        e.mentions.dedup();
    }
    (ents, members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_spans_answer_as_a_scan_of_all_of_them_would() {
        // xorshift, so that the test needs no crate
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..200 {
            let cands: Vec<Cand> = (0..next(20))
                .map(|_| {
                    let a = next(200);
                    Cand {
                        span: Span::new(a, a + 1 + next(12)),
                        kind: EntityKind::Per,
                        country: None,
                        form: MentionForm::Name,
                    }
                })
                .collect();
            let mut all: Vec<Span> = cands.iter().map(|c| c.span).collect();
            let mut taken = Taken::new(&cands);
            for _ in 0..100 {
                let a = next(220);
                let s = Span::new(a, a + 1 + next(8));
                let scan = all.iter().any(|t| t.overlaps(s));
                assert_eq!(taken.overlaps(s), scan, "{s:?} against {all:?}");
                if !scan && next(2) == 0 {
                    taken.add(s);
                    all.push(s);
                }
            }
        }
    }
}
