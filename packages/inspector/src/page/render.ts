// DOM for the page's data. Every string from a token goes in through textContent, never as HTML.
import type { Finding } from '@tokenfn/core';
import type { TokenView } from './describe.js';
import { relative } from './time.js';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The decoded token as definition lists; rows with a time get a span that tick() keeps current. */
export function renderContents(target: HTMLElement, view: TokenView, now: number): void {
  const parts: HTMLElement[] = [rows(view.summary, now)];
  for (const service of view.services)
    parts.push(el('h3', undefined, service.title), rows(service.rows, now));
  target.replaceChildren(...parts);
}

function rows(list: TokenView['summary'], now: number): HTMLDListElement {
  const dl = el('dl');
  for (const row of list) {
    const dd = el('dd', 'mono', row.value);
    if (row.at !== undefined) {
      const rel = el('span', 'rel', ` · ${relative(row.at, now)}`);
      rel.dataset['at'] = String(row.at);
      dd.append(rel);
    }
    dl.append(el('dt', undefined, row.label), dd);
  }
  return dl;
}

/** Brings every relative time under `root` to `now` (unix seconds). */
export function tick(root: ParentNode, now: number): void {
  for (const span of root.querySelectorAll<HTMLElement>('[data-at]')) {
    span.textContent = ` · ${relative(Number(span.dataset['at']), now)}`;
  }
}

/** The findings, worst first as diagnoseToken orders them. */
export function renderFindings(target: HTMLOListElement, findings: readonly Finding[]): void {
  target.replaceChildren(
    ...findings.map((f) => {
      const li = el('li', `finding ${f.severity}`);
      li.dataset['code'] = f.code;
      const head = el('p');
      head.append(el('span', 'severity', f.severity), el('code', undefined, f.code));
      li.append(head, el('p', 'message', f.message));
      if (f.fix) li.append(el('p', 'fix', f.fix));
      return li;
    }),
  );
}

/** A status line: plain text, optionally marked good or bad. */
export function setStatus(target: HTMLElement, text: string, tone?: 'ok' | 'bad'): void {
  target.textContent = text;
  target.classList.toggle('ok', tone === 'ok');
  target.classList.toggle('bad', tone === 'bad');
}
