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
  api('GET', '/v1/audit/verify').then((v) => {
    verify.replaceChildren(verifyBanner(v));
  }, (e) => {
    verify.replaceChildren(errorBox(e));
  });
  line.textContent = 'Loading entries...';
  api('GET', '/v1/audit' + query({limit: 50})).then((r) => {
    line.textContent = '';
    if (!r.entries.length) {
      out.append(h('p', {}, 'The audit log is empty.'));
      return;
    }
    out.append(table(`The ${r.count} newest entries, newest first`,
      ['Entry', 'Time', 'Actor', 'Kind', 'Decision', 'Snapshot', 'Hash'],
      r.entries.map((e) => [`#${e.seq}`, e.time || '', e.actor || '', e.kind || '',
        e.decision ? badge(e.decision) : '', h('code', {title: e.snapshot || ''}, shortHash(e.snapshot)),
        h('code', {title: e.hash || ''}, shortHash(e.hash))]), 'audit'));
  }, (e) => {
    line.textContent = '';
    out.append(errorBox(e));
  });
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
    h('p', {}, `${v.entries} entries checked. Report this to the administrator: the record after that entry cannot be trusted.`));
}
