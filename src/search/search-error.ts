// Errors of the search engine that are not config mistakes.
import { DescentError } from '../errors.js';

/**
 * A study that cannot go on as asked: a stored trial in the wrong state, a study file that is not
 * one, or `ask()` on a study whose budget is spent.
 * @example throw new StudyError('trial 3 is already complete; a trial is told once');
 */
export class StudyError extends DescentError {}
