//! Finding the speaker in an attribution: the subject of a reporting verb.
//!
//! In the words before the cue (何雷向澎湃新闻介绍说, 一位北约官员说, 中国国防部新闻发言人吴谦
//! 26日对外介绍称) the speaker is the candidate nearest the cue — an entity mention, a pronoun, a
//! noun for an unnamed source, a document (声明) — once the listener and the occasion are cut
//! off: everything after the first circumstance marker (向, 对, 接受 …) that follows a candidate.

use jishi_doc::{Doc, EntityKind, Span};

use crate::coref;
use crate::lexicon::Lexicon;
use crate::scan;

/// Who is reported as speaking, as found in one attribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Attribution {
    /// The entity speaking; `None` for an unnamed source or an unresolved pronoun.
    pub speaker: Option<usize>,
    /// The words naming the speaker here.
    pub speaker_span: Option<Span>,
    /// An organization the words were given to or reported by (向路透社记者表示).
    pub listener: Option<usize>,
    /// A pronoun resolved to the speaker: the pair goes to `Doc::corefs`.
    pub pronoun: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cand {
    Entity(usize),
    Pronoun,
    Unnamed,
    Document,
}

/// The names people are mentioned by in an article (simplified, distinct, sorted), with their
/// entities: for finding a name cut short by the recognizer.
fn person_names(doc: &Doc, fold: &str) -> Vec<(String, usize)> {
    let mut names: Vec<(String, usize)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Per)
        .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (m.span, ei)))
        .filter_map(|(s, ei)| fold.get(s.start..s.end).map(|t| (t.to_string(), ei)))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A person's name cut short by the recognizer (司马 in 司马如说) when the article names the
/// same person in full elsewhere: the entity whose longer name the text goes on with here.
fn longer_name(names: &[(String, usize)], fold: &str, ei: usize, m: Span) -> Option<usize> {
    let short = fold.get(m.start..m.end)?;
    let here = fold.get(m.start..)?;
    // the names that start with the short one sort right after it
    let from = names.partition_point(|(n, _)| n.as_str() < short);
    names[from..]
        .iter()
        .take_while(|(n, _)| n.starts_with(short))
        .filter(|(n, oi)| {
            *oi != ei
                && n.len() > short.len()
                && here.starts_with(n.as_str())
                && n[short.len()..]
                    .chars()
                    .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .max_by_key(|(n, _)| n.len())
        .map(|(_, oi)| *oi)
}

/// Which candidate of a region to take.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The one nearest the cue (the subject of the verb right after it).
    Nearest,
    /// The first (the subject of a sentence whose later clause carries the cue).
    First,
}

/// Candidate speakers of an article, found once.
pub struct Finder<'a> {
    doc: &'a Doc,
    fold: &'a str,
    lex: &'a Lexicon,
    cands: Vec<(Span, Cand)>,
    /// Circumstance markers (与, 向, 在…), by start.
    markers: Vec<Span>,
    /// Spans inside quote marks: no candidate there speaks for the attribution.
    quoted: Vec<Span>,
    resolver: coref::Resolver<'a>,
}

const QUANTIFIERS: &[char] = &[
    '一', '二', '两', '三', '四', '五', '几', '多', '数', '某', '有', '位', '名', '个', '些', '批',
];

