// lists.js - the lists the server screens against: GET /v1/lists, the
// snapshot's id, when it was built (and so how old it is) and each
// source with its publication date, counts and skipped records.

import {h, table, dl, fmtAge, shortHash} from './dom.js';
import {api} from './api.js';
import {errorBox} from './forms.js';
import {page, results, statusLine} from './layout.js';
import {sourceTitle} from './sources.js';

export function renderLists() {
  const line = statusLine();
  const out = results('Lists');
  page('Lists', line, out);
  line.textContent = 'Loading...';
  api('GET', '/v1/lists').then((r) => {
    line.textContent = '';
    const age = r.created ? (Date.now() - Date.parse(r.created)) / 1000 : NaN;
    out.append(h('div', {class: 'summary'}, dl([
      ['Snapshot', h('code', {}, r.snapshot)],
      ['Built', r.created],
      ['Age', fmtAge(age)],
      ['Reload generation', String(r.generation)]], 'inline')));
    out.append(table(`${r.sources.length} sources`,
      ['Source', 'Title', 'Published', 'Format', 'File', 'Records', 'Entities', 'Names', 'Skipped', 'SHA-256'],
      r.sources.map((s) => [h('code', {}, s.id), sourceTitle(s.id), s.published || 'not stated', s.format,
        s.file || '', num(s.records), num(s.entities), num(s.names), num(s.skipped),
        h('code', {title: s.sha256}, shortHash(s.sha256))]), 'sources'));
    const skips = r.sources.flatMap((s) => (s.skips || []).map((k) => [s.id, k.file, String(k.line), k.reason]));
    if (skips.length) out.append(table('Skipped records', ['Source', 'File', 'Line', 'Reason'], skips));
  }, (e) => {
    line.textContent = '';
    out.append(errorBox(e));
  });
}

function num(n) {
  return typeof n === 'number' ? n.toLocaleString('en') : '';
}
