/**
 * oidc-provider 9 ships no type declarations and @types/oidc-provider lags
 * behind its major versions, so this declares only the surface the reference
 * server touches. Anything not listed here is deliberately unavailable: widen
 * it when you start using it, after reading the library source.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { TLSSocket } from 'node:tls';

  export type AnyObject = Record<string, unknown>;

  /** The Koa context, as far as configuration callbacks need it. */
  export interface KoaContextWithOIDC {
    req: IncomingMessage;
    res: ServerResponse;
    socket: TLSSocket;
    method: string;
    path: string;
    type: string;
    status: number;
    body: unknown;
    get(header: string): string;
    set(header: string, value: string): void;
    oidc: OIDCContext;
  }

  export interface OIDCContext {
    route: string;
    client?: Client;
    params?: AnyObject;
    issuer: string;
    /** Whether the request's client follows one of these FAPI profiles ('2.0', '1.0 Final'). */
    isFapi(...profiles: string[]): boolean;
  }

  export interface Client {
    clientId: string;
    responseModes?: string[];
    [key: string]: unknown;
  }

  export interface ClientModel {
    find(id: string): Promise<Client | undefined>;
    prototype: Client & {
      responseModeAllowed(responseMode: string, responseType: string, fapiProfile: string | undefined): boolean;
    };
  }

  export interface AccessToken {
    jti: string;
    accountId?: string;
    clientId: string;
    scope?: string;
    exp: number;
    jkt?: string;
    'x5t#S256'?: string;
    isSenderConstrained(): boolean;
  }

  export interface AccessTokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<AccessToken | undefined>;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantModel {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface PromptDetail {
    name: string;
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
      [key: string]: unknown;
    };
  }

  export interface Interaction {
    uid: string;
    prompt: PromptDetail;
    params: AnyObject & { client_id: string; scope?: string };
    session?: { accountId?: string; uid?: string };
    grantId?: string;
    returnTo: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: AnyObject, rejected: string[]): Promise<AnyObject> | AnyObject;
  }

  export interface AdapterPayload extends AnyObject {
    uid?: string;
    grantId?: string;
    userCode?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** Loose on purpose: the library validates its configuration at construction and fails loudly there. */
  export type Configuration = AnyObject;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Client: ClientModel;
    readonly AccessToken: AccessTokenModel;
    readonly Grant: GrantModel;
    /** Signs ID tokens (`use: 'idtoken'`) and JARM responses (`use: 'authorization'`), among other JWTs. */
    readonly IdToken: { prototype: { issue(options: { use: string }): Promise<string> } };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    /** Stores the result and returns the URL that resumes the authorization request (interactionFinished redirects there with 303). */
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: 'server_error', listener: (ctx: KoaContextWithOIDC, err: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      statusCode: number;
    }
    class InvalidClientMetadata extends OIDCProviderError {
      constructor(description?: string);
    }
    class InvalidRequestObject extends OIDCProviderError {
      constructor(description?: string);
    }
    class InvalidClientAuth extends OIDCProviderError {
      constructor(description?: string);
    }
  }

  /** The prompts and their checks (oidc-provider's interaction policy); a layout adds a check to the login prompt. */
  export namespace interactionPolicy {
    class Check {
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
      constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC & { oidc: { result?: { login?: unknown } } }) => boolean);
    }
    interface Prompt {
      name: string;
      checks: Check[] & { add?: never };
    }
    type Policy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): Policy;
  }

  export default Provider;
}

declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** The internals oidc-provider keeps for a provider instance. */
  export default function get(provider: object): unknown;
}
