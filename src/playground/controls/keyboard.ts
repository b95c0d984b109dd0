// Keyboard shortcuts: space plays or pauses, s takes one step, r resets, unless focus is in a
// field where those keys type text.
const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export interface Shortcuts {
  readonly toggle: () => void;
  readonly step: () => void;
  readonly reset: () => void;
}

export function bindKeys(keys: Shortcuts): void {
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    const typing = target !== null && (TYPING.has(target.tagName) || target.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    // A focused button would also take the space as a click: handle it once, here.
    if (e.key === ' ') keys.toggle();
    else if (e.key === 's') keys.step();
    else if (e.key === 'r') keys.reset();
    else return;
    e.preventDefault();
  });
}
