import { checks, ConformanceFailure, FAPI_DHE_SUITES, faultTag, HarnessError, judgeDheKey, perProfile, R, test, type Harness } from '../../fixtures';
import { probeTls, type TlsProbeResult } from '../../fixtures/rp-parts';

/**
 * TLS of every origin the AS serves from (FAPI 1.0 Advanced 8.5; FAPI 2.0 SP 5.2.1): nothing older than TLS 1.2, and
 * on TLS 1.2 no cipher suite outside the profile's list. Each probe is one handshake that offers only what is being
 * asked about; the client's certificate goes with it, so that a server demanding one judges the offer, not its absence.
 */

/** Outside both profiles' lists: CBC modes, static RSA key exchange, SHA-1 MACs. */
const WEAK_EVERYWHERE = ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES128-SHA256', 'DHE-RSA-AES128-SHA256', 'AES128-SHA', 'AES256-SHA256', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384'];
/** Also outside FAPI 1.0 Advanced's four (ECDHE/DHE with RSA and AES-GCM only). */
const WEAK_FOR_FAPI1 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305'];

/** Every origin the discovery document and the target name: the issuer's, each endpoint's, the mTLS aliases', the resource's. */
function origins(h: Harness): string[] {
  const raw = h.metadata.raw;
  const urls = [h.target.issuer, h.resource(), ...Object.entries(raw).filter(([k, v]) => (k.endsWith('_endpoint') || k === 'jwks_uri') && typeof v === 'string').map(([, v]) => v as string)];
  const aliases = raw.mtls_endpoint_aliases;
  if (aliases && typeof aliases === 'object') urls.push(...Object.values(aliases).filter((v): v is string => typeof v === 'string'));
  return [...new Set(urls.filter((u) => URL.canParse(u) && new URL(u).protocol === 'https:').map((u) => new URL(u).origin))];
}

/** The origin must answer a modern handshake first, else a refusal below would prove nothing. */
async function reachable(origin: string, h: Harness, identity: Parameters<typeof probeTls>[2]): Promise<void> {
  const ok = await probeTls(origin, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, identity, h.target.timeouts?.httpMs);
  if (ok.kind !== 'connected') throw new HarnessError(`TLS probe: ${origin} does not complete a TLS 1.2/1.3 handshake (${ok.kind === 'refused' ? ok.error : ok.error})`, { endpoint: origin });
}

function describe(r: TlsProbeResult): string {
  return r.kind === 'connected' ? `${r.protocol} ${r.cipher}` : r.error;
}

/**
 * FAPI 1.0 Advanced 8.5 asks for DHE keys of at least 2048 bits; FAPI 2.0 SP 5.2.1 imports BCP 195, whose RFC 9325 4.5
 * requires the same wherever DHE is negotiated (FAPI 2.0 SP 5.2.2 and RFC 9325 4.2 leave DHE out of the suites they
 * recommend; whether a FAPI 2.0 endpoint may offer it at all is the cipher-suite test's question, not this one's).
 */
const DHE_KEY_CLAUSE = { 'fapi2-sp': R.fapi2TlsDhKeyLength, 'fapi2-ms': R.fapi2TlsDhKeyLength, 'fapi1-adv': R.fapi1TlsDheKeyLength } as const;

test.describe('TLS', () => {
  test('no endpoint speaks TLS 1.1 or older', { tag: ['@negative', faultTag('tls-legacy-versions-allowed')] }, async ({ harness, rp }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2TlsVersion, 'fapi2-ms': R.fapi2TlsVersion, 'fapi1-adv': R.fapi1Tls });
    checks(clause);
    const accepted: string[] = [];
    for (const origin of origins(harness)) {
      await reachable(origin, harness, rp.identity);
      const r = await probeTls(origin, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT' }, rp.identity, harness.target.timeouts?.httpMs);
      test.info().annotations.push({ type: 'probe', description: `${origin} offered TLS 1.0/1.1: ${describe(r)}` });
      if (r.kind === 'unreachable') test.skip(true, `the TLS 1.0/1.1 probe cannot be made from this machine: ${r.error}`);
      if (r.kind === 'connected') accepted.push(`${origin} (${describe(r)})`);
    }
    if (accepted.length) throw new ConformanceFailure(clause, 'every handshake offering only TLS 1.0/1.1 refused', `accepted by ${accepted.join(', ')}`);
  });

  test('no endpoint agrees to a TLS 1.2 cipher suite outside the profile\'s list', { tag: ['@negative', faultTag('tls-weak-ciphers-allowed')] }, async ({ harness, rp }) => {
    const clause = perProfile(harness.variant, { 'fapi2-sp': R.fapi2TlsCiphers, 'fapi2-ms': R.fapi2TlsCiphers, 'fapi1-adv': R.fapi1Tls });
    checks(clause);
    const weak = harness.variant.profile === 'fapi1-adv' ? [...WEAK_EVERYWHERE, ...WEAK_FOR_FAPI1] : WEAK_EVERYWHERE;
    const accepted: string[] = [];
    for (const origin of origins(harness)) {
      await reachable(origin, harness, rp.identity);
      for (const cipher of weak) {
        const r = await probeTls(origin, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: cipher }, rp.identity, harness.target.timeouts?.httpMs);
        if (r.kind === 'connected') accepted.push(`${origin} ${cipher}`);
        else if (r.kind === 'unreachable') test.info().annotations.push({ type: 'probe', description: `${origin} ${cipher}: not probed (${r.error})` });
      }
    }
    test.info().annotations.push({ type: 'probe', description: `${weak.length} suites outside the list offered to each of ${origins(harness).join(', ')}` });
    if (accepted.length) throw new ConformanceFailure(clause, 'every TLS 1.2 handshake offering only a suite outside the list refused', `accepted: ${accepted.join(', ')}`);
  });

  test('a DHE handshake uses a Diffie-Hellman group of at least 2048 bits', { tag: ['@negative', faultTag('tls-short-dh-group')] }, async ({ harness, rp }) => {
    const clause = perProfile(harness.variant, DHE_KEY_CLAUSE);
    checks(clause);
    const short: string[] = [];
    let judged = 0;
    for (const origin of origins(harness)) {
      await reachable(origin, harness, rp.identity);
      const r = await probeTls(origin, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: FAPI_DHE_SUITES.join(':') }, rp.identity, harness.target.timeouts?.httpMs);
      const verdict = judgeDheKey(r);
      test.info().annotations.push({ type: 'probe', description: `${origin} offered only ${FAPI_DHE_SUITES.join(', ')} on TLS 1.2: ${verdict.detail}` });
      if (verdict.kind === 'short') short.push(`${origin}: ${verdict.detail}`);
      if (verdict.kind === 'short' || verdict.kind === 'long-enough') judged += 1;
    }
    if (short.length) throw new ConformanceFailure(clause, 'every DHE handshake with a Diffie-Hellman group of at least 2048 bits', short.join('; '));
    test.skip(judged === 0, 'no endpoint accepts a DHE cipher suite on TLS 1.2 (ECDHE alone is allowed): no Diffie-Hellman group to measure');
  });
});
