// alerts.js - the review queue: GET /v1/alerts?status=... as a table;
// one alert (GET /v1/alerts/{id}) with its decisions, and the analyst's
// disposition (POST /v1/alerts/{id}/decision, reviewer role) with a
// reason. A decided alert leaves the open queue.

import {h, clear, table, dl, fmtScore, badge} from './dom.js';
import {api, query} from './api.js';
import {field, showError, clearErrors, errorBox} from './forms.js';
import {page, results, statusLine} from './layout.js';

const statuses = [['open', 'Open'], ['needs-info', 'Needs information'], ['true-match', 'True match'],
  ['false-positive', 'False positive'], ['all', 'All']];
const dispositions = [['true-match', 'True match'], ['false-positive', 'False positive'],
  ['needs-info', 'Needs information']];

export function renderQueue(params) {
  const status = statuses.some(([v]) => v === params.get('status')) ? params.get('status') : 'open';
  const picker = field('Status', 'status', {options: statuses, value: status});
  const select = picker.querySelector('select');
  const form = h('form', {class: 'card row', 'aria-label': 'Which alerts'}, picker,
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Show')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/alerts?status=${encodeURIComponent(select.value)}`;
  });
  const line = statusLine();
  const out = results('Alerts');
  page('Review queue', form, line, out);
  line.textContent = 'Loading alerts...';
  api('GET', '/v1/alerts' + query({status, limit: 100})).then((r) => {
    line.textContent = '';
    const label = statuses.find(([v]) => v === status)[1].toLowerCase();
    if (!r.alerts.length) {
      out.append(h('p', {class: 'lead'}, status === 'all' ? 'No alerts.' : `No ${label} alerts.`));
      return;
    }
    out.append(table(`${r.count} ${label} alert${r.count === 1 ? '' : 's'}, newest first`,
      ['Alert', 'Party', 'Listed entity', 'Score', 'Status', 'Opened', 'Decided by'],
      r.alerts.map((a) => [h('a', {href: `#/alerts/${encodeURIComponent(a.id)}`}, `Alert ${a.id}`),
        a.party_name || a.party_id || a.party_key || '', a.entity_name || a.entity_id, fmtScore(a.score),
        badge(a.status), a.opened_at || '', a.decided_by || '']), 'alerts'));
  }, (e) => {
    line.textContent = '';
    out.append(errorBox(e));
  });
}

export function renderAlert(id) {
  const line = statusLine();
  const out = results(`Alert ${id}`);
  page(`Alert ${id}`, h('p', {}, h('a', {href: '#/alerts'}, 'Back to the review queue')), line, out);
  line.textContent = 'Loading the alert...';
  load(id, out, line);
}

function load(id, out, line) {
  return api('GET', `/v1/alerts/${encodeURIComponent(id)}`).then((a) => {
    if (line.textContent === 'Loading the alert...') line.textContent = '';
    clear(out);
    showAlert(out, a, line);
  }, (e) => {
    line.textContent = '';
    clear(out);
    out.append(errorBox(e));
  });
}

function showAlert(out, a, line) {
  out.append(h('div', {class: 'summary'},
    h('p', {class: 'lead'}, 'Status: ', badge(a.status)),
    dl([['Party', a.party_name || a.party_key], ['Party id', a.party_id],
      ['Listed entity', a.entity_name], ['Entity id', h('code', {}, a.entity_id)],
      ['Score', fmtScore(a.score)], ['Snapshot', a.snapshot ? h('code', {}, a.snapshot) : null],
      ['Opened', a.opened_at ? `${a.opened_at} (audit entry #${a.opened_seq})` : null],
      ['Decided by', a.decided_by], ['Decided at', a.decided_at], ['Reason', a.reason]], 'inline')));
  const decisions = a.decisions || [];
  out.append(decisions.length
    ? table('Decisions on this alert', ['Audit entry', 'Time', 'Actor', 'Disposition', 'Reason'],
      decisions.map((d) => [`#${d.seq}`, d.time || '', d.actor || '', badge(d.disposition), d.reason || '']))
    : h('p', {}, 'No decision yet.'));
  out.append(decisionForm(a, out, line));
}

function decisionForm(a, out, line) {
  const reason = field('Reason', 'reason', {rows: 4, required: true,
    hint: 'Why: what differs or agrees (birth date, country, identifiers, address). Recorded in the audit log.'});
  const buttons = dispositions.map(([value, text]) =>
    h('button', {type: 'submit', name: 'disposition', value, 'data-field': null}, text));
  const form = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'decide-title'},
    h('h2', {id: 'decide-title'}, 'Record a disposition'),
    reason,
    h('div', {class: 'actions', role: 'group', 'aria-label': 'Disposition'}, buttons));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const disposition = ev.submitter && ev.submitter.value;
    const text = form.querySelector('[data-field="reason"]').value.trim();
    if (!disposition) return;
    if (!text) {
      showError(form, {field: 'reason', message: 'say why: the reason is recorded with the decision'});
      return;
    }
    for (const b of buttons) b.disabled = true;
    try {
      await api('POST', `/v1/alerts/${encodeURIComponent(a.id)}/decision`, {disposition, reason: text});
      line.textContent = `Recorded: alert ${a.id} is ${disposition}.`;
      await load(a.id, out, line);
    } catch (e) {
      for (const b of buttons) b.disabled = false;
      showError(form, e);
    }
  });
  return form;
}