impl<'a> Finder<'a> {
    /// Collects the candidates of `doc`.
    pub fn new(doc: &'a Doc, lex: &'a Lexicon, quoted: Vec<Span>) -> Self {
        let fold = doc.folded();
        let all = Span::new(0, fold.len());
        let (mentions, mention_index) = scan::mention_spans(doc);
        let in_mention = |s: &Span| mention_index.any_overlapping(&mentions, *s);
        let mut cands: Vec<(Span, Cand)> = Vec::new();
        let names = person_names(doc, fold);
        // a mention that is only a word for an unnamed source (陆媒, 官媒) names nobody
        let generic = |s: Span| {
            fold.get(s.start..s.end)
                .is_some_and(|t| lex.unnamed_sources.iter().any(|w| w == t))
        };
        for (ei, e) in doc.entities.iter().enumerate() {
            if matches!(e.kind, EntityKind::Per | EntityKind::Org | EntityKind::Gpe) {
                // 一名哈马斯发言人: a title after a quantifier names no one in particular
                let indefinite = |m: &jishi_doc::Mention| {
                    m.form == jishi_doc::MentionForm::Title
                        && scan::prev_char(fold, m.span.start)
                            .is_some_and(|(_, c)| QUANTIFIERS.contains(&c))
                };
                // 俄罗斯人表示: people of a country, not the country
                let people = |m: &jishi_doc::Mention| {
                    e.kind == EntityKind::Gpe
                        && fold.get(m.span.end..).is_some_and(|t| {
                            t.starts_with('人') && !t.starts_with("人民") && !t.starts_with("人士")
                        })
                };
                cands.extend(e.mentions.iter().filter(|m| !indefinite(m)).map(|m| {
                    let c = if generic(m.span) || people(m) {
                        Cand::Unnamed
                    } else {
                        let longer = (e.kind == EntityKind::Per)
                            .then(|| longer_name(&names, fold, ei, m.span))
                            .flatten();
                        Cand::Entity(longer.unwrap_or(ei))
                    };
                    (m.span, c)
                }));
            }
        }
        cands.extend(
            coref::pronouns(doc, lex)
                .into_iter()
                .map(|(s, _)| (s, Cand::Pronoun)),
        );
        let nouns = scan::keep_longest(
            scan::find_words(fold, &lex.unnamed_sources, all)
                .into_iter()
                .map(|(s, _)| (s, Cand::Unnamed))
                .chain(
                    scan::find_words(fold, &lex.documents, all)
                        .into_iter()
                        .map(|(s, _)| (s, Cand::Document)),
                )
                .collect(),
        );
        // a noun that is also a reporting verb (分析) is a source only when a cue follows it
        // (分析认为, 分析称), not in 孙立分析对方…
        let verb_noun = |s: &Span| {
            let t = fold.get(s.start..s.end).unwrap_or("");
            let rest = fold.get(s.end..).unwrap_or("");
            lex.cues.iter().any(|(w, _)| w == t)
                && !lex
                    .cues
                    .iter()
                    .map(|(w, _)| w)
                    .chain(&lex.unnamed_sources)
                    .any(|w| rest.starts_with(w.as_str()))
        };
        cands.extend(
            nouns
                .into_iter()
                .filter(|(s, _)| !in_mention(s))
                .filter(|(s, c)| *c != Cand::Unnamed || !verb_noun(s)),
        );
        cands.sort_by_key(|(s, _)| (s.start, s.end));
        let mut markers: Vec<Span> = scan::find_words(fold, &lex.markers, all)
            .into_iter()
            .map(|(s, _)| s)
            .filter(|s| !in_mention(s))
            .collect();
        markers.sort_by_key(|m| (m.start, m.end));
        Finder {
            doc,
            fold,
            lex,
            cands,
            markers,
            quoted,
            resolver: coref::Resolver::new(doc, lex),
        }
    }

    /// Tells pronoun resolution which clauses are reported words (see
    /// [`coref::Resolver::resolve_subject`]).
    pub fn set_reported(&mut self, spans: Vec<(Span, Option<usize>)>) {
        self.resolver.set_reported(spans);
    }

    /// True when `s` is a pronoun candidate (他, 她, 其 …).
    pub fn is_pronoun(&self, s: Span) -> bool {
        let i = self.cands.partition_point(|(c, _)| c.start < s.start);
        self.cands[i..]
            .iter()
            .take_while(|(c, _)| c.start == s.start)
            .any(|(c, k)| *c == s && *k == Cand::Pronoun)
    }

    /// The speaker a pronoun subject of a cue refers to.
    pub fn resolve_pronoun(&self, s: Span) -> Option<usize> {
        self.resolver.resolve_subject(s)
    }

    /// True when `s` lies inside quote marks that do not also hold `region`.
    fn is_quoted(&self, s: Span, region: Span) -> bool {
        self.quoted
            .iter()
            .any(|q| q.contains(s) && !q.contains(region))
    }

