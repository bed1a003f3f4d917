// layout.js - what every screen shares: its place in the page and its
// heading, which the router focuses on arrival.

import {h, clear} from './dom.js';

// Replace the main region with a screen: a heading and its content.
// Returns the heading.
export function page(title, ...content) {
  const main = document.getElementById('main');
  clear(main);
  document.title = `${title} - licit`;
  const h1 = h('h1', {tabindex: '-1'}, title);
  main.append(h1, ...content.filter(Boolean));
  return h1;
}

// A live region for a screen's results: announced politely when its
// content changes.
export function results(label) {
  return h('section', {class: 'results', 'aria-live': 'polite', 'aria-label': label});
}

// A status line (role=status) for "Loading..." and "Recorded." messages.
export function statusLine() {
  return h('p', {class: 'status', role: 'status'});
}
