// The runs and studies the dashboard serves, kept current: rescans the given paths for new runs,
// tails every run log and watches study files, and reports what changed as DashboardEvents.
import type { DashboardEvent, StudyDetail, StudySummary } from './api.js';
import { findSources } from './find-sources.js';
import { FirstLayerCache } from './first-layer.js';
import { RunSource } from './run-data.js';
import { shortId } from './short-id.js';
import { StudySource } from './study-data.js';

/**
 * Everything under the dashboard's paths.
 * @example
 * const catalog = new Catalog(['runs']);
 * await catalog.poll(); //=> events for what is new since the last poll
 * catalog.runList().map((r) => r.name);
 */
export class Catalog {
  readonly runs = new Map<string, RunSource>();
  readonly studyFiles = new Map<string, StudySource>();
  readonly weights = new FirstLayerCache();

  /** `storages`: study databases (postgresql:// URLs) to show beside what the paths hold. */
  constructor(readonly paths: readonly string[], storages: readonly string[] = []) {
    for (const url of storages) this.studyFiles.set(url, new StudySource(url));
  }

  /** Picks up run directories and study files that appeared; true when any did. */
  rescan(): boolean {
    const found = findSources(this.paths);
    let added = false;
    for (const place of found.runs) {
      const id = shortId(place.path);
      if (this.runs.has(id)) continue;
      const run = new RunSource(id, place.path, place);
      run.refresh();
      this.runs.set(id, run);
      added = true;
    }
    for (const study of found.studies) {
      if (this.studyFiles.has(study.path)) continue;
      const source = new StudySource(study.path, study.label);
      source.changed();
      this.studyFiles.set(study.path, source);
      added = true;
    }
    return added;
  }

  /** One round of watching: the events to push to the page. */
  async poll(rescan: boolean): Promise<DashboardEvent[]> {
    const events: DashboardEvent[] = [];
    if (rescan && this.rescan()) events.push({ type: 'runs' });
    for (const run of this.runs.values()) if (run.refresh()) events.push({ type: 'run', id: run.id });
    for (const source of this.studyFiles.values()) {
      try {
        for (const id of await source.changedStudies()) events.push({ type: 'study', id });
      } catch {
        // A study file mid-write or damaged, or a database out of reach: try again next round.
      }
    }
    return events;
  }

  /** The runs list, by label (the served folder's name, then the run's path inside it). */
  runList() {
    return [...this.runs.values()].map((r) => r.summary()).sort((a, b) => a.dir.localeCompare(b.dir));
  }

  /** Every study of every study file. */
  async studyList(): Promise<StudySummary[]> {
    const out: StudySummary[] = [];
    for (const source of this.studyFiles.values()) out.push(...(await source.studies()));
    return out;
  }

  /** A study by id, or null. */
  async study(id: string): Promise<StudyDetail | null> {
    for (const source of this.studyFiles.values()) {
      for (const s of await source.studies()) if (s.id === id) return source.detail(s.name);
    }
    return null;
  }

  /** Closes the study files. */
  async close(): Promise<void> {
    for (const source of this.studyFiles.values()) await source.close();
  }
}
