// jishi web UI. Plain DOM, no framework, no dependencies.
//
// Everything drawn here comes from articles, which are hostile input: text only ever reaches the
// page through text nodes, `textContent`, `title` and `dataset` (never an HTML parser), and links only
// get http(s) URLs. The server's Content-Security-Policy forbids inline script besides.
'use strict';

(function () {
  // ---------------------------------------------------------------- helpers

  /** Makes an element: el('a', {class: 'x', href: u}, 'text', childNode, ...). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k === 'href') node.setAttribute('href', safeHref(v));
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** Only our own paths and http(s) URLs become links (no javascript: or data: URLs). */
  function safeHref(u) {
    const s = String(u);
    if (s.startsWith('/') && !s.startsWith('//')) return s;
    try {
      const url = new URL(s);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch (_) { /* not a URL */ }
    return '#';
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      throw new Error((body && body.error) || (response.status + ' ' + response.statusText));
    }
    return body;
  }

  const QUAD = {
    AGREE: 'vcoop', CONSULT: 'vcoop', SUPPORT: 'vcoop', CONCEDE: 'vcoop',
    COOPERATE: 'mcoop', AID: 'mcoop', RETREAT: 'mcoop',
    REQUEST: 'vconf', ACCUSE: 'vconf', REJECT: 'vconf', THREATEN: 'vconf',
    PROTEST: 'mconf', SANCTION: 'mconf', MOBILIZE: 'mconf', COERCE: 'mconf', ASSAULT: 'mconf',
  };
  const QUAD_NAME = {
    vcoop: 'verbal cooperation', mcoop: 'material cooperation',
    vconf: 'verbal conflict', mconf: 'material conflict',
  };
  function quadOf(type) { return QUAD[type] || 'unknown'; }

  const ENTITY_TYPES = ['PER', 'ORG', 'GPE', 'LOC', 'FAC', 'EVENT'];

  // ---------------------------------------------------------------- the annotated text

  /**
   * Draws a document/1 record: its text with entity mentions, quotes, times and event triggers as
   * spans (cut at every annotation boundary, so overlapping layers share pieces), and beside it
   * the events, quotes and entities. Offsets are code points, as the record gives them.
   */
  function renderRecord(rec, into) {
    into.replaceChildren();
    const cps = Array.from(rec.text || '');
    const n = cps.length;
    const clip = (x) => Math.max(0, Math.min(n, x | 0));
    const entities = new Map((rec.entities || []).map((e) => [e.id, e]));
    const entityName = (id) => (entities.has(id) ? entities.get(id).name : null);

    // every layer as flat [start, end) annotations
    const anns = [];
    for (const b of rec.blocks || []) {
      if (b.kind !== 'paragraph') anns.push({ start: b.start, end: b.end, cls: 'blk-' + b.kind });
    }
    for (const e of rec.entities || []) {
      const type = ENTITY_TYPES.includes(e.type) ? e.type : 'OTHER';
      const actor = e.actor ? [e.actor.country, e.actor.sector].filter(Boolean).join('-') : '';
      const titles = (e.titles || []).length ? ' (' + e.titles.join('、') + ')' : '';
      for (const m of e.mentions || []) {
        anns.push({
          start: m.start, end: m.end, cls: 'ent ent-' + type, ent: e.id,
          title: e.name + titles + ' · ' + e.type + (actor ? ' · ' + actor : ''),
        });
      }
    }
    for (const q of rec.quotes || []) {
      const who = entityName(q.speaker) || q.speaker_text || 'unnamed source';
      anns.push({
        start: q.start, end: q.end, cls: 'quote quote-' + (q.kind === 'direct' ? 'direct' : 'indirect'),
        quote: q.id, title: who + ' (' + q.kind + ' quote' + (q.cue ? ', ' + q.cue : '') + ')',
      });
    }
    for (const t of rec.times || []) {
      anns.push({
        start: t.start, end: t.end, cls: 'time', time: true,
        title: t.type + ' ' + t.value + (t.end_value ? ' – ' + t.end_value : ''),
      });
    }
    for (const v of rec.events || []) {
      const triggers = [v.trigger].concat((v.mentions || []).map((m) => m.trigger));
      for (const tr of triggers) {
        if (!tr) continue;
        anns.push({
          start: tr.start, end: tr.end, cls: 'trigger', ev: v.id,
          title: v.type + (v.mode ? ' / ' + v.mode : '') + (v.negated ? ' (negated)' : ''),
        });
      }
    }
    for (const a of anns) { a.start = clip(a.start); a.end = clip(a.end); }

    const cuts = new Set([0, n]);
    for (const a of anns) { if (a.end > a.start) { cuts.add(a.start); cuts.add(a.end); } }
    const bounds = Array.from(cuts).sort((x, y) => x - y);
    const quoteStarts = new Map();
    for (const q of rec.quotes || []) quoteStarts.set(clip(q.start), (quoteStarts.get(clip(q.start)) || []).concat([q]));

    const textBox = el('div', { class: 'doc', id: 'doc', lang: rec.article && rec.article.language });
    anns.sort((x, y) => x.start - y.start);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i];
      const b = bounds[i + 1];
      for (const q of quoteStarts.get(a) || []) {
        const who = entityName(q.speaker) || q.speaker_text || '?';
        textBox.append(el('span', {
          class: 'speaker-tag', dataset: { quote: q.id, speaker: q.speaker || '' },
          title: q.kind + ' quote' + (q.cue ? ' · ' + q.cue : ''),
        }, who));
      }
      const piece = cps.slice(a, b).join('');
      const over = anns.filter((x) => x.start <= a && x.end >= b && x.end > x.start);
      if (!over.length) { textBox.append(document.createTextNode(piece)); continue; }
      const span = el('span', { class: Array.from(new Set(over.map((x) => x.cls))).join(' ') }, piece);
      span.dataset.at = String(a);
      const ids = (key) => over.filter((x) => x[key]).map((x) => x[key]).join(' ');
      if (ids('ent')) span.dataset.ent = ids('ent');
      if (ids('quote')) span.dataset.quote = ids('quote');
      if (ids('ev')) span.dataset.ev = ids('ev');
      const titles = over.filter((x) => x.title).map((x) => x.title);
      if (titles.length) span.title = Array.from(new Set(titles)).join('\n');
      textBox.append(span);
    }
    // any quote that starts at the very end (empty) still gets its marker
    for (const q of quoteStarts.get(n) || []) {
      textBox.append(el('span', { class: 'speaker-tag', dataset: { quote: q.id } }, entityName(q.speaker) || '?'));
    }

    // hovering a mention lights up every mention of the same entity
    textBox.addEventListener('mouseover', (ev) => {
      const t = ev.target.closest && ev.target.closest('[data-ent]');
      textBox.querySelectorAll('.same').forEach((x) => x.classList.remove('same'));
      if (!t) return;
      for (const id of t.dataset.ent.split(' ')) {
        textBox.querySelectorAll('[data-ent~="' + CSS.escape(id) + '"]').forEach((x) => x.classList.add('same'));
      }
    });

    const side = el('aside', { class: 'side' },
      eventList(rec, textBox, entityName),
      quoteList(rec, textBox, entityName),
      entityList(rec));
    into.append(articleHeader(rec), legend(), el('div', { class: 'columns' }, textBox, side));
  }

  function articleHeader(rec) {
    const a = rec.article || {};
    const meta = [a.outlet, a.published || (a.reference_date && a.reference_date.value), a.language, a.format]
      .filter(Boolean).join(' · ');
    return el('div', { class: 'article-head' },
      el('h2', {}, a.title || '(untitled)'),
      el('div', { class: 'meta' }, meta, a.byline ? ' · ' + a.byline : ''),
      a.url ? el('div', { class: 'meta' }, el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.url)) : null,
      el('div', { class: 'meta small' }, 'source: ', a.source || '', ' · id ', a.id || ''));
  }

  function legend() {
    return el('div', { class: 'legend' },
      ENTITY_TYPES.map((t) => el('span', { class: 'ent ent-' + t }, t)),
      el('span', { class: 'quote quote-direct' }, 'direct quote'),
      el('span', { class: 'quote quote-indirect' }, 'indirect quote'),
      el('span', { class: 'time' }, 'time (hover: value)'),
      el('span', { class: 'trigger' }, 'event trigger'));
  }

  function clearHighlights(textBox) {
    for (const c of ['hl-trigger', 'hl-source', 'hl-target', 'hl-quote']) {
      textBox.querySelectorAll('.' + c).forEach((x) => x.classList.remove(c));
    }
  }

  /** The mention pieces of entity `id`, those inside [from, to) if any, else all of them. */
  function mentionPieces(textBox, id, from, to) {
    const all = Array.from(textBox.querySelectorAll('[data-ent~="' + CSS.escape(id) + '"]'));
    const near = all.filter((x) => { const at = +x.dataset.at; return at >= from && at < to; });
    return near.length ? near : all;
  }

  function participants(list, entityName) {
    return (list || []).map((p) => (p.entity && entityName(p.entity)) || p.text || p.code || '?').join('、') || '—';
  }

  function eventList(rec, textBox, entityName) {
    const events = rec.events || [];
    const box = el('section', { class: 'events' }, el('h3', {}, 'Events (' + events.length + ')'));
    if (!events.length) box.append(el('p', { class: 'muted' }, 'No events found in this article.'));
    const list = el('ol', { class: 'event-list' });
    for (const v of events) {
      const quad = quadOf(v.type);
      const item = el('li', {
        class: 'event', dataset: { ev: v.id }, tabindex: 0, role: 'button',
        title: QUAD_NAME[quad] || '',
      },
      el('span', { class: 'etype q-' + quad }, v.type + (v.mode ? ' · ' + v.mode : '')),
      v.negated ? el('span', { class: 'flag' }, 'negated') : null,
      v.modality && v.modality !== 'asserted' ? el('span', { class: 'flag' }, v.modality) : null,
      el('div', { class: 'who' },
        el('span', { class: 'src' }, participants(v.source, entityName)), ' → ',
        el('span', { class: 'tgt' }, participants(v.target, entityName))),
      el('div', { class: 'meta' }, '“', (v.trigger && v.trigger.text) || '', '” ', v.date || '', v.cameo ? ' · CAMEO ' + v.cameo : ''));
      const select = () => {
        clearHighlights(textBox);
        list.querySelectorAll('.selected').forEach((x) => x.classList.remove('selected'));
        item.classList.add('selected');
        const sentence = (rec.sentences || [])[v.sentence] || { start: 0, end: Infinity };
        const triggers = textBox.querySelectorAll('[data-ev~="' + CSS.escape(v.id) + '"]');
        triggers.forEach((x) => x.classList.add('hl-trigger'));
        for (const [side, cls] of [[v.source, 'hl-source'], [v.target, 'hl-target']]) {
          for (const p of side || []) {
            if (!p.entity) continue;
            mentionPieces(textBox, p.entity, sentence.start, sentence.end).forEach((x) => x.classList.add(cls));
          }
        }
        if (triggers[0] && triggers[0].scrollIntoView) triggers[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
      };
      item.addEventListener('click', select);
      item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); } });
      list.append(item);
    }
    box.append(list);
    return box;
  }

  function quoteList(rec, textBox, entityName) {
    const quotes = rec.quotes || [];
    const box = el('section', { class: 'quotes' }, el('h3', {}, 'Quotes (' + quotes.length + ')'));
    const list = el('ol', { class: 'quote-list' });
    for (const q of quotes) {
      const who = entityName(q.speaker) || q.speaker_text || 'unnamed source';
      const item = el('li', { class: 'quote-item', dataset: { quote: q.id }, tabindex: 0, role: 'button' },
        el('b', {}, who), ' ', el('span', { class: 'muted' }, q.kind + (q.cue ? ' · ' + q.cue : '')),
        el('div', { class: 'qtext' }, q.text));
      item.addEventListener('click', () => {
        clearHighlights(textBox);
        const pieces = textBox.querySelectorAll('.quote[data-quote~="' + CSS.escape(q.id) + '"]');
        pieces.forEach((x) => x.classList.add('hl-quote'));
        if (pieces[0] && pieces[0].scrollIntoView) pieces[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
      });
      list.append(item);
    }
    box.append(list);
    return box;
  }

  function entityList(rec) {
    const ents = (rec.entities || []).slice().sort((a, b) => (b.mentions || []).length - (a.mentions || []).length);
    const box = el('section', { class: 'entities' }, el('h3', {}, 'Entities (' + ents.length + ')'));
    const list = el('ul', { class: 'entity-list' });
    for (const e of ents) {
      const actor = e.actor ? [e.actor.country, e.actor.sector].filter(Boolean).join('-') : '';
      list.append(el('li', {},
        el('span', { class: 'ent ent-' + (ENTITY_TYPES.includes(e.type) ? e.type : 'OTHER') }, e.name),
        ' ', el('span', { class: 'muted' }, e.type, actor ? ' · ' + actor : '', ' · ×' + (e.mentions || []).length),
        (e.titles || []).length ? el('span', { class: 'muted' }, ' · ' + e.titles.join('、')) : null));
    }
    box.append(list);
    return box;
  }

  // ---------------------------------------------------------------- pages

  function articlePage(main) {
    const status = el('div', { class: 'status', id: 'status', role: 'status' });
    const paste = el('textarea', {
      id: 'paste', rows: 8, spellcheck: 'false',
      placeholder: '粘贴一篇新闻 / 貼上一篇新聞 — paste an article (text, Markdown, HTML, a Jekyll post, JSON Lines), or choose a file',
    });
    const upload = el('input', { type: 'file', id: 'upload' });
    const button = el('button', { id: 'analyse', type: 'submit' }, 'Analyse');
    const result = el('div', { id: 'result' });
    const form = el('form', { class: 'paste-box', id: 'paste-form' }, paste,
      el('div', { class: 'row' }, button, el('label', {}, 'or a file: ', upload), status));

    async function send(body, name) {
      status.textContent = 'analysing…';
      status.className = 'status';
      button.disabled = true;
      const started = performance.now();
      try {
        const answer = await api('/api/extract?name=' + encodeURIComponent(name), { method: 'POST', body });
        const ms = Math.round(performance.now() - started);
        status.textContent = answer.records.length + ' article(s) analysed in ' + ms + ' ms' +
          (answer.errors.length ? '; ' + answer.errors.length + ' failed: ' + answer.errors.join('; ') : '');
        result.replaceChildren();
        answer.records.forEach((rec, i) => {
          const box = el('article', { class: 'record', dataset: { index: i } });
          result.append(box);
          renderRecord(rec, box);
        });
      } catch (e) {
        status.textContent = 'failed: ' + e.message;
        status.className = 'status error';
      } finally {
        button.disabled = false;
      }
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!paste.value.trim()) { status.textContent = 'paste an article first'; return; }
      send(new Blob([paste.value], { type: 'text/plain;charset=utf-8' }), 'pasted');
    });
    upload.addEventListener('change', () => {
      const f = upload.files && upload.files[0];
      if (f) send(f, f.name);
    });
    main.replaceChildren(el('h1', {}, 'Read an article'), form, result);
  }

  function notFound(main) {
    main.replaceChildren(el('h1', {}, 'Not found'), el('p', {}, el('a', { href: '/' }, 'Back to the article view')));
  }

  function route() {
    const main = document.getElementById('main');
    const path = location.pathname;
    if (path === '/' || path === '/article') return articlePage(main);
    return notFound(main);
  }

  // exposed for tests and the console: draw any document/1 record
  window.jishi = { renderRecord, quadOf };
  document.addEventListener('DOMContentLoaded', route);
})();
