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

  function notFound(main, message) {
    main.replaceChildren(el('h1', {}, 'Not found'), el('p', {}, message || 'No such page.'),
      el('p', {}, el('a', { href: '/' }, 'Back to the article view')));
  }

  function failed(main, e) {
    main.append(el('p', { class: 'status error' }, 'failed: ' + e.message));
  }

  const params = () => new URLSearchParams(location.search);

  /** A GET form whose fields mirror the page's query string (bookmarkable filters). */
  function filterForm(fields, extra) {
    const p = params();
    const form = el('form', { class: 'filters', method: 'get' });
    for (const [name, label, placeholder, type] of fields) {
      form.append(el('label', {}, label, ' ', el('input', {
        name, type: type || 'text', placeholder: placeholder || '', value: p.get(name) || '',
      })));
    }
    if (extra) form.append(extra);
    form.append(el('button', { type: 'submit' }, 'Show'));
    return form;
  }

  function apiQuery(path, names) {
    const p = params();
    const q = new URLSearchParams();
    for (const n of names) { if (p.get(n)) q.set(n, p.get(n)); }
    const s = q.toString();
    return path + (s ? '?' + s : '');
  }

  function actorLink(id, name) {
    return id === null || id === undefined ? el('span', {}, name || '?') : el('a', { href: '/actor/' + encodeURIComponent(id) }, name || '?');
  }

  function articleLinks(row) {
    return el('span', { class: 'links' },
      row.article ? el('a', { href: '/article/' + encodeURIComponent(row.article) }, row.outlet || 'article') : null,
      row.url ? [' ', el('a', { href: row.url, rel: 'noopener noreferrer', target: '_blank', title: row.url }, '↗')] : null);
  }

  async function storedArticlePage(main, id) {
    main.replaceChildren(el('p', { class: 'status' }, 'loading…'));
    try {
      const rec = await api('/api/articles/' + encodeURIComponent(id));
      const box = el('article', { class: 'record' });
      main.replaceChildren(box);
      renderRecord(rec, box);
    } catch (e) { main.replaceChildren(); failed(main, e); }
  }

  async function actorPage(main, id) {
    main.replaceChildren(el('p', { class: 'status' }, 'loading…'));
    let a;
    try { a = await api('/api/actors/' + encodeURIComponent(id)); } catch (e) { main.replaceChildren(); return failed(main, e); }
    const head = el('div', { class: 'article-head' },
      el('h1', {}, a.name),
      el('div', { class: 'meta' }, [a.type, a.country, a.sector].filter(Boolean).join(' · '), ' · in ', a.articles, ' articles'),
      a.aliases.length ? el('div', { class: 'meta' }, 'also: ', a.aliases.join('、')) : null,
      el('div', { class: 'meta' },
        el('a', { href: '/network?actor=' + encodeURIComponent(a.id) }, 'network'), ' · ',
        el('a', { href: '/timeline?actor=' + encodeURIComponent(a.id) }, 'timeline')));
    const titles = el('section', {}, el('h3', {}, 'Titles'),
      a.titles.length ? el('ul', {}, a.titles.map((t) => el('li', {}, t.title, ' ',
        el('span', { class: 'muted' }, t.first === t.last ? t.first : t.first + ' – ' + t.last, ' · ×', t.articles)))) : el('p', { class: 'muted' }, 'none recorded'));
    const partners = el('section', {}, el('h3', {}, 'Interacts most with'),
      a.partners.length ? el('ol', {}, a.partners.map((p) => el('li', {}, actorLink(p.id, p.name), ' ',
        el('span', { class: 'muted' }, p.country || '', ' · ', p.events, ' events')))) : el('p', { class: 'muted' }, 'no events with other actors'));
    const quotes = el('section', {}, el('h3', {}, 'Quotes (' + a.quotes.length + ', newest first)'),
      el('ol', { class: 'quote-list' }, a.quotes.map((q) => el('li', { class: 'quote-item' },
        el('div', { class: 'qtext' }, q.text),
        el('div', { class: 'meta' }, (q.date || '').slice(0, 10), ' · ', q.kind, q.cue ? ' · ' + q.cue : '', ' · ', articleLinks(q))))));
    const events = el('section', {}, el('h3', {}, 'Events (' + a.events.length + ')'),
      el('ol', { class: 'event-list' }, a.events.map((v) => el('li', { class: 'event' },
        el('span', { class: 'etype q-' + quadOf(v.type) }, v.type + (v.mode ? ' · ' + v.mode : '')),
        v.negated ? el('span', { class: 'flag' }, 'negated') : null,
        ' ', el('span', { class: 'muted' }, v.date || ''),
        el('div', { class: 'who' }, el('span', { class: 'src' }, v.source), ' → ', el('span', { class: 'tgt' }, v.target),
          el('span', { class: 'muted' }, ' · ', v.source_count, ' source(s)'))))));
    main.replaceChildren(head, el('div', { class: 'columns' }, el('div', {}, quotes, events), el('aside', { class: 'side' }, partners, titles)));
  }

  const PLOVER = Object.keys(QUAD);

  // ---------------------------------------------------------------- network

  async function networkPage(main) {
    const form = filterForm([['since', 'from', 'YYYY-MM-DD', 'date'], ['until', 'to', 'YYYY-MM-DD', 'date'],
      ['type', 'types', 'CONSULT,ACCUSE'], ['country', 'country', 'CHN'], ['actor', 'actor', 'name or id'], ['limit', 'edges', '150', 'number']]);
    const box = el('div', { class: 'graph-box' });
    const info = el('div', { class: 'status' }, 'loading…');
    main.replaceChildren(el('h1', {}, 'Who acts on whom'), form, quadLegend(), info, box);
    let g;
    try { g = await api(apiQuery('/api/network', ['since', 'until', 'type', 'country', 'actor', 'limit'])); } catch (e) { info.textContent = ''; return failed(main, e); }
    info.textContent = g.nodes.length + ' actors, ' + g.edges.length + ' links (edge width: events; colour: share of conflict)';
    if (!g.nodes.length) return;
    drawNetwork(box, g);
  }

  function quadLegend() {
    return el('div', { class: 'legend' }, ['vcoop', 'mcoop', 'vconf', 'mconf'].map((q) => el('span', { class: 'etype q-' + q }, QUAD_NAME[q])));
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  /** Force-directed layout (Fruchterman–Reingold), deterministic start on a circle. */
  function layout(nodes, edges, w, h) {
    const n = nodes.length;
    const index = new Map(nodes.map((d, i) => [d.id, i]));
    const pos = nodes.map((_, i) => ({ x: w / 2 + (w / 3) * Math.cos(2 * Math.PI * i / n), y: h / 2 + (h / 3) * Math.sin(2 * Math.PI * i / n) }));
    const k = Math.sqrt((w * h) / Math.max(n, 1)) * 0.6;
    let t = w / 8;
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
    for (let iter = 0; iter < 300; iter++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x; let dy = pos[i].y - pos[j].y;
          const d = Math.max(Math.hypot(dx, dy), 0.01);
          const f = (k * k) / d;
          dx = (dx / d) * f; dy = (dy / d) * f;
          disp[i].x += dx; disp[i].y += dy; disp[j].x -= dx; disp[j].y -= dy;
        }
      }
      for (const [a, b] of links) {
        let dx = pos[a].x - pos[b].x; let dy = pos[a].y - pos[b].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (d * d) / k;
        dx = (dx / d) * f; dy = (dy / d) * f;
        disp[a].x -= dx; disp[a].y -= dy; disp[b].x += dx; disp[b].y += dy;
      }
      for (let i = 0; i < n; i++) {
        // a weak pull to the centre keeps unconnected parts on the canvas
        disp[i].x += (w / 2 - pos[i].x) * 0.02 * k / 10; disp[i].y += (h / 2 - pos[i].y) * 0.02 * k / 10;
        const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01);
        pos[i].x = Math.min(w - 40, Math.max(40, pos[i].x + (disp[i].x / d) * Math.min(d, t)));
        pos[i].y = Math.min(h - 20, Math.max(20, pos[i].y + (disp[i].y / d) * Math.min(d, t)));
      }
      t = Math.max(t * 0.985, 0.5);
    }
    return pos;
  }

  /** Colour from cooperation (green) to conflict (red) by the share of conflict events. */
  function edgeColour(e) {
    const total = e.cooperation + e.conflict;
    if (!total) return '#8a8f98';
    const c = e.conflict / total;
    const mix = (a, b) => Math.round(a + (b - a) * c);
    return 'rgb(' + mix(47, 192) + ',' + mix(143, 38) + ',' + mix(70, 45) + ')';
  }

  function drawNetwork(box, g) {
    const w = Math.max(box.clientWidth || 1000, 600);
    const h = 640;
    const pos = layout(g.nodes, g.edges, w, h);
    const index = new Map(g.nodes.map((d, i) => [d.id, i]));
    const maxEvents = Math.max(...g.edges.map((e) => e.events), 1);
    const root = svg('svg', { id: 'network', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img' });
    root.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 22, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#999' }))));
    const edgeLayer = svg('g', { class: 'edges' });
    for (const e of g.edges) {
      const a = pos[index.get(e.source)]; const b = pos[index.get(e.target)];
      if (!a || !b) continue;
      const line = svg('line', {
        class: 'edge', x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: edgeColour(e),
        'stroke-width': 1 + 7 * Math.sqrt(e.events / maxEvents), 'marker-end': 'url(#arrow)',
      });
      const name = (id) => g.nodes[index.get(id)].name;
      line.append(svg('title', {}, name(e.source) + ' → ' + name(e.target) + ': ' + e.events + ' events (' + e.cooperation + ' cooperation, ' + e.conflict + ' conflict)'));
      edgeLayer.append(line);
    }
    const nodeLayer = svg('g', { class: 'nodes' });
    const maxArticles = Math.max(...g.nodes.map((d) => d.articles), 1);
    g.nodes.forEach((d, i) => {
      const a = svg('a', { href: '/actor/' + encodeURIComponent(d.id), class: 'node' });
      const r = 5 + 9 * Math.sqrt(d.articles / maxArticles);
      a.append(svg('circle', { cx: pos[i].x, cy: pos[i].y, r, class: 'node-' + (d.type || 'OTHER') }),
        svg('text', { x: pos[i].x + r + 2, y: pos[i].y + 4 }, d.name),
        svg('title', {}, d.name + ' · ' + [d.type, d.country, d.sector].filter(Boolean).join(' · ') + ' · ' + d.articles + ' articles'));
      nodeLayer.append(a);
    });
    root.append(edgeLayer, nodeLayer);
    box.replaceChildren(root);
  }

  // ---------------------------------------------------------------- timeline

  const TYPE_COLOURS = {
    AGREE: '#2f8f46', CONSULT: '#5cb85c', SUPPORT: '#8fd19e', CONCEDE: '#b7e4c7',
    COOPERATE: '#145a2a', AID: '#1f7a3a', RETREAT: '#3d9970',
    REQUEST: '#f0ad4e', ACCUSE: '#d9822b', REJECT: '#e67e22', THREATEN: '#b35900',
    PROTEST: '#e35d6a', SANCTION: '#c0262d', MOBILIZE: '#8b1e23', COERCE: '#a61e4d', ASSAULT: '#5c0a0f',
  };

  async function timelinePage(main) {
    const form = filterForm([['actor', 'actor', 'name or id'], ['country', 'country', 'CHN'], ['type', 'types', 'CONSULT,ACCUSE'],
      ['since', 'from', '', 'date'], ['until', 'to', '', 'date']]);
    const box = el('div', { class: 'graph-box' });
    const info = el('div', { class: 'status' }, 'loading…');
    main.replaceChildren(el('h1', {}, 'Events per day'), form, info, box);
    let t;
    try { t = await api(apiQuery('/api/timeline', ['actor', 'country', 'type', 'since', 'until'])); } catch (e) { info.textContent = ''; return failed(main, e); }
    const total = t.types.reduce((s, x) => s + x.events, 0);
    info.textContent = total + ' events on ' + t.days.length + ' days' + (t.since || t.until ? ' (' + (t.since || '…') + ' – ' + (t.until || '…') + ')' : '');
    if (!t.days.length) return;
    const types = t.types.map((x) => x.type).sort((a, b) => (quadOf(a) + a).localeCompare(quadOf(b) + b));
    const w = Math.max(box.clientWidth || 1000, 600); const h = 360; const left = 40; const bottom = 40;
    const max = Math.max(...t.days.map((d) => Object.values(d.counts).reduce((s, n) => s + n, 0)), 1);
    const first = new Date(t.days[0].date + 'T00:00:00Z'); const last = new Date(t.days[t.days.length - 1].date + 'T00:00:00Z');
    const span = Math.round((last - first) / 86400000) + 1;
    const bw = (w - left - 10) / span;
    const root = svg('svg', { id: 'timeline', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h });
    for (const frac of [0, 0.5, 1]) {
      const y = h - bottom - frac * (h - bottom - 10);
      root.append(svg('line', { x1: left, x2: w, y1: y, y2: y, stroke: '#e3e5ea' }), svg('text', { x: 4, y: y + 4, class: 'axis' }, Math.round(max * frac)));
    }
    for (const d of t.days) {
      const day = Math.round((new Date(d.date + 'T00:00:00Z') - first) / 86400000);
      let y = h - bottom;
      for (const type of types) {
        const n = d.counts[type] || 0;
        if (!n) continue;
        const bh = (n / max) * (h - bottom - 10);
        y -= bh;
        const r = svg('rect', { class: 'bar', x: left + day * bw + 1, y, width: Math.max(bw - 2, 1), height: bh, fill: TYPE_COLOURS[type] || '#8a8f98' });
        r.append(svg('title', {}, d.date + ' · ' + type + ': ' + n));
        root.append(r);
      }
      if (day % Math.max(1, Math.ceil(span / 16)) === 0) root.append(svg('text', { x: left + day * bw + bw / 2, y: h - bottom + 14, class: 'axis', 'text-anchor': 'middle' }, d.date.slice(5)));
    }
    box.replaceChildren(root, el('div', { class: 'legend' }, types.map((type) => el('span', { class: 'swatch' },
      el('i', { class: 'sw sw-' + type }), type + ' ', el('span', { class: 'muted' }, t.types.find((x) => x.type === type).events))))); 
  }

  // ---------------------------------------------------------------- search

  async function searchPage(main) {
    const form = filterForm([['q', 'search', '香山论坛 / 香山論壇']]);
    main.replaceChildren(el('h1', {}, 'Search articles, quotes and actors'), form);
    const q = params().get('q');
    if (!q) return;
    let r;
    try { r = await api('/api/search?q=' + encodeURIComponent(q)); } catch (e) { return failed(main, e); }
    main.append(
      el('section', { class: 'results', id: 'found-actors' }, el('h3', {}, 'Actors (' + r.actors.length + ')'),
        el('ul', {}, r.actors.map((a) => el('li', {}, actorLink(a.id, a.name), ' ', el('span', { class: 'muted' }, [a.type, a.country, a.sector].filter(Boolean).join(' · '), ' · ', a.articles, ' articles'))))),
      el('section', { class: 'results', id: 'found-articles' }, el('h3', {}, 'Articles (' + r.articles.length + ')'),
        el('ol', {}, r.articles.map((a) => el('li', {}, el('a', { href: '/article/' + encodeURIComponent(a.id) }, a.title || a.id), ' ',
          el('span', { class: 'muted' }, a.date || '', ' · ', a.outlet || '', a.duplicate_of ? ' · duplicate' : ''),
          el('div', { class: 'qtext' }, a.snippet || ''))))),
      el('section', { class: 'results', id: 'found-quotes' }, el('h3', {}, 'Quotes (' + r.quotes.length + ')'),
        el('ol', {}, r.quotes.map((x) => el('li', {}, actorLink(x.actor, x.speaker || 'unnamed'), ': ', el('span', { class: 'qtext' }, x.text), ' ',
          el('span', { class: 'meta' }, (x.date || '').slice(0, 10), ' · ', articleLinks(x)))))));
  }

  async function route() {
    const main = document.getElementById('main');
    const path = location.pathname;
    const nav = document.getElementById('nav');
    let health = { corpus: false };
    try { health = await api('/api/health'); } catch (_) { /* the article view still works */ }
    if (health.corpus) {
      nav.append(el('a', { href: '/network' }, 'Network'), el('a', { href: '/timeline' }, 'Timeline'), el('a', { href: '/search' }, 'Search'));
    }
    for (const a of nav.querySelectorAll('a')) { if (a.getAttribute('href') === path) a.classList.add('active'); }
    const m = path.match(/^\/(article|actor)\/([^/]+)$/);
    if (path === '/' || path === '/article') return articlePage(main);
    if (!health.corpus && (m || ['/network', '/timeline', '/search'].includes(path))) {
      return notFound(main, 'This page needs a corpus: start the server with `jishi serve --db PATH`.');
    }
    if (m && m[1] === 'article') return storedArticlePage(main, decodeURIComponent(m[2]));
    if (m && m[1] === 'actor') return actorPage(main, decodeURIComponent(m[2]));
    if (path === '/network') return networkPage(main);
    if (path === '/timeline') return timelinePage(main);
    if (path === '/search') return searchPage(main);
    return notFound(main);
  }

  // exposed for tests and the console: draw any document/1 record
  window.jishi = { renderRecord, quadOf, TYPE_COLOURS };
  document.addEventListener('DOMContentLoaded', route);
})();
