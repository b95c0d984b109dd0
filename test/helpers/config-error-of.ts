// The ConfigError a call throws, for tests that look at its path and message.
import { ConfigError } from '../../src/errors.js';

/** Runs `fn` and returns the ConfigError it throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
