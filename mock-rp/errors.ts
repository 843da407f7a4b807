/**
 * The two kinds of failure a run can produce. They are never mixed: a harness error says nothing about the
 * authorization server, a conformance failure says the AS broke a named requirement.
 */

/** The harness could not do its job: bad configuration, network failure, timeout, garbage it cannot judge, or our own bug. */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(
    message: string,
    readonly details: { endpoint?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(`[harness] ${message}${details.hint ? `\n  fix: ${details.hint}` : ''}`, { cause: details.cause });
  }
}

/** The authorization server broke a requirement of a specification. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  constructor(
    readonly requirement: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`[conformance] ${requirement}: expected ${expected}; actual: ${actual}`);
  }
}

/** Throws a ConformanceFailure unless `condition` holds. */
export function requireThat(condition: unknown, requirement: string, expected: string, actual: () => string): asserts condition {
  if (!condition) throw new ConformanceFailure(requirement, expected, actual());
}
