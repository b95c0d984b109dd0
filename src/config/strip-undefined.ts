// zod infers optional fields as `T | undefined`; with exactOptionalPropertyTypes the library's
// option types want the key absent instead. This drops undefined-valued keys (shallowly).

/** Absent-or-defined form of an object type. */
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** A copy of `o` without its undefined-valued keys. @example stripUndefined({ a: 1, b: undefined }); //=> { a: 1 } */
export function stripUndefined<T extends object>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;
}
