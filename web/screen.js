// screen.js - "Screen a party": POST /v1/screen with a name and the
// optional country, birth date, identifier and schema; the ranked hits
// with their scores, sources and the explanation of each score (how the
// tokens of the two names were paired, what each weighed, and what the
// birth date, country and identifiers added), each linked to its alert.

import {h, clear, table, dl, fmtScore, fmtNum, badge} from './dom.js';
import {api} from './api.js';
import {field, values, showError, clearErrors} from './forms.js';
import {page, results, statusLine} from './layout.js';
import {sourceTitle} from './sources.js';

const schemas = [['', 'Any'], ['person', 'Person'], ['organization', 'Organization'],
  ['vessel', 'Vessel'], ['aircraft', 'Aircraft']];

export function renderScreen() {
  const form = h('form', {class: 'card', novalidate: true, 'aria-label': 'Party to screen'},
    h('div', {class: 'grid'},
      field('Name', 'name', {required: true, hint: 'In any script: "NSO Group Technologies", "Владимир Путин".'}),
      field('Country', 'country', {hint: 'ISO code or country name, optional.'}),
      field('Birth date', 'birth_date', {hint: 'YYYY, YYYY-MM or YYYY-MM-DD, optional.'}),
      field('Identifier', 'id', {hint: 'Passport, registration or tax number, optional.'}),
      field('Schema', 'schema', {options: schemas})),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Screen')));
  const status = statusLine();
  const out = results('Screening results');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = values(form);
    if (!body.name) {
      showError(form, {field: 'name', message: 'give the name of the party to screen'});
      return;
    }
    status.textContent = 'Screening...';
    clear(out);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const r = await api('POST', '/v1/screen', body);
      status.textContent = '';
      showHits(out, r);
    } catch (e) {
      status.textContent = '';
      showError(form, e);
    } finally {
      button.disabled = false;
    }
  });
  page('Screen a party', form, status, out);
}

function showHits(out, r) {
  const alerts = new Map(((r.audit && r.audit.alerts) || []).map((a) => [a.entity_id, a]));
  const summary = h('div', {class: 'summary'},
    h('p', {class: 'lead'},
      r.hits.length ? `${r.hits.length} hit${r.hits.length > 1 ? 's' : ''} at or above ${fmtScore(r.threshold)}.`
        : `No hit at or above ${fmtScore(r.threshold)}.`,
      r.audit ? [' Decision: ', badge(r.audit.decision)] : null),
    dl([['Snapshot', h('code', {}, r.snapshot)],
      ['Audit entry', r.audit ? `#${r.audit.seq}` : null]], 'inline'));
  out.append(summary);
  if (!r.hits.length) return;
  out.append(table('Hits, best first',
    ['Rank', 'Score', 'Source', 'Listed name', 'Matched name', 'Alert'],
    r.hits.map((hit, i) => [String(i + 1), fmtScore(hit.score), sourceTitle(hit.source),
      hit.name, hit.matched_name, alertLink(alerts.get(hit.entity_id))]), 'hits'));
  r.hits.forEach((hit, i) => out.append(hitDetail(hit, i + 1, alerts.get(hit.entity_id))));
}

function alertLink(a) {
  if (!a) return 'none';
  return h('a', {href: `#/alerts/${encodeURIComponent(a.alert)}`}, `Alert ${a.alert} (${a.status})`);
}

// One hit: its facts, the listed record's lists (fetched after), and the
// two explanation tables.
function hitDetail(hit, rank, alert) {
  const id = `hit-${rank}`;
  const ex = hit.explanation || {};
  const lists = h('dd', {}, '...');
  const sec = h('section', {class: 'hit card', 'aria-labelledby': id},
    h('h2', {id}, `${rank}. ${hit.name} `, h('span', {class: 'score'}, fmtScore(hit.score))),
    h('dl', {class: 'inline'},
      h('dt', {}, 'Source'), h('dd', {}, `${sourceTitle(hit.source)} (${hit.source})`),
      h('dt', {}, 'Lists'), lists,
      h('dt', {}, 'Matched name'), h('dd', {}, hit.matched_name),
      h('dt', {}, 'Entity'), h('dd', {}, h('code', {}, hit.entity_id)),
      h('dt', {}, 'Schema'), h('dd', {}, hit.schema || ''),
      h('dt', {}, 'Alert'), h('dd', {}, alertLink(alert))),
    tokenTable(hit, ex), contributionTable(ex));
  api('GET', `/v1/entities/${encodeURIComponent(hit.entity_id)}`).then((e) => {
    lists.textContent = (e.lists && e.lists.length ? e.lists.join('; ') : 'none stated') +
      (e.listed ? `, listed ${e.listed}` : '');
  }, () => {
    lists.textContent = 'not available';
  });
  return sec;
}

function tokenTable(hit, ex) {
  const rows = (ex.aligned || []).map((a) => [a.query, a.listed, a.kind,
    fmtNum(a.similarity, 2), fmtNum(a.weight, 2)]);
  for (const t of ex.unmatched_query || []) rows.push([t.token, '-', 'unmatched (query)', '0.00', fmtNum(t.weight, 2)]);
  for (const t of ex.unmatched_listed || []) rows.push(['-', t.token, 'unmatched (listed)', '0.00', fmtNum(t.weight, 2)]);
  return table(`Explanation: tokens of the query and of "${hit.matched_name}"`,
    ['Query token', 'Listed token', 'Pairing', 'Similarity', 'Weight'], rows, 'explain');
}

function contributionTable(ex) {
  const rows = [['name', fmtNum(ex.name_score, 4), 'score of the names from the tokens above']];
  const p = ex.penalties || {};
  for (const [k, v] of Object.entries(p)) {
    if (v) rows.push([`${k} penalty`, fmtNum(-v, 4), `names differ in ${k}`]);
  }
  for (const f of ex.features || []) {
    rows.push([f.feature, (f.contribution > 0 ? '+' : '') + fmtNum(f.contribution, 4), f.detail || '']);
  }
  return table('Explanation: contributions to the score', ['Feature', 'Contribution', 'Detail'], rows, 'explain');
}
