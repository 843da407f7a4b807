/**
 * The clause inventory: every requirement the FAPI profiles (and the parts of the RFCs, JARM and OpenID Connect Core
 * they make normative) place on the authorization server or the resource server, each with its level and EITHER the
 * catalogue requirements whose tests check it, OR the reason no test can (or does yet). The requirement catalogue
 * (requirements.ts) lists what the harness claims to check; this list is measured against the specifications
 * themselves, so a rule that falls between conformance-suite modules shows up here as untested instead of silently.
 *
 * Row IDs use the catalogue's format (`<SPEC>-<section>[-<item>]`, section numbers of the final documents, item = the
 * 1-based position in that section's numbered list; for an RFC's bulleted list the position of the bullet). Where one
 * prose section holds several requirements, its row paraphrases all of them under the section's ID.
 *
 * Paraphrases are ours; read the linked text for the normative wording. Client-side rules are left out: the harness is
 * the client, and judging itself is the unit tests' job, not a verdict on the AS.
 */
import { ROWS_FAPI2 } from './clause-inventory/fapi2';
import { ROWS_FAPI1 } from './clause-inventory/fapi1';
import { ROWS_RFC } from './clause-inventory/rfc';
import type { ClauseRow, InventorySpec, ReasonKind } from './clause-inventory/types';

export type { ClauseRow, InventorySpec, Level, Binds, ReasonKind } from './clause-inventory/types';

interface SpecDoc {
  name: string;
  base: string;
  anchor: (section: string) => string;
}

const rfc = (n: number, title: string): SpecDoc => ({ name: `RFC ${n}: ${title}`, base: `https://www.rfc-editor.org/rfc/rfc${n}.html`, anchor: (s) => `#section-${s}` });
const xml2rfc = (name: string, base: string): SpecDoc => ({ name, base, anchor: (s) => `#section-${s}` });
const oldStyle = (name: string, base: string): SpecDoc => ({ name, base, anchor: (s) => `#rfc.section.${s}` });

/** The documents inventoried, in the order the docs list them. Anchor styles as the catalogue has them. */
export const INVENTORY_SPECS: Readonly<Record<InventorySpec, SpecDoc>> = {
  'FAPI2-SP': xml2rfc('FAPI 2.0 Security Profile', 'https://openid.net/specs/fapi-security-profile-2_0-final.html'),
  'FAPI2-MS': xml2rfc('FAPI 2.0 Message Signing', 'https://openid.net/specs/fapi-message-signing-2_0-final.html'),
  'FAPI1-ADV': oldStyle('FAPI 1.0 Part 2: Advanced', 'https://openid.net/specs/openid-financial-api-part-2-1_0-final.html'),
  'FAPI1-BASE': oldStyle('FAPI 1.0 Part 1: Baseline (as Part 2 imports it)', 'https://openid.net/specs/openid-financial-api-part-1-1_0-final.html'),
  RFC6749: rfc(6749, 'The OAuth 2.0 Authorization Framework'),
  RFC6750: rfc(6750, 'OAuth 2.0 Bearer Token Usage'),
  RFC7636: rfc(7636, 'Proof Key for Code Exchange (PKCE)'),
  RFC7519: rfc(7519, 'JSON Web Token (JWT)'),
  RFC7523: rfc(7523, 'JWT Profile for OAuth 2.0 Client Authentication'),
  RFC8705: rfc(8705, 'OAuth 2.0 Mutual-TLS Client Authentication and Certificate-Bound Access Tokens'),
  RFC9101: rfc(9101, 'OAuth 2.0 JWT-Secured Authorization Request (JAR)'),
  RFC9126: rfc(9126, 'OAuth 2.0 Pushed Authorization Requests'),
  RFC9207: rfc(9207, 'OAuth 2.0 Authorization Server Issuer Identification'),
  RFC9449: rfc(9449, 'OAuth 2.0 Demonstrating Proof of Possession (DPoP)'),
  JARM: xml2rfc('JWT Secured Authorization Response Mode (JARM)', 'https://openid.net/specs/oauth-v2-jarm-final.html'),
  'OIDC-CORE': oldStyle('OpenID Connect Core 1.0', 'https://openid.net/specs/openid-connect-core-1_0.html'),
};

