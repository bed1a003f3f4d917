// forms.js - labelled form fields and showing the API's errors next to
// the field they name (aria-invalid, aria-describedby), or above the
// form when they name none.

import {h, clear} from './dom.js';

let serial = 0;

// One labelled control. opts: {type, required, hint, options: [[value,
// text]...] for a select, list: [values] for a datalist, value, rows for
// a textarea, autocomplete}. `field` is the API's name for it (the
// "field" of its errors). Returns the wrapper; the control is .control.
export function field(label, field, opts = {}) {
  const id = `f-${field.replace(/[^a-z0-9]/gi, '-')}-${++serial}`;
  const errId = id + '-error', hintId = id + '-hint';
  if (opts.required && !opts.hint) opts = {...opts, hint: ''};
  const describedBy = [opts.hint !== undefined ? hintId : null, errId].filter(Boolean).join(' ');
  const common = {
    id, name: field, 'data-field': field, 'aria-describedby': describedBy,
    required: opts.required || null, autocomplete: opts.autocomplete || 'off',
  };
  let control;
  if (opts.options) {
    control = h('select', common,
      opts.options.map(([v, t]) => h('option', {value: v}, t)));
  } else if (opts.rows) {
    control = h('textarea', {...common, rows: opts.rows});
  } else {
    const listId = opts.list ? id + '-list' : null;
    control = h('input', {...common, type: opts.type || 'text', list: listId,
      spellcheck: 'false', placeholder: opts.placeholder || null});
    if (opts.list) {
      control = [control, h('datalist', {id: listId}, opts.list.map((v) => h('option', {value: v})))];
    }
  }
  const wrap = h('div', {class: 'field'},
    h('label', {for: id}, label),
    control,
    opts.hint !== undefined ? h('p', {class: 'hint', id: hintId}, opts.required ? 'Required. ' : '', opts.hint) : null,
    h('p', {class: 'field-error', id: errId, hidden: true}));
  if (opts.value !== undefined) wrap.querySelector('[data-field]').value = opts.value;
  return wrap;
}

// The form's values by API field name, trimmed, leaving out empty ones.
export function values(form) {
  const out = {};
  for (const el of form.querySelectorAll('[data-field]')) {
    if (el.type === 'checkbox' || typeof el.value !== 'string') continue;
    const v = el.value.trim();
    if (v) out[el.dataset.field] = v;
  }
  return out;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const p of form.querySelectorAll('.field-error')) {
    p.hidden = true;
    clear(p);
  }
  const top = form.querySelector('.form-error');
  if (top) {
    top.hidden = true;
    clear(top);
  }
}

// Show `err` (an ApiError or Error) in `form`: next to the control whose
// data-field is err.field (or its first part: "parties[3].name" ->
// "parties"), focused; else in the form's alert box.
export function showError(form, err) {
  clearErrors(form);
  const f = err.field || '';
  const names = [f, f.split(/[.[]/)[0]].filter(Boolean);
  for (const n of names) {
    const el = form.querySelector(`[data-field="${CSS.escape(n)}"]`);
    if (!el) continue;
    const p = (el.id && document.getElementById(el.id + '-error')) ||
      el.closest('.field, fieldset').querySelector('.field-error');
    p.textContent = err.message;
    p.hidden = false;
    el.setAttribute('aria-invalid', 'true');
    el.focus();
    return;
  }
  let top = form.querySelector('.form-error');
  if (!top) {
    top = h('p', {class: 'form-error', role: 'alert'});
    form.prepend(top);
  }
  top.textContent = describe(err);
  top.hidden = false;
}

// A message for an error not tied to a field.
export function describe(err) {
  if (err.status === 403) {
    return `${err.message} (this API key's role may not do this; sign in with a key of a higher role)`;
  }
  return err.message || String(err);
}

// An alert box for a screen's own errors (not a form's).
export function errorBox(err) {
  return h('p', {class: 'form-error', role: 'alert'}, describe(err));
}