    /// The speaker named in `region` (the words before a cue), if any.
    pub fn speaker_in(&self, region: Span, pick: Pick) -> Option<Attribution> {
        let region = self.skip_occasion(region);
        // 这位司法部长强调: a description of someone named before, whatever it contains
        if pick == Pick::Nearest {
            if let Some(desc) = self.demonstrative_description(region) {
                if let Some(e) = coref::resolve_description(self.doc, self.lex, desc) {
                    return Some(Attribution {
                        speaker: Some(e),
                        speaker_span: Some(desc),
                        pronoun: Some(desc),
                        listener: None,
                    });
                }
            }
        }
        let occasions = self.occasions(region);
        // candidates are sorted by start: only those starting inside the region can lie in it
        let from = self.cands.partition_point(|(s, _)| s.start < region.start);
        let to = self.cands.partition_point(|(s, _)| s.start <= region.end);
        let inside: Vec<(Span, Cand)> = self.cands[from..to.max(from)]
            .iter()
            .filter(|(s, _)| region.contains(*s) && !self.is_quoted(*s, region))
            .filter(|(s, _)| !occasions.iter().any(|o| o.contains(*s)))
            .filter(|(s, _)| pick == Pick::Nearest || !self.after_marker(*s))
            .copied()
            .collect();
        let first = inside.first()?.0;
        // the listener and the occasion come after a marker that follows the subject
        let cut = self
            .markers_from(region.start, region.end)
            .iter()
            .filter(|m| region.contains(**m) && m.start >= first.end)
            .map(|m| m.start)
            .min()
            .unwrap_or(region.end);
        let subjects: Vec<(Span, Cand)> = inside
            .iter()
            .filter(|(s, _)| s.start < cut)
            .copied()
            .collect();
        let listener_from = self
            .markers_from(region.start, region.end)
            .iter()
            .filter(|m| region.contains(**m) && m.start >= cut)
            .filter(|m| {
                let w = self.fold.get(m.start..m.end).unwrap_or("");
                self.lex.listener_markers.iter().any(|l| l == w)
            })
            .map(|m| m.end)
            .min()
            .unwrap_or(region.end);
        // (对参议院多数党领袖舒默表示: the listener is the person, the organization is theirs)
        let listener = inside
            .iter()
            .filter(|(s, _)| s.start >= listener_from)
            .position(|(_, c)| {
                matches!(c, Cand::Entity(e) if self.doc.entities[*e].kind == EntityKind::Org)
            })
            .and_then(|k| {
                let after: Vec<&(Span, Cand)> =
                    inside.iter().filter(|(s, _)| s.start >= listener_from).collect();
                let person_after = after[k + 1..].iter().any(|(_, c)| {
                    matches!(c, Cand::Entity(e) if self.doc.entities[*e].kind == EntityKind::Per)
                });
                match after[k].1 {
                    Cand::Entity(e) if !person_after => Some(e),
                    _ => None,
                }
            });
        // 他得知X送交文件后表示: a pronoun opening a clause of time (…后, …时) is its subject,
        // the one speaking, not the names inside it
        let timed = self.fold.get(region.start..region.end).is_some_and(|t| {
            let t = t.trim_end();
            self.lex.time_words.iter().any(|w| t.ends_with(w.as_str()))
        });
        let opening_pronoun = subjects
            .first()
            .filter(|(s, c)| *c == Cand::Pronoun && scan::trim(self.fold, region).start == s.start);
        let (span, cand) = match (pick, opening_pronoun) {
            (Pick::Nearest, Some(first)) if timed => *first,
            (Pick::Nearest, _) => *subjects.iter().max_by_key(|(s, _)| (s.end, s.len()))?,
            (Pick::First, _) => {
                // the head of the first noun phrase: 德国外长贝尔博克 → 贝尔博克
                let mut i = 0;
                while let Some(next) = subjects.get(i + 1) {
                    if next.0.start < subjects[i].0.end {
                        break;
                    }
                    let gap = Span::new(subjects[i].0.end, next.0.start);
                    let joined = scan::char_len(self.fold, gap) <= 6
                        && !self
                            .markers_from(gap.start, gap.end)
                            .iter()
                            .any(|m| gap.contains(*m))
                        && !self.fold.get(gap.start..gap.end).is_some_and(|t| {
                            // (拜登称习近平为…: a verb between, not a title)
                            t.contains(scan::CLAUSE_ENDS)
                                || self.lex.cues.iter().any(|(w, _)| t.contains(w.as_str()))
                        });
                    if !joined {
                        break;
                    }
                    i += 1;
                }
                *subjects.get(i)?
            }
        };
        let mut at = Attribution {
            listener,
            ..Default::default()
        };
        // 默克尔的首席经济顾问承认, 他的同党议员宣布: the one named owns the speaker, who is
        // not named
        // (but X的发言, X的声明, X的调查 are X's own words, and X的立场时 is an occasion)
        let owner = self
            .fold
            .get(span.end..cut.max(span.end))
            .map(|t| {
                // past the name in another script: X（Najib Razak）的发言人
                let t = match t.strip_prefix(['(', '（']) {
                    Some(inner) => inner.find([')', '）']).map_or(t, |i| &inner[i..]),
                    None => t,
                };
                t.trim_start_matches([')', '）'])
            })
            .and_then(|t| t.strip_prefix('的'))
            .is_some_and(|t| {
                let t = t.trim_end();
                t.chars().count() > 1
                    && !self
                        .lex
                        .relay_objects
                        .iter()
                        .chain(&self.lex.documents)
                        .chain(&self.lex.not_speakers)
                        .chain(&self.lex.occasion_ends)
                        .any(|w| t.ends_with(w.as_str()))
            });
        if pick == Pick::Nearest && owner && cand != Cand::Document {
            let words = scan::trim(self.fold, Span::new(span.start, cut));
            at.speaker_span = Some(words);
            return Some(at);
        }
        // 一家瑞士公司表示, 缅甸军政府一位发言人说: the country only describes someone unnamed
        if let Cand::Entity(e) = cand {
            if self.doc.entities[e].kind == EntityKind::Gpe {
                // (the next candidate, or an occasion: 特区政府回应传媒查询时表示)
                let limit = subjects
                    .iter()
                    .map(|(s, _)| s.start)
                    .chain(occasions.iter().map(|o| o.start))
                    .filter(|&s| s >= span.end)
                    .min()
                    .unwrap_or(cut)
                    .min(cut);
                if let Some(words) = self.country_description(span, region.start, limit) {
                    at.speaker_span = Some(words);
                    return Some(at);
                }
            }
        }
        match cand {
            Cand::Entity(e) => {
                at.speaker = Some(e);
                at.speaker_span = Some(span);
            }
            Cand::Pronoun => {
                at.speaker = self.resolver.resolve_subject(span);
                at.speaker_span = Some(span);
                at.pronoun = at.speaker.map(|_| span);
            }
            Cand::Unnamed => {
                // 路透社等媒体: the one named first speaks for the others
                let named = self
                    .fold
                    .get(..span.start)
                    .and_then(|t| t.strip_suffix('等'))
                    .and_then(|t| {
                        subjects.iter().find_map(|(s, c)| match c {
                            Cand::Entity(e) if s.end == t.len() => Some((*s, *e)),
                            _ => None,
                        })
                    });
                if let Some((s, e)) = named {
                    at.speaker = Some(e);
                    at.speaker_span = Some(s);
                    return Some(at);
                }
                let mut words = self.extend_left(span, region.start);
                // 新媒体「长安街知事」, 公众号“某某”: the name it goes by belongs to its words
                if let Some(open) = scan::char_at(self.fold, span.end) {
                    let rest = self.fold.get(span.end + open.len_utf8()..region.end);
                    let close = crate::marks::closer_of(open)
                        .and_then(|e| rest.and_then(|r| r.find(e).map(|i| (i, e))));
                    if let Some((i, e)) = close.filter(|&(i, _)| i > 0 && i <= 60) {
                        words.end = span.end + open.len_utf8() + i + e.len_utf8();
                    }
                }
                at.speaker_span = Some(words);
                // 这位官员, 沈教授: someone named before
                if let Some(desc) = self.description(span, region.start) {
                    at.speaker = coref::resolve_description(self.doc, self.lex, desc);
                    if at.speaker.is_some() {
                        at.speaker_span = Some(desc);
                        at.pronoun = Some(desc);
                    }
                }
            }
            Cand::Document => {
                // the owner of the statement, when named right before it (外交部声明, 白宫的声明)
                let owner = subjects
                    .iter()
                    .filter(|(s, c)| matches!(c, Cand::Entity(_)) && s.end <= span.start)
                    .max_by_key(|(s, _)| s.end)
                    .filter(|(s, _)| {
                        // (伊拉克媒体的报道: the media's report, the country only describes them)
                        !subjects.iter().any(|(u, c)| {
                            *c == Cand::Unnamed && u.start >= s.end && u.end <= span.start
                        })
                    })
                    .filter(|(s, _)| {
                        // (《纽约时报》的报道: past the closing mark of the name)
                        let raw = self.fold.get(s.end..span.start).unwrap_or("x");
                        let gap = raw.trim_start_matches(['》', '»', '」', '”', '"', '』', '〉']);
                        let from = s.end + raw.len() - gap.len();
                        let n = gap.chars().count();
                        // (美联社10月31日的报道: a date between)
                        let dated = gap.strip_suffix('的').is_some_and(|g| {
                            let g = Span::new(from, from + g.len());
                            self.doc.times.iter().any(|t| t.span.contains(g))
                        });
                        gap.is_empty()
                            || gap == "的"
                            || n <= 4 && gap.ends_with('的')
                            || dated
                            || n <= 8
                                && !gap.contains(scan::CLAUSE_ENDS)
                                && self.lex.publish.iter().any(|p| gap.contains(p.as_str()))
                    });
                match owner {
                    Some((s, Cand::Entity(e))) => {
                        at.speaker = Some(*e);
                        at.speaker_span = Some(Span::new(s.start, span.end));
                    }
                    _ => at.speaker_span = Some(self.extend_left(span, region.start)),
                }
            }
        }
        Some(at)
    }

