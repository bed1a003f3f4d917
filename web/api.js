// api.js - the one place the UI calls the HTTP API: the key kept for the
// browser tab (sessionStorage: gone when the tab closes, never sent to
// another origin), JSON in and out, and the API's errors
// {"error":{"code","message","field"}} turned into ApiError.

const KEY = 'licit.apiKey';

export function getKey() {
  return sessionStorage.getItem(KEY);
}

export function setKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function clearKey() {
  sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

// Call the API: method, path (with its query string), an optional body
// (sent as JSON), an optional key (default: the signed-in one). Resolves
// to the parsed JSON; rejects with ApiError. A 401 on the signed-in key
// signs the tab out (the 'licit:unauthorized' event).
export async function api(method, path, body, key) {
  const k = key === undefined ? getKey() : key;
  const headers = {Accept: 'application/json'};
  if (k) headers.Authorization = 'Bearer ' + k;
  const init = {method, headers, cache: 'no-store', credentials: 'omit'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'the server cannot be reached; check that licit serve is running', null);
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (res.ok) return data;
  const e = data && typeof data.error === 'object' ? data.error : null;
  const err = e ? new ApiError(res.status, e.code, e.message, e.field)
    : new ApiError(res.status, 'http', `the server answered ${res.status} ${res.statusText}`, null);
  if (res.status === 401 && key === undefined) {
    window.dispatchEvent(new CustomEvent('licit:unauthorized', {detail: err}));
  }
  return Promise.reject(err);
}

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
