import type { Adapter, AdapterPayload } from 'oidc-provider';

/** The artefacts revoked together when a grant is revoked (e.g. on authorization code reuse). */
const GRANT_BOUND = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * Storage for one server instance.
 *
 * Not oidc-provider's bundled MemoryAdapter: that one prints a production
 * warning on every start, shares one store between all providers of the
 * process unless built through an internal helper, and evicts by LRU at 1000
 * entries, which a long parallel test run can hit while a flow is half done.
 * Here entries live until they expire, and every server starts empty.
 */
export class MemoryStore {
  readonly #entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  /** Secondary lookups the library needs (session uid, user code) to the entry key they point at. */
  readonly #index = new Map<string, string>();
  readonly #grants = new Map<string, Set<string>>();
  #writes = 0;

  /**
   * Keeps entries a little beyond their own expiry: oidc-provider looks some
   * artefacts up with `ignoreExpiration` (an expired PAR request_uri, to tell
   * "expired" from "unknown"), and decides expiry itself from `exp`.
   */
  static readonly GRACE_MS = 60_000;

  adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const k = key(id);
        const expiresAt =
          typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 + MemoryStore.GRACE_MS : Number.POSITIVE_INFINITY;
        this.#entries.set(k, { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string') this.#index.set(`sessionUid:${payload.uid}`, k);
        if (typeof payload.userCode === 'string') this.#index.set(`userCode:${payload.userCode}`, k);
        if (GRANT_BOUND.has(model) && typeof payload.grantId === 'string') {
          const members = this.#grants.get(payload.grantId) ?? new Set<string>();
          members.add(k);
          this.#grants.set(payload.grantId, members);
        }
        if (++this.#writes % 500 === 0) this.#sweep();
      },
      find: async (id) => this.#get(key(id)),
      findByUid: async (uid) => this.#lookup(`sessionUid:${uid}`),
      findByUserCode: async (userCode) => this.#lookup(`userCode:${userCode}`),
      consume: async (id) => {
        const payload = this.#get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const k of this.#grants.get(grantId) ?? []) this.#entries.delete(k);
        this.#grants.delete(grantId);
      },
    };
  }

  /** The id of the first live entry of `model` whose payload satisfies `match` (for faults that act on stored state). */
  findId(model: string, match: (payload: AdapterPayload) => boolean): string | undefined {
    const prefix = `${model}:`;
    for (const [k, entry] of this.#entries) {
      if (k.startsWith(prefix) && entry.expiresAt > Date.now() && match(entry.payload)) return k.slice(prefix.length);
    }
    return undefined;
  }

  #lookup(indexKey: string): AdapterPayload | undefined {
    const k = this.#index.get(indexKey);
    return k === undefined ? undefined : this.#get(k);
  }

  #get(k: string): AdapterPayload | undefined {
    const entry = this.#entries.get(k);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(k);
      return undefined;
    }
    return entry.payload;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(k);
    for (const [grantId, members] of this.#grants) {
      for (const k of members) if (!this.#entries.has(k)) members.delete(k);
      if (members.size === 0) this.#grants.delete(grantId);
    }
    for (const [indexKey, k] of this.#index) if (!this.#entries.has(k)) this.#index.delete(indexKey);
  }
}
