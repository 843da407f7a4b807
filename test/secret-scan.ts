import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/**
 * Searches every file under a folder for known secrets, including where a plain text search cannot see: inside zip
 * archives (Playwright's HTML report keeps its data zipped, base64 in index.html), inside long base64 runs (data: URLs,
 * embedded reports), and inside the header and payload of every JWT-shaped string (a JARM response carries the code in
 * its payload). Binary files (screenshots) are searched as bytes.
 */

export interface Needle {
  /** The exact value that must not appear. */
  value: string;
  /** What it is, for the finding ("access_token", "the end-user password" …). */
  what: string;
  /** Search it anywhere in the text, also inside longer tokens (a prefix of a private key, say). By default a value
   * in the base64url alphabet is matched as a whole token, which lets thousands of needles cost one pass. */
  substring?: boolean;
}

export interface Finding {
  file: string;
  what: string;
  /** Where inside the file: "", "zip entry x", "base64 run", "JWT payload". */
  inside: string;
}

export interface ScanResult {
  files: number;
  bytes: number;
  findings: Finding[];
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/g;
const BASE64_RUN = /[A-Za-z0-9+/]{200,}={0,2}/g;

/** Needles in the base64url alphabet (tokens, codes, secrets, signatures: most of them) are looked up per token of the
 * text in a set, so that thousands of them cost one pass; the others are searched as substrings. */
interface Needles {
  tokens: Map<string, string>;
  substrings: Needle[];
}

const TOKEN = /^[A-Za-z0-9_-]+$/;
const SEPARATORS = /[^A-Za-z0-9_-]+/;

export function scanFolder(dir: string, needles: readonly Needle[]): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, findings: [] };
  const usable = needles.filter((n) => n.value.length >= 6);
  const whole = (n: Needle) => !n.substring && TOKEN.test(n.value);
  const split: Needles = { tokens: new Map(usable.filter(whole).map((n) => [n.value, n.what])), substrings: usable.filter((n) => !whole(n)) };
  for (const file of walk(dir)) {
    const data = readFileSync(file);
    result.files += 1;
    result.bytes += data.length;
    scanBuffer(data, split, (what, inside) => result.findings.push({ file, what, inside }), '', 0);
  }
  return result;
}

function search(text: string, needles: Needles, report: (what: string) => void): void {
  for (const n of needles.substrings) if (text.includes(n.value)) report(n.what);
  if (!needles.tokens.size) return;
  for (const token of text.split(SEPARATORS)) {
    const what = needles.tokens.get(token);
    if (what) report(what);
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

function scanBuffer(data: Buffer, needles: Needles, report: (what: string, inside: string) => void, inside: string, depth: number): void {
  if (depth > 3) return;
  const text = data.toString('latin1');
  search(text, needles, (what) => report(what, inside));
  if (data.length > 4 && data.readUInt32LE(0) === 0x04034b50) {
    for (const entry of unzip(data)) scanBuffer(entry.data, needles, report, `${inside}zip entry ${entry.name} / `, depth + 1);
    return;
  }
  for (const jwt of text.match(JWT) ?? []) {
    for (const part of jwt.split('.').slice(0, 2)) {
      search(Buffer.from(part, 'base64url').toString('utf8'), needles, (what) => report(what, `${inside}JWT header or payload`));
    }
  }
  for (const run of text.match(BASE64_RUN) ?? []) {
    const decoded = Buffer.from(run, 'base64');
    // Only worth a look when it decodes to an archive or to mostly printable text (not a PNG).
    if (decoded.readUInt32LE?.(0) === 0x04034b50 || printable(decoded)) scanBuffer(decoded, needles, report, `${inside}base64 run / `, depth + 1);
  }
}

function printable(b: Buffer): boolean {
  const sample = b.subarray(0, 512);
  let ok = 0;
  for (const c of sample) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) ok += 1;
  return sample.length > 0 && ok / sample.length > 0.9;
}

/** A minimal zip reader (stored and deflated entries, via the central directory), enough for report archives. */
export function unzip(zip: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries && p + 46 <= zip.length; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) break;
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(local) !== 0x04034b50) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    try {
      out.push({ name, data: method === 0 ? raw : method === 8 ? inflateRawSync(raw) : Buffer.alloc(0) });
    } catch {
      out.push({ name, data: raw });
    }
  }
  return out;
}