    /// When no candidate is known (the entities layer missed the name): the words before the
    /// cue, if they look like a subject — a noun or pronoun among the tokens when there are
    /// tokens, a short phrase otherwise — and are not a thing that cannot speak (数据显示).
    pub fn plain_subject(&self, region: Span) -> Option<Attribution> {
        let region = scan::trim(self.fold, self.skip_occasion(region));
        // the listener and the occasion after the subject (何雷向澎湃新闻介绍说); not 和, 与:
        // they sit inside names (犹太和平之声) as often as between them
        let cutters: Vec<String> = self
            .lex
            .listener_markers
            .iter()
            .chain(&self.lex.occasion_opens)
            .cloned()
            .collect();
        let end = scan::find_words(self.fold, &cutters, region)
            .into_iter()
            .map(|(m, _)| m.start)
            .filter(|&m| m > region.start)
            .min()
            .unwrap_or(region.end);
        let region = Span::new(region.start, end);
        let region = scan::trim_marks(self.fold, region);
        let text = self.fold.get(region.start..region.end)?;
        let n = text.chars().count();
        if n == 0 || n > 20 || !text.chars().any(|c| c.is_alphabetic()) {
            return None;
        }
        if self
            .lex
            .not_speakers
            .iter()
            .any(|w| text.ends_with(w.as_str()))
        {
            return None;
        }
        let tokens = &self.doc.tokens;
        let fits = if tokens.is_empty() {
            n <= 12
        } else {
            tokens
                .iter()
                .filter(|t| region.overlaps(t.span))
                .any(|t| t.pos.starts_with('n') || t.pos == "r" || t.pos == "eng")
        };
        fits.then(|| Attribution {
            speaker_span: Some(region),
            ..Default::default()
        })
    }

