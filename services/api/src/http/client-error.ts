import type { Duplex } from 'node:stream';
import { TYPE_BASE } from './problem.ts';

/** What Node's HTTP parser refused, as the status and problem to answer with. */
function classify(code: string | undefined): {
  status: number;
  slug: string;
  title: string;
  detail: string;
} {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        slug: 'headers-too-large',
        title: 'Request Header Fields Too Large',
        detail: 'The request line and headers are larger than the server accepts.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        slug: 'request-timeout',
        title: 'Request Timeout',
        detail: 'The request did not arrive in time.',
      };
    default:
      return {
        status: 400,
        slug: 'malformed-request',
        title: 'Bad Request',
        detail:
          'The request is not valid HTTP (bad characters in the path or a header, or bad framing).',
      };
  }
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (huge headers, raw control
 * characters in the path, broken framing) get the same problem+json as everything else,
 * instead of Node's bare status line. Wire it with `server.on('clientError', answerClientError)`.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, slug, title, detail } = classify(error.code);
  const body = JSON.stringify({ type: TYPE_BASE + slug, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
