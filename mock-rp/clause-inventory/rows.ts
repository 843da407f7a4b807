/** Small constructors that keep the inventory's rows one line each. */
import type { Binds, ClauseRow, Level, ReasonKind } from './types';

/** A clause the named catalogue requirements' tests check (`partly`: what those tests leave out). */
export const tested = (id: string, level: Level, binds: Binds, says: string, requirements: readonly string[], partly?: string): ClauseRow =>
  partly ? { id, level, binds, says, requirements, partly } : { id, level, binds, says, requirements };

/** A clause with no test, and why. */
export const explained = (id: string, level: Level, binds: Binds, says: string, kind: ReasonKind, reason: string): ClauseRow => ({ id, level, binds, says, kind, reason });