    /// The words describing an unnamed speaker around a country (一家瑞士公司, 缅甸军政府一位
    /// 发言人): a numeral and classifier or 某 before the country, or a description head after
    /// it in the same phrase (before `limit`).
    fn country_description(&self, country: Span, floor: usize, limit: usize) -> Option<Span> {
        let lex = self.lex;
        let quantifier_before = |at: usize| -> Option<usize> {
            let (j, c) = scan::prev_char(self.fold, at).filter(|&(j, _)| j >= floor)?;
            if c == '某' {
                return Some(j);
            }
            if !lex.classifiers.contains(&c) {
                return None;
            }
            scan::prev_char(self.fold, j)
                .filter(|&(k, n)| k >= floor && lex.numerals.contains(&n))
                .map(|(k, _)| k)
        };
        let before = quantifier_before(country.start);
        let start = before.unwrap_or(country.start);
        let rest = Span::new(country.end, limit.max(country.end));
        let heads: Vec<String> = lex
            .description_heads
            .iter()
            .chain(&lex.unnamed_sources)
            .cloned()
            .collect();
        // the last head in the phrase, close to the country and in its clause
        let head = scan::find_words(self.fold, &heads, rest)
            .into_iter()
            .map(|(h, _)| h)
            .filter(|h| {
                let gap = Span::new(country.end, h.start);
                // (特区政府回应传媒表示: a verb between, the head is its object)
                let tokens = &self.doc.tokens;
                let verb = tokens[tokens.partition_point(|t| t.span.start < gap.start)..]
                    .iter()
                    .take_while(|t| t.span.start < gap.end)
                    .any(|t| gap.contains(t.span) && t.pos.starts_with('v'));
                scan::char_len(self.fold, gap) <= 8
                    && !verb
                    && !self
                        .fold
                        .get(gap.start..gap.end)
                        .is_some_and(|t| t.contains(scan::CLAUSE_ENDS))
            })
            .max_by_key(|h| h.end);
        if let Some(h) = head {
            return Some(Span::new(start, h.end));
        }
        // 一家瑞士研究机构: with a quantifier before it, the rest of the short phrase, short of
        // a time (一家瑞士研究所周三表示)
        before?;
        let end = self
            .doc
            .times
            .iter()
            .map(|t| t.span.start)
            .filter(|&t| rest.start <= t && t < rest.end)
            .min()
            .unwrap_or(rest.end);
        let words = scan::trim(self.fold, Span::new(start, end));
        (scan::char_len(self.fold, Span::new(country.end, words.end)) <= 6).then_some(words)
    }

