/**
 * Closed-loop load with autocannon: a fixed number of connections, each sending its next
 * request as soon as the previous answer arrives. Several URLs (one per API process) share the
 * connections round-robin.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  urls: string[];
  connections: number;
  /** Seconds to run, or… */
  durationSeconds?: number;
  /** …the number of requests to send. */
  amount?: number;
  method?: 'GET' | 'POST';
  /** A fresh JSON body for each request (POST). */
  body?: () => string;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers by status code, e.g. `{ "202": 6012 }`. */
  statusCodes: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { body } = options;
  const result = await autocannon({
    // autocannon spreads connections over an array of URLs; its types only know one.
    url: options.urls as unknown as string,
    connections: options.connections,
    ...(options.amount !== undefined
      ? { amount: options.amount }
      : { duration: options.durationSeconds ?? 10 }),
    method: options.method ?? 'GET',
    ...(body && {
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }],
    }),
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0]),
  );
  return {
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statusCodes,
    errors: result.errors + result.timeouts,
  };
}

/** Answers that were not 2xx, and failed requests: any of them in a measured run is a finding. */
export const failures = (result: LoadResult): number =>
  result.errors +
  Object.entries(result.statusCodes).reduce(
    (sum, [code, count]) => sum + (code.startsWith('2') ? 0 : count),
    0,
  );