const SPEC_KEYS = Object.keys(INVENTORY_SPECS) as InventorySpec[];

/** Every valid row ID; capture groups: 1 = spec, 2 = section, 3 = item (optional). */
export const CLAUSE_ID_PATTERN = new RegExp(`^(${SPEC_KEYS.map((k) => k.replace(/-/g, '\\-')).join('|')})-(\\d+(?:\\.\\d+)*)(?:-(\\d+(?:\\.\\d+)?))?$`);

/** The inventory, in document order. */
export const CLAUSE_INVENTORY: readonly ClauseRow[] = Object.freeze([...ROWS_FAPI2, ...ROWS_FAPI1, ...ROWS_RFC].map((r) => Object.freeze(r)));

export function specOf(row: Pick<ClauseRow, 'id'>): InventorySpec {
  const m = CLAUSE_ID_PATTERN.exec(row.id);
  if (!m) throw new Error(`clause inventory: malformed id "${row.id}"`);
  return m[1] as InventorySpec;
}

export function clauseUrl(id: string): string {
  const m = CLAUSE_ID_PATTERN.exec(id);
  if (!m) throw new Error(`clause inventory: malformed id "${id}"`);
  const doc = INVENTORY_SPECS[m[1] as InventorySpec];
  return doc.base + doc.anchor(m[2]!);
}

export type RowStatus = 'tested' | 'explained' | 'untested' | 'gap';

/** Tested: names catalogue requirements; explained: a reason why no test can or need judge it; untested: an honest
 * reason that names what a test would need (a gap known and routed); gap: nobody tests it and nothing explains it. */
export function statusOf(row: ClauseRow): RowStatus {
  if ('requirements' in row && row.requirements) return 'tested';
  if ('gap' in row && row.gap) return 'gap';
  return (row as { kind: ReasonKind }).kind === 'untested' ? 'untested' : 'explained';
}

export interface Counts {
  inventoried: number;
  tested: number;
  explained: number;
  untested: number;
  gaps: number;
}

export interface InventoryFigures extends Counts {
  /** Tested rows whose tests leave part of the clause out (they say which). */
  partly: number;
  /** The MUST rows alone (MUST covers SHALL and REQUIRED). */
  must: Counts;
  bySpec: Record<InventorySpec, Counts>;
  byLevel: Record<'MUST' | 'SHOULD' | 'MAY', number>;
  /** Why explained rows have no test, by kind. */
  byReason: Partial<Record<ReasonKind, number>>;
}

const zero = (): Counts => ({ inventoried: 0, tested: 0, explained: 0, untested: 0, gaps: 0 });
const bump = (c: Counts, s: RowStatus) => {
  c.inventoried++;
  if (s === 'tested') c.tested++;
  else if (s === 'explained') c.explained++;
  else if (s === 'untested') c.untested++;
  else c.gaps++;
};

/** The figure the summary and the docs print: AS/RS clauses inventoried, tested, explained, untested. */
export function inventoryFigures(rows: readonly ClauseRow[] = CLAUSE_INVENTORY): InventoryFigures {
  const all = zero();
  const must = zero();
  const bySpec = Object.fromEntries(SPEC_KEYS.map((k) => [k, zero()])) as Record<InventorySpec, Counts>;
  const byLevel = { MUST: 0, SHOULD: 0, MAY: 0 };
  const byReason: Partial<Record<ReasonKind, number>> = {};
  let partly = 0;
  for (const row of rows) {
    if ('partly' in row && row.partly) partly++;
    const s = statusOf(row);
    bump(all, s);
    bump(bySpec[specOf(row)], s);
    if (row.level === 'MUST') bump(must, s);
    byLevel[row.level]++;
    if ('kind' in row && row.kind) byReason[row.kind] = (byReason[row.kind] ?? 0) + 1;
  }
  return { ...all, partly, must, bySpec, byLevel, byReason };
}

