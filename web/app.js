// app.js - the analyst UI's shell: hash routing (#/screen, #/check,
// #/alerts, #/alerts/ID, #/audit, #/lists, #/signin), signing in and out,
// and moving focus to each new screen's heading so keyboard and screen
// reader users land where the content changed.

import {h} from './dom.js';
import {page} from './layout.js';
import {api, getKey, setKey, clearKey} from './api.js';
import {field, showError, clearErrors} from './forms.js';
import {renderScreen} from './screen.js';
import {renderCheck} from './check.js';
import {renderQueue, renderAlert} from './alerts.js';
import {renderAudit} from './audit.js';
import {renderLists} from './lists.js';

const nav = document.getElementById('nav');
const signout = document.getElementById('signout');
let notice = null; // shown once on the sign-in screen

function renderSignin() {
  const form = h('form', {class: 'card narrow', novalidate: true},
    field('API key', 'key', {type: 'password', required: true, autocomplete: 'current-password',
      hint: 'The key your administrator gave you. It is kept only in this browser tab until you sign out or close it.'}),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Sign in')));
  const status = h('p', {class: 'status', role: 'status', 'aria-live': 'polite'});
  const msg = notice ? h('p', {class: 'form-error', role: 'alert'}, notice) : null;
  notice = null;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const key = form.querySelector('[data-field="key"]').value.trim();
    if (!key) {
      showError(form, {field: 'key', message: 'paste your API key'});
      return;
    }
    status.textContent = 'Checking the key...';
    try {
      await api('GET', '/v1/lists', undefined, key);
    } catch (e) {
      status.textContent = '';
      // 503: the key was accepted (keys are checked first) but no lists
      // are loaded yet; anything else means the key cannot be used
      if (e.status !== 503) {
        showError(form, {field: 'key', message: e.status === 401
          ? 'this key is not accepted by the server: check it, or ask for a new one'
          : e.message, status: e.status});
        return;
      }
    }
    setKey(key);
    status.textContent = 'Signed in.';
    location.hash = '#/screen';
  });
  page('Sign in', msg, h('p', {}, 'Sign in with an API key to screen parties, check transactions and review alerts.'), form, status);
}

const screens = {
  screen: renderScreen,
  check: renderCheck,
  alerts: (parts, params) => parts[1] ? renderAlert(parts[1]) : renderQueue(params),
  audit: renderAudit,
  lists: renderLists,
};

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash : '#/screen';
  const [path, qs] = (hash.slice(2) || 'screen').split('?');
  const parts = path.split('/').filter(Boolean).map(decode);
  const params = new URLSearchParams(qs || '');
  const signedIn = !!getKey();
  nav.hidden = !signedIn;
  signout.hidden = !signedIn;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.route === parts[0]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!signedIn || parts[0] === 'signin') {
    if (signedIn) {
      location.hash = '#/screen';
      return;
    }
    renderSignin();
    document.querySelector('#main input').focus();
    return;
  }
  const render = screens[parts[0]];
  if (render) {
    render(parts, params);
  } else {
    page('Not found', h('p', {}, 'There is no such screen. ', h('a', {href: '#/screen'}, 'Screen a party')));
  }
  // the new screen's heading, so keyboard and screen reader users start
  // where the content changed
  document.querySelector('#main h1').focus();
}

// A part of the hash as typed; a malformed %-escape stays as it is.
function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch (e) {
    return part;
  }
}

// The skip link moves focus to the content without touching the hash,
// which is the router's.
document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  document.getElementById('main').focus();
});

signout.addEventListener('click', () => {
  clearKey();
  notice = null;
  location.hash = '#/signin';
  route();
});

window.addEventListener('licit:unauthorized', () => {
  clearKey();
  notice = 'The server no longer accepts this key: sign in again.';
  location.hash = '#/signin';
  route();
});

window.addEventListener('hashchange', route);
route();