    /// Drops an opening phrase of occasion (在现场媒体采访询问时, 在记者会上) from a region.
    pub fn skip_occasion(&self, region: Span) -> Span {
        let Some(text) = self.fold.get(region.start..region.end) else {
            return region;
        };
        if !self
            .lex
            .occasion_opens
            .iter()
            .any(|o| text.starts_with(o.as_str()))
        {
            return region;
        }
        let end = self
            .lex
            .occasion_ends
            .iter()
            .filter_map(|e| text.rfind(e.as_str()).map(|i| i + e.len()))
            .max();
        match end {
            Some(e) => Span::new(region.start + e, region.end),
            None => region,
        }
    }

    /// Phrases of occasion inside a region (在与内塔尼亚胡的通话中, 在声明中): from an opener to
    /// the last occasion word after it.
    fn occasions(&self, region: Span) -> Vec<Span> {
        let Some(text) = self.fold.get(region.start..region.end) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (open, _) in scan::find_words(self.fold, &self.lex.occasion_opens, region) {
            let rest = &text[open.end - region.start..];
            let end = self
                .lex
                .occasion_ends
                .iter()
                .filter_map(|e| rest.rfind(e.as_str()).map(|i| i + e.len()))
                .max();
            if let Some(e) = end {
                out.push(Span::new(open.start, open.end + e));
            }
        }
        out
    }

    /// True when a circumstance marker ends right before `s` (与卡莱斯, 向路透社).
    fn after_marker(&self, s: Span) -> bool {
        // no marker is anywhere near this long
        self.markers_from(s.start.saturating_sub(256), s.start)
            .iter()
            .any(|m| m.end == s.start)
    }