/** One line for the summary, next to the conformance-suite parity. */
export function inventoryLine(f: InventoryFigures = inventoryFigures()): string {
  return `clause inventory: ${f.inventoried} AS/RS clauses of the FAPI profiles and the specs they import, ${f.tested} tested (${f.partly} of them partly), ${f.explained} explained, ${f.untested} untested (MUST: ${f.must.tested} of ${f.must.inventoried} tested, ${f.must.untested} untested); docs/clauses.md lists them`;
}

/**
 * What is wrong with an inventory, as sentences (empty when it holds): malformed or duplicate IDs, a row that is not
 * exactly one of tested/explained/gap, a requirement ID the catalogue lacks, a tested row none of whose requirements
 * is checked by any test (`exercised`), and every gap (an AS/RS MUST that nobody tests and nothing explains).
 */
export function inventoryProblems(rows: readonly ClauseRow[], catalogue: ReadonlySet<string>, exercised: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const id = row.id;
    if (!CLAUSE_ID_PATTERN.test(id)) problems.push(`${id}: malformed id (expected <SPEC>-<section>[-<item>] with a known spec)`);
    if (seen.has(id)) problems.push(`${id}: listed twice`);
    seen.add(id);
    if (!/[.]$/.test(row.says.trim()) || row.says.trim().length < 15) problems.push(`${id}: "says" should be one sentence in our own words, ending with a period`);
    const has = { requirements: 'requirements' in row && row.requirements !== undefined, reason: 'reason' in row && row.reason !== undefined, gap: 'gap' in row && row.gap === true };
    const n = Number(has.requirements) + Number(has.reason) + Number(has.gap);
    if (n !== 1) {
      problems.push(`${id}: needs exactly one of requirements, reason or gap (has ${n})`);
      continue;
    }
    if (has.requirements) {
      const reqs = (row as { requirements: readonly string[] }).requirements;
      if (reqs.length === 0) problems.push(`${id}: an empty requirements list tests nothing`);
      for (const r of reqs) if (!catalogue.has(r)) problems.push(`${id}: names requirement ${r}, which the catalogue lacks`);
      if (reqs.length && !reqs.some((r) => exercised.has(r))) problems.push(`${id}: none of ${reqs.join(', ')} is checked by any test`);
    }
    if (has.reason) {
      const reason = (row as { reason: string }).reason.trim();
      const kind = (row as { kind?: ReasonKind }).kind;
      if (reason.length < 15) problems.push(`${id}: the reason is too short to explain anything`);
      if (!kind) problems.push(`${id}: a reason needs its kind`);
    }
    if (has.gap) problems.push(`${id}: ${row.level} on the ${row.binds} that no test checks and no reason explains: ${row.says}`);
  }
  return problems;
}

/**
 * Tested rows none of whose requirements a passing test reported in a run (`passed`: the catalogue IDs annotated on the
 * tests that passed). The static guard sees that tests name a requirement; this sees that one actually ran and passed
 * against the target, e.g. on the self-test's baseline run (a variant the harness never runs would show up here).
 */
export function rowsWithoutPassingTest(passed: ReadonlySet<string>, rows: readonly ClauseRow[] = CLAUSE_INVENTORY): ClauseRow[] {
  return rows.filter((r) => statusOf(r) === 'tested' && !(r as { requirements: readonly string[] }).requirements.some((id) => passed.has(id)));
}

const STATUS_TEXT: Record<RowStatus, string> = { tested: 'tested', explained: 'explained', untested: '**untested**', gap: '**gap**' };
const REASON_TEXT: Record<ReasonKind, string> = {
  'client-side': 'client-side',
  'not-observable': 'not observable from outside',
  operator: 'needs an operator',
  'not-applicable': 'not applicable here',
  covered: 'covered by another row',
  optional: 'optional (MAY)',
  untested: 'untested',
  later: 'left to a later version',
};

