import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyCarriesSecret, bodyKeepingRedirects, ensureFormRedirectsSeeOther, ensureNo307WithCredentials, formRedirectsNotSeeOther } from '../../mock-rp/checks/sign-in';
import { ConformanceFailure } from '../../mock-rp/errors';
import type { RecordedNavigation } from '../../mock-rp/http';

const page = (status: number, extra: Partial<RecordedNavigation> = {}): RecordedNavigation => ({ method: 'GET', url: 'https://as.example/interaction/u1', status, ...extra });
const login = (status: number, carriedPassword?: true): RecordedNavigation => ({
  method: 'POST',
  url: 'https://as.example/interaction/u1/login',
  status,
  location: 'https://as.example/auth/u1',
  ...(carriedPassword ? { carriedPassword } : {}),
});

describe('sign-in redirects (FAPI 2.0 SP 5.3.2.2)', () => {
  it('finds the password in a form (encoded or not), in JSON, and nowhere else', () => {
    assert.ok(bodyCarriesSecret('login=alice&password=p%26ss+word', 'p&ss word'));
    assert.ok(bodyCarriesSecret('user=alice&pass=s3cret', 's3cret'));
    assert.ok(bodyCarriesSecret('{"username":"alice","password":"q\\"uote"}', 'q"uote'));
    assert.ok(!bodyCarriesSecret('login=alice&password=other', 's3cret'));
    assert.ok(!bodyCarriesSecret('decision=allow', 's3cret'));
    assert.ok(!bodyCarriesSecret(null, 's3cret'));
    assert.ok(!bodyCarriesSecret('password=', ''), 'an empty password is never found');
  });

  it('a 307 to the submission that carried the password is a failure naming the clause', () => {
    assert.throws(() => ensureNo307WithCredentials([page(200), login(307, true), page(303)]), (e: unknown) => e instanceof ConformanceFailure && e.requirement === 'FAPI2-SP-5.3.2.2-10' && e.message.includes('HTTP 307 to POST https://as.example/interaction/u1/login'));
  });

  it('303 and 302 after the sign-in pass; a 307 to a POST without the password is left to a warning', () => {
    ensureNo307WithCredentials([page(200), login(303, true), page(303)]);
    ensureNo307WithCredentials([login(302, true)]);
    ensureNo307WithCredentials([login(307)]);
    ensureNo307WithCredentials([page(307)]);
    assert.deepEqual(bodyKeepingRedirects([page(307), login(303), login(307), login(308, true)]).map((n) => n.status), [307, 308]);
  });

  it('303 after a submitted form passes; 301, 302, 307 and 308 from the AS are a SHOULD failure naming each', () => {
    const as = ['https://as.example'];
    ensureFormRedirectsSeeOther([page(200), login(303, true), page(303)], as);
    for (const status of [301, 302, 307, 308]) {
      assert.throws(
        () => ensureFormRedirectsSeeOther([page(200), login(status), page(303)], as),
        (e: unknown) => e instanceof ConformanceFailure && e.requirement === 'FAPI2-SP-5.3.2.2-11' && e.message.includes(`HTTP ${status} to POST https://as.example/interaction/u1/login`),
      );
    }
  });

  it('redirects answering a GET, other origins and the 307 that carried the password are not judged for 303', () => {
    const as = ['https://as.example'];
    assert.deepEqual(formRedirectsNotSeeOther([page(302, { location: 'https://as.example/x' }), page(307, { location: 'https://as.example/x' })], as), []);
    const elsewhere: RecordedNavigation = { method: 'POST', url: 'https://rp.example/callback', status: 302, location: 'https://rp.example/done' };
    assert.deepEqual(formRedirectsNotSeeOther([elsewhere], as), []);
    assert.deepEqual(formRedirectsNotSeeOther([login(307, true)], as), [], 'the MUST of ensureNo307WithCredentials judges it');
    assert.deepEqual(formRedirectsNotSeeOther([{ ...login(302), location: undefined }], as), [], 'no Location: not a redirect of the user agent');
    assert.deepEqual(formRedirectsNotSeeOther([login(304), login(200)], as), []);
  });
});
