import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The payload as the standardwebhooks library verified it; null when verification failed. */
  verified: { type: string; timestamp: string; data: Record<string, any> } | null;
  verifyError: string | null;
}

/**
 * A webhook receiver on 127.0.0.1, as a newsroom would write one: it verifies each request with
 * the Standard Webhooks reference library (not our signing code) and answers `status()`.
 */
export class Receiver {
  readonly received: Received[] = [];
  status: () => number = () => 204;
  private server: Server | null = null;
  private secret = '';
  port = 0;

  /** Listens on `port` (0: any free one). */
  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified: Received['verified'] = null;
        let verifyError: string | null = null;
        try {
          verified = new Webhook(this.secret).verify(body, {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          }) as Received['verified'];
        } catch (error) {
          verifyError = (error as Error).message;
        }
        this.received.push({ headers: req.headers, body, verified, verifyError });
        res.statusCode = this.status();
        res.end();
      });
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** The secret the API returned when the endpoint was created. */
  useSecret(secret: string): void {
    this.secret = secret;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port nothing listens on (yet): a receiver that is down. */
export async function closedPort(): Promise<number> {
  const probe = await new Receiver().start();
  const { port } = probe;
  await probe.stop();
  return port;
}
