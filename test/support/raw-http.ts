import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent, byte for byte (latin1): malformed escapes, NUL, … */
  target: string;
  /** Header lines as sent (latin1); `Host` and `Connection: close` are added. */
  headers?: [string, string][];
  body?: Buffer;
  /** Sets Content-Length to the body's length (default true when there is a body). */
  contentLength?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One HTTP/1.1 exchange over a plain socket, so tests can send what fetch refuses to: malformed
 * percent-encoding, raw bytes in the path, huge or odd headers, lying charsets. Reads until the
 * server closes the connection (`Connection: close`), or, for an event stream, until its head.
 */
export function rawRequest(
  baseUrl: string,
  request: RawRequest,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${hostname}:${port}`];
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (request.body && request.contentLength !== false)
    lines.push(`Content-Length: ${request.body.length}`);
  lines.push('Connection: close', '', '');
  const head = Buffer.from(lines.join('\r\n'), 'latin1');
  return new Promise<RawResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      const response = parse(Buffer.concat(chunks));
      // A server may reset the connection after answering (it did not read a refused body).
      if (response) resolve(response);
      else reject(error ?? new Error('the connection closed without an HTTP response'));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A stream of server-sent events never ends by itself: its head (and whatever came with
      // it) is the answer, and the connection is dropped — as a client going away would.
      const response = parse(Buffer.concat(chunks));
      if (response && /^text\/event-stream/.test(response.headers['content-type'] ?? '')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(response);
      }
    });
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
    socket.write(request.body ? Buffer.concat([head, request.body]) : head);
  });
}

function parse(raw: Buffer): RawResponse | null {
  // Skip interim answers (`100 Continue`) to the final one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 16).toString('latin1'))) {
    const interimEnd = raw.indexOf('\r\n\r\n');
    if (interimEnd < 0) return null;
    raw = raw.subarray(interimEnd + 4);
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status: Number(status[1]), headers, body };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
