import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { urlHost, type WebhookTargetGuard } from '@cm/contracts';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that resolves the host, refuses it when any address is internal
 * (the SSRF guard), and hands the socket only addresses it checked — so the address connected to
 * is the one checked, even if DNS answers differently a moment later (rebinding).
 */
function guardedLookup(guard: WebhookTargetGuard) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const found of addresses) {
        const why = guard.address(hostname, found.address);
        if (why) {
          const refused = Object.assign(
            new Error(`target refused: ${hostname} resolves to ${why}`),
            {
              code: 'EWEBHOOKTARGET',
            },
          );
          return callback(refused, []);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          [],
        );
      callback(null, first.address, first.family);
    });
  };
}

/** Longest part of a receiver's answer we read (and then drop): we only need its status. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed webhook. Never throws: every failure — refused target, DNS, connection,
 * timeout, a non-2xx answer — comes back as an outcome for the delivery log. Redirects are not
 * followed (a 3xx is a failure): a redirect could point past the SSRF guard.
 */
export function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; guard: WebhookTargetGuard },
): Promise<SendOutcome> {
  const started = performance.now();
  const done = (outcome: Omit<SendOutcome, 'durationMs'>): SendOutcome => ({
    ...outcome,
    durationMs: performance.now() - started,
  });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(done({ ok: false, statusCode: null, error: 'invalid URL' }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(
      done({ ok: false, statusCode: null, error: 'target refused: not http(s)' }),
    );
  }
  const host = urlHost(url);
  // An IP literal never goes through `lookup`: check it here.
  if (isIP(host)) {
    const why = options.guard.address(host, host);
    if (why) {
      return Promise.resolve(
        done({ ok: false, statusCode: null, error: `target refused: ${why}` }),
      );
    }
  }
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    lookup: guardedLookup(options.guard),
    signal: AbortSignal.timeout(options.timeoutMs),
    // A fresh connection per delivery: a pooled socket could outlive the address check.
    agent: false,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve(done(outcome));
    };
    const req = send(url, requestOptions, (res) => {
      const statusCode = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) res.destroy();
      });
      const settle = () =>
        finish(
          statusCode >= 200 && statusCode < 300
            ? { ok: true, statusCode, error: null }
            : { ok: false, statusCode, error: `HTTP ${statusCode}` },
        );
      res.on('end', settle);
      res.on('close', settle);
      res.on('error', settle);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      finish({
        ok: false,
        statusCode: null,
        error: timedOut
          ? `no answer within ${options.timeoutMs} ms`
          : error.code === 'EWEBHOOKTARGET'
            ? error.message
            : `${error.code ?? error.name}: ${error.message}`.slice(0, 500),
      });
    });
    req.end(body);
  });
}