/** docs/clauses.md, generated from the inventory (scripts/docs-clauses.ts writes it; a unit test keeps it current). */
export function renderClausesDoc(rows: readonly ClauseRow[] = CLAUSE_INVENTORY): string {
  const f = inventoryFigures(rows);
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out: string[] = [];
  out.push('# Clause inventory', '');
  out.push('<!-- Generated from mock-rp/clause-inventory.ts by `npx tsx scripts/docs-clauses.ts`; do not edit by hand. -->', '');
  out.push(
    'Every requirement that the FAPI profiles, and the parts of the RFCs, JARM and OpenID Connect Core they make normative, place on the',
    'authorization server (AS) or the resource server (RS), with its level and either the catalogue requirements whose tests check it or',
    'the reason no test does. The conformance-suite parity counts modules; this counts clauses. Client-side rules are left out.',
    'Clause IDs follow the requirement catalogue: `<SPEC>-<section>[-<item>]`, item being the position in that section\'s list.',
    '',
  );
  out.push(`**${f.inventoried} AS/RS clauses inventoried: ${f.tested} tested (${f.partly} of them partly), ${f.explained} explained, ${f.untested} untested${f.gaps ? `, ${f.gaps} gaps` : ''}.**`);
  out.push(`MUST clauses: ${f.must.inventoried}, of which ${f.must.tested} tested, ${f.must.explained} explained, ${f.must.untested} untested. SHOULD: ${f.byLevel.SHOULD}. MAY: ${f.byLevel.MAY}.`, '');
  out.push('| document | inventoried | tested | explained | untested |', '| --- | ---: | ---: | ---: | ---: |');
  for (const k of SPEC_KEYS) {
    const c = f.bySpec[k];
    if (c.inventoried) out.push(`| ${INVENTORY_SPECS[k].name} | ${c.inventoried} | ${c.tested} | ${c.explained} | ${c.untested + c.gaps} |`);
  }
  out.push(`| **all** | **${f.inventoried}** | **${f.tested}** | **${f.explained}** | **${f.untested + f.gaps}** |`, '');
  const reasons = Object.entries(f.byReason).map(([k, n]) => `${REASON_TEXT[k as ReasonKind]} ${n}`).join(', ');
  if (reasons) out.push(`Reasons given: ${reasons}.`, '');
  const untested = rows.filter((r) => statusOf(r) === 'untested' || statusOf(r) === 'gap');
  if (untested.length) {
    out.push('## Untested', '', 'What the harness does not check yet, and what a test would need.', '');
    for (const r of untested) out.push(`- [${r.id}](${clauseUrl(r.id)}) (${r.level}, ${r.binds}): ${esc(r.says)} ${'reason' in r && r.reason ? `*${esc(r.reason)}*` : ''}`.trimEnd());
    out.push('');
  }
  const partly = rows.filter((r) => 'partly' in r && r.partly);
  if (partly.length) {
    out.push('## Partly tested', '', 'Tested, but the tests leave part of the clause out.', '');
    for (const r of partly) out.push(`- [${r.id}](${clauseUrl(r.id)}) (${r.level}, ${r.binds}): not covered: ${esc((r as { partly: string }).partly)}`);
    out.push('');
  }
  for (const k of SPEC_KEYS) {
    const mine = rows.filter((r) => specOf(r) === k);
    if (!mine.length) continue;
    out.push(`## ${INVENTORY_SPECS[k].name}`, '', '| clause | level | binds | what it asks | status | tests or reason |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of mine) {
      const s = statusOf(r);
      const detail =
        s === 'tested'
          ? `${(r as { requirements: readonly string[] }).requirements.join(', ')}${'partly' in r && r.partly ? `; not covered: ${r.partly}` : ''}`
          : 'reason' in r && r.reason
            ? `${REASON_TEXT[(r as { kind: ReasonKind }).kind]}: ${r.reason}`
            : '';
      out.push(`| [${r.id}](${clauseUrl(r.id)}) | ${r.level} | ${r.binds} | ${esc(r.says)} | ${STATUS_TEXT[s]} | ${esc(detail)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
