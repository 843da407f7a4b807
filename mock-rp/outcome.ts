/**
 * How a front-channel attempt ended. Negative tests assert on this union (the AS must end it anywhere but `code`);
 * positive tests need `code`.
 */
export type FrontChannelOutcome =
  /** The PAR endpoint refused the request (RFC 9126 2.3). */
  | { kind: 'par-rejected'; status: number; error: string; error_description?: string }
  /** The AS redirected back to the client with an error (RFC 6749 4.1.2.1), possibly inside a JARM response. */
  | { kind: 'error-redirect'; error: string; error_description?: string; state?: string; iss?: string; params: Record<string, string>; viaJarm: boolean }
  /** The AS showed an error page instead of redirecting (e.g. invalid client or redirect_uri). */
  | { kind: 'error-page'; url: string; status?: number; text: string }
  /** The AS issued an authorization code. */
  /** `jarmHeader`: the protected header of the JARM response it came in (no secret: the code is in the payload). */
  | { kind: 'code'; code: string; state?: string; iss?: string; params: Record<string, string>; viaJarm: boolean; jarmHeader?: Record<string, unknown> };

export function describeOutcome(o: FrontChannelOutcome): string {
  switch (o.kind) {
    case 'par-rejected':
      return `PAR refused: HTTP ${o.status} ${o.error}${o.error_description ? ` (${o.error_description})` : ''}`;
    case 'error-redirect':
      return `error redirect: ${o.error}${o.error_description ? ` (${o.error_description})` : ''}${o.viaJarm ? ' [JARM]' : ''}`;
    case 'error-page':
      return `error page at ${o.url}${o.status ? ` (HTTP ${o.status})` : ''}: ${o.text.slice(0, 200)}`;
    case 'code':
      return `authorization code issued${o.viaJarm ? ' [JARM]' : ''}`;
  }
}
