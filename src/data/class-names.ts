// Class labels given as names ("setosa"): the mapping from names to class indices, in a stable order
// that does not depend on the machine's locale, so that a model trained here predicts the same
// indices for the same names everywhere.
/** Orders names by UTF-16 code units: the same on every machine (localeCompare is not). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct names in sorted order: the class of a name is its index here. */
export function sortedClassNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareNames);
}

/**
 * The one-line hint that tells a user which index each name became.
 * @example classMappingHint(['setosa', 'versicolor']); //=> 'labels mapped to classes: setosa=0, versicolor=1'
 */
export function classMappingHint(names: readonly string[]): string {
  return `labels mapped to classes: ${names.map((name, i) => `${name}=${i}`).join(', ')}`;
}
