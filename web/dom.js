// dom.js - building the page from data without innerHTML: every value the
// API returns is inserted as text, never parsed as markup.

// h('p', {class: 'x', onclick: fn}, 'text', child, [more]) -> element.
// Attributes whose value is null, undefined or false are left out; true
// sets an empty attribute; functions under on<event> become listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'value' && 'value' in el) {
      el.value = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A table: caption (its accessible name), column headers, rows of cells
// (strings or nodes).
export function table(caption, headers, rows, cls) {
  return h('table', {class: cls || null},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

// A description list from [term, value] pairs (pairs with a null value
// are left out).
export function dl(pairs, cls) {
  return h('dl', {class: cls || null},
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function fmtScore(x) {
  return typeof x === 'number' ? x.toFixed(2) : '';
}

export function fmtNum(x, digits) {
  return typeof x === 'number' ? x.toFixed(digits) : '';
}

export function shortHash(s, n = 12) {
  return s ? s.slice(0, n) : '';
}

// "3 d 4 h" for a number of seconds.
export function fmtAge(seconds) {
  if (!(seconds >= 0)) return '';
  const d = Math.floor(seconds / 86400), hr = Math.floor(seconds % 86400 / 3600);
  const m = Math.floor(seconds % 3600 / 60);
  if (d) return `${d} d ${hr} h`;
  if (hr) return `${hr} h ${m} min`;
  return `${m} min`;
}

// A status word as a badge: the text says it all, the colour only helps.
export function badge(word) {
  const cls = {
    'prohibited': 'bad', 'licence-required': 'bad', 'true-match': 'bad',
    'review': 'warn', 'open': 'warn', 'needs-info': 'warn',
    'licence-exception': 'ok', 'no-licence-required': 'ok', 'clear': 'ok',
    'false-positive': 'ok',
  }[word] || 'plain';
  return h('span', {class: 'badge ' + cls}, word || 'none');
}
