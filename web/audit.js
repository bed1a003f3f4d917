// audit.js - the audit log: the hash chain's verification first (GET
// /v1/audit/verify: intact, or tampered at entry N), then the newest 50
// entries (GET /v1/audit?limit=50). Both need the reviewer role.

import {h, table, badge, shortHash} from './dom.js';
import {api, query} from './api.js';
import {errorBox} from './forms.js';
import {page, results, statusLine} from './layout.js';

export function renderAudit() {
  const verify = h('section', {class: 'verify', 'aria-live': 'polite', 'aria-label': 'Verification'});
  const line = statusLine();
  const out = results('Audit entries');
  page('Audit log', verify, line, out);
  verify.append(h('p', {}, 'Verifying the hash chain...'));
  line.textContent = 'Loading entries...';
  const verified = api('GET', '/v1/audit/verify');
  const listed = api('GET', '/v1/audit' + query({limit: 50}));
  verified.then((v) => verify.replaceChildren(verifyBanner(v)),
    (e) => verify.replaceChildren(errorBox(e)));
  Promise.allSettled([verified, listed]).then(([v, l]) => {
    line.textContent = '';
    if (l.status === 'rejected') {
      out.append(errorBox(l.reason));
      return;
    }
    const bad = v.status === 'fulfilled' && !v.value.valid ? v.value.first_bad : null;
    out.append(entries(l.value, bad));
  });
}

// The entries table; the entry that fails verification (seq `bad`) says so.
function entries(r, bad) {
  if (!r.entries.length) return h('p', {}, 'The audit log is empty.');
  return table(`The ${r.count} newest entries, newest first`,
    ['Entry', 'Time', 'Actor', 'Kind', 'Decision', 'Snapshot', 'Hash'],
    r.entries.map((e) => [e.seq === bad ? h('strong', {class: 'bad'}, `#${e.seq} fails verification`) : `#${e.seq}`,
      e.time || '', e.actor || '', e.kind || '',
      e.decision ? badge(e.decision) : '', h('code', {title: e.snapshot || ''}, shortHash(e.snapshot)),
      h('code', {title: e.hash || ''}, shortHash(e.hash))]), 'audit');
}

function verifyBanner(v) {
  if (v.valid) {
    return h('div', {class: 'banner ok'},
      h('p', {class: 'big'}, 'Audit log valid'),
      h('p', {}, `${v.entries} entries; every entry's hash and link to the one before it recomputed and found intact.`),
      v.head ? h('p', {}, 'Head: ', h('code', {}, v.head)) : null);
  }
  return h('div', {class: 'banner bad', role: 'alert'},
    h('p', {class: 'big'}, `Audit log tampered at entry #${v.first_bad}`),
    h('p', {}, v.problem || 'the hash chain does not verify'),
    h('p', {}, `${v.entries} entr${v.entries === 1 ? 'y' : 'ies'} verified before it. Report this to the administrator: from that entry on, the record cannot be trusted.`));
}