    /// The markers that start from `lo` to `hi` (both included).
    fn markers_from(&self, lo: usize, hi: usize) -> &[Span] {
        let from = self.markers.partition_point(|m| m.start < lo);
        let to = self.markers.partition_point(|m| m.start <= hi);
        &self.markers[from..to.max(from)]
    }

    /// The words from the last demonstrative of a region to its end (这位司法部长), if short.
    fn demonstrative_description(&self, region: Span) -> Option<Span> {
        let text = self.fold.get(region.start..region.end)?;
        let (i, d) = self
            .lex
            .demonstratives
            .iter()
            .filter_map(|d| text.rfind(d.as_str()).map(|i| (i, d)))
            .max_by_key(|(i, d)| (*i, d.len()))?;
        let desc = scan::trim(self.fold, Span::new(region.start + i, region.end));
        let n = scan::char_len(self.fold, desc);
        (n > d.chars().count() + 1 && n <= 10).then_some(desc)
    }

    /// The description ending with a role noun: a demonstrative before it (这位…官员), or a
    /// surname right before it at the start of the clause (沈教授).
    fn description(&self, noun: Span, floor: usize) -> Option<Span> {
        let head = self.fold.get(floor..noun.start)?;
        for d in &self.lex.demonstratives {
            if let Some(i) = head.rfind(d.as_str()) {
                let start = floor + i;
                if scan::char_len(self.fold, Span::new(start, noun.start)) <= 8 {
                    return Some(Span::new(start, noun.end));
                }
            }
        }
        let (j, c) = scan::prev_char(self.fold, noun.start)?;
        let at_start = j == floor
            || scan::prev_char(self.fold, j)
                .is_some_and(|(_, p)| scan::CLAUSE_ENDS.contains(&p) || p.is_whitespace());
        (at_start
            && j >= floor
            && ('\u{4e00}'..='\u{9fff}').contains(&c)
            && !QUANTIFIERS.contains(&c))
        .then(|| Span::new(j, noun.end))
    }

    /// Widens an unnamed source to the words that describe it (一位北约官员).
    fn extend_left(&self, span: Span, floor: usize) -> Span {
        let mut start = span.start;
        loop {
            // candidates are sorted by start: those ending at `start` start a little before it
            let from = self.cands.partition_point(|(s, _)| s.start < floor);
            let to = self.cands.partition_point(|(s, _)| s.start < start);
            if let Some((s, _)) = self.cands[from..to.max(from)].iter().find(|(s, c)| {
                s.end == start
                    && s.start >= floor
                    && matches!(c, Cand::Entity(_) | Cand::Unnamed | Cand::Document)
            }) {
                start = s.start;
                continue;
            }
            match scan::prev_char(self.fold, start) {
                Some((j, c))
                    if j >= floor && (QUANTIFIERS.contains(&c) || "的这那".contains(c)) =>
                {
                    start = j
                }
                _ => break,
            }
        }
        // (not from a bare 的: 参加活动的学生 → 学生)
        while self
            .fold
            .get(start..span.start)
            .is_some_and(|t| t.starts_with('的'))
        {
            start += '的'.len_utf8();
        }
        Span::new(start, span.end)
    }

    /// True when an organization is the outlet that publishes the article (its words given to
    /// the article's own reporter are not relayed).
    pub fn is_own_outlet(&self, entity: usize) -> bool {
        let Some(e) = self.doc.entities.get(entity) else {
            return false;
        };
        let a = &self.doc.article;
        let mut own: Vec<String> = Vec::new();
        own.extend(a.byline.clone());
        own.extend(a.outlet.clone());
        if let Some(d) = &self.doc.dateline {
            own.extend(d.agency.clone());
        }
        let names = std::iter::once(e.name.clone()).chain(
            e.mentions
                .iter()
                .map(|m| self.doc.slice(m.span).to_string()),
        );
        let own_lower: Vec<String> = own.iter().map(|s| s.to_lowercase()).collect();
        names.into_iter().any(|n| {
            let n = n.to_lowercase();
            !n.is_empty() && own_lower.iter().any(|o| o.contains(&n))
        })
    }
}
