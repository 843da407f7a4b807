/**
 * Checks on a protected resource's answer to a served call (FAPI 1.0 Part 1 6.2.1, items 8 to 11). Pure: no I/O. Each
 * returns what is wrong, or undefined when the rule holds; the caller names the clause and decides the verdict.
 */

export interface ResourceAnswer {
  /** Header names in lower case, as the HTTP client gives them. */
  headers: Readonly<Record<string, string>>;
  /** The body as received, before any decoding. */
  bytes: Uint8Array;
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

/** The charset parameter of a Content-Type value, lower case and unquoted, when there is one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const part of contentType?.split(';').slice(1) ?? []) {
    const [name, ...rest] = part.split('=');
    if (name?.trim().toLowerCase() === 'charset') return rest.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/** Whether the bytes form well-formed UTF-8 (a byte-order mark aside, which RFC 8259 8.1 forbids senders anyway). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * FAPI 1.0 Part 1 6.2.1-8: the answer is UTF-8. The body must decode as UTF-8, and a charset the Content-Type names
 * must be UTF-8 (RFC 8259 defines no charset parameter for JSON, so its absence is fine).
 */
export function checkUtf8Response(answer: ResourceAnswer): string | undefined {
  const charset = charsetOf(answer.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `the Content-Type names charset "${charset}"`;
  if (!isUtf8(answer.bytes)) return `the body (${answer.bytes.length} bytes) is not well-formed UTF-8`;
  return undefined;
}

/** Whether the body is a JSON text, whatever it is labelled (the only case in which 6.2.1-9 applies). */
export function isJsonBody(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8').decode(bytes));
    return bytes.length > 0;
  } catch {
    return false;
  }
}

/**
 * FAPI 1.0 Part 1 6.2.1-9: a JSON answer is labelled application/json (parameters such as charset allowed). Returns
 * `failure` for any other label, `warning` for a structured-syntax `+json` type (JSON, but not the label the clause
 * names).
 */
export function checkJsonContentType(contentType: string | undefined): { failure?: string; warning?: string } {
  const type = mediaTypeOf(contentType);
  if (type === 'application/json') return {};
  if (type && /^application\/[^/\s]+\+json$/.test(type)) return { warning: `the JSON answer is labelled ${type}, not application/json` };
  return { failure: type ? `the JSON answer is labelled ${type}` : 'the JSON answer carries no Content-Type' };
}

/** FAPI 1.0 Part 1 6.2.1-10 with RFC 7231 7.1.1.2: a Date header holding an HTTP-date. */
export function checkDateHeader(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers.date;
  if (value === undefined) return 'no Date header';
  // IMF-fixdate, or one of the two obsolete forms a recipient must still accept (RFC 7231 7.1.1.1).
  const imf = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  const rfc850 = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
  const asctime = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
  if (![imf, rfc850, asctime].some((re) => re.test(value.trim())) || Number.isNaN(Date.parse(value))) return `the Date header "${value}" is not an HTTP-date`;
  return undefined;
}

/** An RFC 4122 UUID in its string form (any version; RFC 9562 kept the format), the variant bits of RFC 4122. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * FAPI 1.0 Part 1 6.2.1-11: x-fapi-interaction-id is the value the client sent, or an RFC 4122 UUID when it sent none
 * (`sent` undefined).
 */
export function checkInteractionId(headers: Readonly<Record<string, string>>, sent: string | undefined): string | undefined {
  const value = headers['x-fapi-interaction-id'];
  if (value === undefined) return sent === undefined ? 'no x-fapi-interaction-id in the answer to a call that sent none' : `no x-fapi-interaction-id in the answer; the call sent "${sent}"`;
  if (sent !== undefined) return value === sent ? undefined : `x-fapi-interaction-id "${value}" instead of the "${sent}" the call sent`;
  return UUID_PATTERN.test(value.trim()) ? undefined : `x-fapi-interaction-id "${value}" is not an RFC 4122 UUID`;
}
