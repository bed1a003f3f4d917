// check.js - "Check a transaction": POST /v1/check with a control code, a
// destination and what is known of the end user, end use and date; the
// decision, then each regime's answer with the rules behind it (ids,
// citations, sources and how well each is verified) and the party hits
// that counted.

import {h, clear, table, dl, fmtScore, badge} from './dom.js';
import {api} from './api.js';
import {field, values, showError, clearErrors} from './forms.js';
import {page, results, statusLine} from './layout.js';
import {sourceTitle} from './sources.js';

// The end-user types and end uses of data/policies/common.yaml, offered
// as suggestions; the server checks what is sent.
const endUserTypes = ['government', 'government-law-enforcement', 'government-intelligence',
  'government-military', 'government-other', 'government-owned', 'government-research',
  'international-organization', 'non-government', 'commercial', 'financial-institution',
  'insurance', 'health-care', 'us-subsidiary', 'academic', 'individual', 'ngo'];
const endUses = ['law-enforcement', 'counter-terrorism', 'intelligence', 'military', 'wmd',
  'internal-repression', 'human-rights-violation', 'unauthorized-access',
  'incident-investigation', 'vulnerability-disclosure', 'incident-response',
  'security-research', 'civil'];
const regimes = [['us-ear-cyber', 'US EAR (cybersecurity items)'],
  ['eu-2021-821', 'EU Regulation 2021/821'], ['il-deca-cyber', 'Israel DECA cyber policy']];

export function renderCheck() {
  const boxes = regimes.map(([id, title]) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', name: 'regime', value: id}), ' ', title));
  const regimeSet = h('fieldset', {class: 'field', 'data-field': 'regimes', tabindex: '-1', 'aria-describedby': 'check-regimes-error'},
    h('legend', {}, 'Regimes (none ticked: all)'), boxes,
    h('p', {class: 'field-error', id: 'check-regimes-error', hidden: true}));
  const form = h('form', {class: 'card', novalidate: true, 'aria-label': 'Transaction to check'},
    h('div', {class: 'grid'},
      field('Control code', 'item', {required: true, hint: 'Such as 4A005, 5A001.j, 4D004, EAR99 or CS-UNLISTED.'}),
      field('Destination', 'destination', {required: true, hint: 'ISO 3166-1 code: IL, MX, AE.'}),
      field('Region', 'region', {hint: 'ISO 3166-2 code or UA-DNR / UA-LNR, optional.'}),
      field('End user', 'end_user', {hint: 'Screened against the lists.'}),
      field('End-user type', 'end_user_type', {list: endUserTypes, hint: 'Optional; unknown when left out.'}),
      field('End use', 'end_use', {list: endUses, hint: 'Optional; unknown when left out.'}),
      field('As of', 'as_of', {type: 'date', hint: 'The date the rules are taken at; default today.'})),
    regimeSet,
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Check')));
  const status = statusLine();
  const out = results('Check results');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = values(form);
    const picked = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    if (picked.length) body.regimes = picked;
    for (const f of ['item', 'destination']) {
      if (!body[f]) {
        showError(form, {field: f, message: f === 'item' ? 'give the control code' : 'give the destination country'});
        return;
      }
    }
    status.textContent = 'Checking...';
    clear(out);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const r = await api('POST', '/v1/check', body);
      status.textContent = '';
      showDecision(out, r);
    } catch (e) {
      status.textContent = '';
      showError(form, e);
    } finally {
      button.disabled = false;
    }
  });
  page('Check a transaction', form, status, out);
}

function showDecision(out, r) {
  out.append(h('div', {class: 'summary'},
    h('p', {class: 'lead'}, 'Decision: ', badge(r.decision)),
    dl([['Item', r.item], ['Destination', r.region ? `${r.destination} (${r.region})` : r.destination],
      ['End user', r.end_user], ['End-user type', r.end_user_type], ['End use', r.end_use],
      ['As of', r.as_of], ['Snapshot', h('code', {}, r.snapshot || '')]], 'inline')));
  out.append(table('Decision per regime', ['Regime', 'Effect', 'Exception', 'Licence', 'Review policy'],
    r.regimes.map((g) => [g.regime, badge(g.effect), g.exception || '', g.licence || '', g.review_policy || '']),
    'regimes'));
  for (const g of r.regimes) out.append(regimeDetail(g));
  if (r.party_hits && r.party_hits.length) {
    out.append(table('Party hits that counted', ['Listed name', 'Source', 'Score', 'Listed on', 'Lists', 'Effect', 'Federal Register'],
      r.party_hits.map((p) => [p.name, sourceTitle(p.source), fmtScore(p.score), p.listed_on || '',
        (p.lists || []).join('; '), badge(p.effect), p.federal_register_notice || ''])));
  }
  if (r.later_listings && r.later_listings.length) {
    out.append(table('Listed only after the date (not counted)', ['Listed name', 'Source', 'Score', 'Listed on'],
      r.later_listings.map((p) => [p.name, sourceTitle(p.source), fmtScore(p.score), p.listed_on || ''])));
  }
  if (r.notes && r.notes.length) out.append(list('Notes', r.notes));
}

function regimeDetail(g) {
  const id = `regime-${g.regime}`;
  return h('section', {class: 'card', 'aria-labelledby': id},
    h('h2', {id}, `${g.regime}: `, badge(g.effect)),
    h('p', {}, g.title, g.version ? ` (version in force from ${g.version})` : ''),
    table(`Rules of ${g.regime}`, ['Rule', 'Status', 'Effect', 'Citation', 'Verification'],
      (g.rules || []).map((x) => [h('span', {}, h('code', {}, x.id), h('br'), x.title),
        x.status, x.effect || '', citation(x), x.verification || ''])),
    list('Reasons', g.reasons), list('Assumptions', g.assumptions),
    list('Obligations', g.obligations), list('Resting on unverified facts', g.unverified));
}

function citation(x) {
  const src = x.source_title || x.source || '';
  const link = /^https?:\/\//.test(x.source_url || '')
    ? h('a', {href: x.source_url, rel: 'noopener noreferrer'}, src) : src;
  return h('span', {}, x.citation || '', src ? [h('br'), h('small', {}, 'source: ', link)] : null);
}

function list(title, items) {
  if (!items || !items.length) return null;
  return h('div', {}, h('h3', {}, title), h('ul', {}, items.map((t) => h('li', {}, t))));
}
