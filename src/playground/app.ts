// The page's controller: the store, the worker, and what each control does. Every change of a
// control becomes a new config (validated as `descent train` validates it), written to the URL
// hash and sent to the worker; the worker's snapshots go into the store, which Renderer draws.
import type { FromWorker, ToWorker } from './protocol.js';
import { CASE_STUDY, configOf, DEFAULT_NOISE, type Settings, settingsOf } from './settings.js';
import { checkConfig, configFromHash, hashOf } from './state.js';
import { createStore, type Store } from './store.js';
import { byId, lrOfSlider, readSettings, showLr, syncEnabled, writeLayers, writeSettings } from './controls/form.js';
import { chosenFile, csvPoints, download } from './controls/files.js';
import { bindKeys } from './controls/keyboard.js';
import { applyEdit, bindPaint, currentRows, type Edit } from './controls/paint.js';
import { drawPreprocess } from './views/preprocess.js';
import { Renderer } from './views/renderer.js';
import { showDoctor, showGradcheck } from './views/results.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class App {
  private readonly store: Store;
  private readonly worker: Worker;
  private settings: Settings;
  constructor() {
    const fromHash = this.hashConfig();
    const badHash = fromHash === undefined && location.hash.startsWith('#config=');
    this.settings = settingsOf(fromHash ?? configOf(CASE_STUDY));
    this.store = createStore(fromHash ?? configOf(this.settings));
    this.store.backend = byId<HTMLSelectElement>('backend').value === 'wasm' ? 'wasm' : 'cpu';
    writeSettings(this.settings);
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.onWorker(e.data));
    this.worker.addEventListener('error', (e) => this.say(`the training worker failed: ${e.message}`));
    this.bind();
    // A hash that does not validate stays in the address bar to be fixed; the page runs the case study meanwhile.
    if (!badHash) this.writeHash();
    this.restart();
    new Renderer(this.store).start();
  }

  private hashConfig(): Store['config'] | undefined {
    try {
      return configFromHash(location.hash)?.raw;
    } catch (error) {
      this.say(messageOf(error));
      return undefined;
    }
  }

  /** Shows a message: an error (the default) or, with `info`, news such as a backend fallback. */
  private say(text: string, kind: 'error' | 'info' = 'error'): void {
    const el = byId('message');
    el.dataset.kind = kind;
    el.textContent = text;
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private setPlaying(on: boolean): void {
    this.store.playing = on;
    const b = byId<HTMLButtonElement>('play');
    b.setAttribute('aria-pressed', String(on));
    b.textContent = on ? 'Pause' : 'Play';
  }

  /** Rebuilds data and network from the config, keeping play or pause; `weights` is a model file's text. */
  private restart(weights?: string): void {
    this.store.epochs = [];
    this.store.norms = [];
    this.store.ready = undefined;
    this.store.latest = undefined;
    this.store.boundary = undefined;
    this.store.final = undefined;
    byId('warnings').replaceChildren();
    this.send({ type: 'init', config: this.store.config, backend: this.store.backend, ...(weights === undefined ? {} : { weights }) });
    if (this.store.playing) this.send({ type: 'play' });
  }

  private writeHash(): void {
    history.replaceState(null, '', hashOf(this.store.config));
  }

  /** Applies new settings: a valid config replaces the state; an invalid one is reported and dropped. */
  private apply(next: Settings): void {
    try {
      const raw = configOf(next);
      checkConfig(raw);
      this.settings = next;
      syncEnabled(next);
      this.store.config = raw;
      this.say('');
      this.writeHash();
      this.restart();
    } catch (error) {
      this.say(messageOf(error));
      // The controls go back to the config that runs, so they never show a setup that is not training.
      writeSettings(this.settings);
    }
  }

  private fromControls(): void {
    this.apply(readSettings(this.settings));
  }

  private toggle(): void {
    this.setPlaying(!this.store.playing);
    this.send({ type: this.store.playing ? 'play' : 'pause' });
  }

  private step(): void {
    this.setPlaying(false);
    this.send({ type: 'step' });
  }

  private bind(): void {
    const form = byId<HTMLFormElement>('controls');
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('change', (e) => {
      const id = (e.target as HTMLElement).id;
      if (['csv-upload', 'load-model', 'paint-class', 'backend'].includes(id)) return;
      if (id === 'dataset') {
        const set = byId<HTMLSelectElement>('dataset').value as keyof typeof DEFAULT_NOISE;
        byId<HTMLInputElement>('noise').value = String(DEFAULT_NOISE[set] ?? 0.1);
      }
      // Choosing a generated set (or its size) replaces placed or uploaded points.
      if (['dataset', 'classes', 'noise', 'points'].includes(id) && this.settings.custom !== undefined) {
        const { custom: _, ...rest } = this.settings;
        this.settings = rest;
      }
      this.fromControls();
    });
    byId<HTMLInputElement>('lr').addEventListener('input', (e) => showLr(lrOfSlider(Number((e.target as HTMLInputElement).value))));
    byId('play').addEventListener('click', () => this.toggle());
    byId('step').addEventListener('click', () => this.step());
    byId('reset').addEventListener('click', () => this.restart());
    byId('case-study').addEventListener('click', () => {
      this.setPlaying(false);
      writeSettings(CASE_STUDY);
      this.apply(CASE_STUDY);
    });
    byId('add-layer').addEventListener('click', () => {
      const last = this.settings.layers.at(-1) ?? { units: 8, activation: 'relu', batchnorm: false, dropout: 0 };
      writeLayers([...this.settings.layers, last]);
      this.fromControls();
    });
    byId('remove-layer').addEventListener('click', () => {
      writeLayers(this.settings.layers.slice(0, -1));
      this.fromControls();
    });
    byId('backend').addEventListener('change', (e) => {
      this.store.backend = (e.target as HTMLSelectElement).value === 'wasm' ? 'wasm' : 'cpu';
      this.restart();
    });
    byId('gradcheck').addEventListener('click', () => { byId('gradcheck-results').textContent = 'checking…'; this.send({ type: 'gradcheck' }); });
    byId('doctor').addEventListener('click', () => { byId('doctor-results').textContent = 'running the checks…'; this.send({ type: 'doctor' }); });
    byId('export-config').addEventListener('click', () => download('config.json', `${JSON.stringify(this.store.config, null, 2)}\n`));
    byId('export-model').addEventListener('click', () => this.send({ type: 'exportModel' }));
    byId<HTMLInputElement>('load-model').addEventListener('change', (e) => void this.loadModel(e.target as HTMLInputElement));
    byId<HTMLInputElement>('csv-upload').addEventListener('change', (e) => void this.uploadCsv(e.target as HTMLInputElement));
    byId('paint-class').addEventListener('change', (e) => { this.store.paintClass = Number((e.target as HTMLSelectElement).value); });
    bindPaint(byId<HTMLCanvasElement>('boundary'), () => this.store.ready?.extent, (e) => this.paint(e));
    // The explanation of the focused control, for keyboards and touch screens, where titles do not show.
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      byId('explain').textContent = el.title || el.closest('[title]')?.getAttribute('title') || '';
    });
    bindKeys({ toggle: () => this.toggle(), step: () => this.step(), reset: () => this.restart() });
    window.addEventListener('hashchange', () => {
      const raw = this.hashConfig();
      if (raw === undefined) return;
      this.store.config = raw;
      this.settings = settingsOf(raw);
      writeSettings(this.settings);
      this.restart();
    });
  }

  private paint(e: Edit): void {
    const ready = this.store.ready;
    if (ready === undefined) return;
    const shift = e.kind === 'add' && e.shift;
    // A label past the current classes adds a class (the output layer follows the labels), up to 6.
    const label = this.settings.dataset === 'regression' ? (shift ? -1 : 1) : Math.min(5, this.store.paintClass + (shift ? 1 : 0));
    const rows = applyEdit(this.settings.custom ?? currentRows(ready), e, label, ready.extent / 20);
    this.apply({ ...this.settings, custom: rows });
  }

  private async uploadCsv(input: HTMLInputElement): Promise<void> {
    try {
      const file = await chosenFile(input);
      if (file === undefined) return;
      const rows = csvPoints(file.bytes, file.name);
      this.apply({ ...this.settings, custom: rows });
    } catch (error) {
      this.say(messageOf(error));
    } finally {
      input.value = '';
    }
  }

  private async loadModel(input: HTMLInputElement): Promise<void> {
    const file = await chosenFile(input);
    input.value = '';
    if (file !== undefined) this.send({ type: 'loadModel', text: new TextDecoder().decode(file.bytes), name: file.name });
  }

  /** A loaded model: its layers become the config's model, and its weights the starting point. */
  private loaded(layers: readonly unknown[], text: string, message: string): void {
    try {
      const raw = { ...this.store.config, model: layers };
      checkConfig(raw);
      this.store.config = raw;
      this.settings = settingsOf(raw);
      writeSettings(this.settings);
      this.writeHash();
      this.setPlaying(false);
      this.restart(text);
      this.say(message, 'info');
    } catch (error) {
      this.say(messageOf(error));
    }
  }

  private onWorker(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        this.store.ready = m;
        this.store.boundaryDirty = true;
        if (m.backendNote !== undefined) this.say(m.backendNote, 'info');
        drawPreprocess(byId<HTMLCanvasElement>('preprocess-view'), m);
        return;
      case 'snapshot':
        // Snapshots of the session a restart replaced, still in flight, come before the new 'ready'.
        if (this.store.ready === undefined) return;
        this.store.epochs.push(...m.epochs);
        if (m.norms !== undefined) this.store.norms.push(m.norms);
        this.store.latest = m;
        if (m.boundary !== undefined) {
          this.store.boundary = m.boundary;
          this.store.boundaryDirty = true;
        }
        this.store.dirty = true;
        if (m.final !== undefined) this.store.final = m.final;
        if (m.status !== undefined) {
          this.setPlaying(false);
          this.say(m.status, m.status.startsWith('training finished') ? 'info' : 'error');
        }
        return;
      case 'warning': {
        // As with snapshots: a warning of the replaced session may still arrive before the new 'ready'.
        if (this.store.ready === undefined) return;
        const item = document.createElement('li');
        item.textContent = m.message;
        item.dataset['epoch'] = String(m.epoch);
        byId('warnings').append(item);
        return;
      }
      case 'error':
        this.setPlaying(false);
        this.say(m.message);
        return;
      case 'gradcheck':
        showGradcheck(byId('gradcheck-results'), m.rows, m.sentence);
        return;
      case 'doctor':
        showDoctor(byId('doctor-results'), m.checks, m.sentence);
        return;
      case 'model':
        download('model.json', m.text);
        return;
      case 'loaded':
        this.loaded(m.layers, m.text, m.message);
        return;
    }
  }
}
