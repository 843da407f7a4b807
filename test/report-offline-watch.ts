import type { BrowserContext, Page } from 'playwright';
import { oneLine, short } from './report-offline-render';

/* The offline check's watch on the network: every attempt of the report to reach outside its own file, blocked and
 * logged. */

export const INSIDE = /^(?:file|data|blob|about):/i;

/** Same document, whatever the query or fragment (the report keeps its route in both). */
const sameFile = (a: string, b: string) => a.replace(/[?#].*$/, '') === b.replace(/[?#].*$/, '');

/**
 * Attempts to reach outside the file, one entry per URL with everything seen about it: a request the check aborted,
 * a request event only (refused inside the browser first), a CSP refusal, a WebSocket, a service worker registration.
 */
export class Attempts {
  private readonly byUrl = new Map<string, { what: string; how: Set<string> }>();
  add(url: string, what: string, how: string): void {
    const e = this.byUrl.get(url) ?? { what, how: new Set<string>() };
    // A request's own description (method, type) beats the console's paraphrase.
    const isRequest = (w: string) => /^(?:GET|POST|HEAD|PUT|PATCH|DELETE|OPTIONS) /.test(w);
    if (isRequest(what) && !isRequest(e.what)) e.what = what;
    e.how.add(how);
    this.byUrl.set(url, e);
  }
  get size(): number {
    return this.byUrl.size;
  }
  list(): string[] {
    return [...this.byUrl.values()].map((e) => `${e.what} [${[...e.how].join('; ')}]`);
  }
}

/** Blocks and logs everything that is not the file itself or inline data, for every page and worker of the context. */
export async function watchContext(context: BrowserContext, self: string, outside: Attempts, local: Set<string>, problems: string[]): Promise<void> {
  const describe = (method: string, url: string, type: string) => `${method} ${short(url, 300)} (${type})`;
  await context.route('**/*', (route) => {
    const r = route.request();
    const url = r.url();
    if (INSIDE.test(url)) {
      if (/^file:/i.test(url) && !sameFile(url, self)) local.add(url);
      return route.continue();
    }
    outside.add(url, describe(r.method(), url, r.resourceType()), 'reached the network layer, aborted by the check');
    return route.abort('blockedbyclient');
  });
  // Routing does not see WebSockets; they get their own handler (and are never connected).
  await context.routeWebSocket(/.*/, (ws) => {
    outside.add(ws.url(), `websocket ${ws.url()}`, 'closed by the check');
    void ws.close({ code: 1008, reason: 'offline check' });
  });
  // Request events also cover what the router never sees: loads the report's CSP refused, service worker fetches.
  context.on('request', (r) => {
    const url = r.url();
    if (!INSIDE.test(url)) outside.add(url, describe(r.method(), url, r.resourceType()), 'attempted');
    else if (/^file:/i.test(url) && !sameFile(url, self)) local.add(url);
  });
  context.on('requestfailed', (r) => {
    const url = r.url();
    if (INSIDE.test(url) && !/^data:/i.test(url)) problems.push(`could not load ${short(url)}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  // Registrations (blocked by serviceWorkers: 'block') and CSP refusals leave no request behind: record them.
  await context.exposeBinding('__reportOfflineAttempt', (_source, url: unknown, what: unknown, how: unknown) => outside.add(String(url), String(what), String(how)));
  await context.addInitScript(() => {
    const report = (globalThis as unknown as { __reportOfflineAttempt?: (url: string, what: string, how: string) => void }).__reportOfflineAttempt;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => report?.(e.blockedURI || '(inline)', `${e.effectiveDirective} ${e.blockedURI || '(inline)'}`, "refused by the report's CSP"),
      true,
    );
    const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined;
    if (sw) {
      const register = sw.register.bind(sw);
      sw.register = (url: string | URL, options?: RegistrationOptions) => {
        report?.(String(url), `service worker ${String(url)}`, 'registration attempted');
        return register(url, options);
      };
    }
  });
  const watchPage = (page: Page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${short(oneLine(e.message), 300)}`));
    // Refusals inside Allure's sandboxed attachment frames (no scripts run there) only show up on the console.
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() !== 'error' || !/Content Security Policy/i.test(text)) return;
      // "Loading the image 'https://…' violates…", "Fetch API cannot load https://…. Refused to connect…"
      const url = /((?:https?|wss?):\/\/[^\s'"]+)/i.exec(text)?.[1]?.replace(/[.,;:]+$/, '');
      if (url) outside.add(url, `CSP refusal of ${short(url, 300)}`, "refused by the report's CSP");
      else problems.push(`CSP: ${short(oneLine(text), 300)}`);
    });
    page.on('websocket', (ws) => outside.add(ws.url(), `websocket ${ws.url()}`, 'opened'));
  };
  context.on('page', watchPage);
}
