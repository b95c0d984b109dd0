/// <reference lib="dom" />
// Small number formatting for the page.

/** 0.9731 -> '97.31%'; null -> '–'. */
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(2)}%`);

/** Seconds as '42 s', '3 min 20 s', '1 h 5 min'. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** An ISO time as the viewer's local 'YYYY-MM-DD HH:MM:SS' (seconds tell reruns apart); null -> '–'. */
export function startTime(iso: string | null | undefined): string {
  const d = iso === null || iso === undefined ? null : new Date(iso);
  if (d === null || Number.isNaN(d.getTime())) return '–';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A number with 4 significant digits, exponent form when tiny or huge. */
export function num(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '–' : JSON.stringify(v);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** Creates an element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className !== '') e.className = className;
  if (text !== '') e.textContent = text;
  return e;
}

/** GETs JSON from the dashboard API. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
