/** Types of the clause inventory (see ../clause-inventory.ts). */

export type InventorySpec =
  | 'FAPI2-SP'
  | 'FAPI2-MS'
  | 'FAPI1-ADV'
  | 'FAPI1-BASE'
  | 'RFC6749'
  | 'RFC6750'
  | 'RFC7636'
  | 'RFC7519'
  | 'RFC7523'
  | 'RFC8705'
  | 'RFC9101'
  | 'RFC9126'
  | 'RFC9207'
  | 'RFC9449'
  | 'JARM'
  | 'OIDC-CORE';

/** MUST covers MUST, SHALL and REQUIRED (and their negations); SHOULD covers RECOMMENDED. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** Only authorization-server and resource-server rules are inventoried. */
export type Binds = 'AS' | 'RS';

/**
 * Why a row has no test:
 * - not-observable: a black-box client cannot see whether the server complies (logging, storage, internal policy);
 * - operator: judging it needs a person or an out-of-band fact (user consent screens, level of assurance, registration
 *   by an administrator);
 * - not-applicable: the clause binds only a feature the profiles forbid or the harness's clients do not use;
 * - covered: another row states the same obligation more strictly and carries the tests;
 * - later: observable, but left to a later version of the harness (named what it needs);
 * - untested: an AS/RS rule the harness should check and does not yet (a known gap; the reason says what a test needs);
 * - optional: a MAY, a permission with nothing to judge;
 * - client-side: kept for completeness where a clause pairs an AS duty with a client one.
 */
export type ReasonKind = 'not-observable' | 'operator' | 'not-applicable' | 'covered' | 'optional' | 'later' | 'untested' | 'client-side';

interface RowBase {
  /** `<SPEC>-<section>[-<item>]`, as in the requirement catalogue. */
  id: string;
  level: Level;
  binds: Binds;
  /** One sentence, our own words. */
  says: string;
}

/** Tested: the catalogue requirements whose tests check this clause; `partly` names what those tests leave out. */
export interface TestedRow extends RowBase {
  requirements: readonly string[];
  partly?: string;
}

/** Explained: no test, for the reason given. */
export interface ExplainedRow extends RowBase {
  reason: string;
  kind: ReasonKind;
}

/** A known AS/RS rule that nobody tests and nothing explains: the guard fails while one exists. */
export interface GapRow extends RowBase {
  gap: true;
}

export type ClauseRow = TestedRow | ExplainedRow | GapRow;
