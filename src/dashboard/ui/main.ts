/// <reference lib="dom" />
// The page's entry point: two tabs (runs, search), and the live event stream that tells each view
// what to re-read. Bundled by src/dashboard/bundle-ui.ts into app.js + app.css.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { DashboardEvent } from '../api.js';
import { RunsView } from './runs-view.js';
import { SearchView } from './search-view.js';

const runsRoot = document.getElementById('runs-view')!;
const searchRoot = document.getElementById('search-view')!;
const runs = new RunsView(runsRoot);
const search = new SearchView(searchRoot);
const live = document.getElementById('live')!;

function showTab(name: string): void {
  const tab = name === 'search' ? 'search' : 'runs';
  runsRoot.hidden = tab !== 'runs';
  searchRoot.hidden = tab !== 'search';
  document.querySelectorAll<HTMLAnchorElement>('nav a').forEach((a) => a.classList.toggle('active', a.dataset.tab === tab));
  window.dispatchEvent(new Event('resize'));
}

/** Coalesces bursts of events (one per appended batch) into one fetch per target and frame. */
const pending = new Map<string, () => Promise<void>>();
let scheduled = false;
function later(key: string, job: () => Promise<void>): void {
  pending.set(key, job);
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const jobs = [...pending.values()];
    pending.clear();
    // A failed refresh leaves the last drawing; the next event tries again.
    for (const j of jobs) j().catch((e: unknown) => (document.body.dataset.error = String(e)));
  }, 150);
}

function connect(): void {
  const source = new EventSource('/api/events');
  source.onopen = () => {
    live.textContent = '● live';
    live.className = 'live on';
  };
  source.onerror = () => {
    live.textContent = '○ reconnecting';
    live.className = 'live off';
  };
  source.onmessage = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as DashboardEvent;
    if (event.type === 'runs') later('runs', () => runs.refreshList());
    else if (event.type === 'run') {
      later('runs', () => runs.refreshList());
      later(`run:${event.id}`, () => runs.refreshRun(event.id));
    } else later(`study:${event.id}`, () => search.refresh(event.id));
  };
}

window.addEventListener('hashchange', () => showTab(location.hash.slice(1)));
showTab(location.hash.slice(1));
void Promise.all([runs.load(), search.load()]).then(() => {
  document.body.dataset.ready = 'true';
  connect();
});
