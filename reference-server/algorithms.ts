/**
 * The JWS algorithms the bundled server signs with and accepts, for every client and use (ID tokens, JARM, request
 * objects, client assertions, DPoP proofs): the two both FAPI profiles allow. FAPI 2.0 also allows EdDSA, which this
 * server, like many, leaves out; an AS that offers it to FAPI 2.0 clients must still refuse it from FAPI 1.0 ones.
 */
export const SERVER_SIGNING_ALGS = ['PS256', 'ES256'];
