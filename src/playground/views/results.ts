// The gradient-check and doctor results: one row per tensor or check with its verdict in a data
// attribute (for tests), the figure, the notes' threshold, and a sentence a beginner can act on.
import type { CheckResult } from '../../doctor/check-result.js';
import type { GradcheckRow } from '../protocol.js';

function cell(tag: 'td' | 'th', text: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function table(head: readonly string[], rows: readonly HTMLElement[]): HTMLTableElement {
  const t = document.createElement('table');
  const tr = document.createElement('tr');
  tr.append(...head.map((h) => cell('th', h)));
  t.append(tr, ...rows);
  return t;
}

function sentence(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'verdict';
  p.textContent = text;
  return p;
}

const VERDICT_TEXT = { fine: 'fine', kink: 'fine (kinks skipped)', fail: 'wrong', inconclusive: 'not judged' } as const;

export function showGradcheck(parent: HTMLElement, rows: readonly GradcheckRow[], text: string): void {
  const trs = rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.tensor = r.tensor;
    tr.dataset.verdict = r.verdict;
    tr.append(cell('td', r.tensor), cell('td', r.maxRelativeError.toExponential(2)), cell('td', `${r.kinks} of ${r.checked + r.kinks}`), cell('td', VERDICT_TEXT[r.verdict]));
    return tr;
  });
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = 'The notes: relative error above 1e-2 is probably wrong; 1e-2 to 1e-4 is uncomfortable; below 1e-4 is fine with kinks (relu, max); below 1e-7 is very good.';
  parent.replaceChildren(table(['tensor', 'max relative error', 'kinks skipped', 'verdict'], trs), note, sentence(text));
}

export function showDoctor(parent: HTMLElement, checks: readonly CheckResult[], text: string): void {
  const trs = checks.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.check = c.name;
    tr.dataset.verdict = c.status;
    tr.append(cell('td', c.name), cell('td', c.status), cell('td', c.value), cell('td', c.expected), cell('td', c.hint));
    return tr;
  });
  parent.replaceChildren(table(['check', 'verdict', 'measured', 'expected', 'what it means'], trs), sentence(text));
}
