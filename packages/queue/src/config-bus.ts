import { duplicateRedis, type RedisClient } from './connection.ts';

/** A newly activated configuration: a policy version or a scorer model version. */
export interface ConfigChange {
  kind: 'policy' | 'model';
  version: number;
}

const isChange = (value: unknown): value is ConfigChange => {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, version } = value as Record<string, unknown>;
  return (kind === 'policy' || kind === 'model') && typeof version === 'number' && version >= 1;
};

/**
 * Tells every running worker that a policy or model version was activated, so it switches
 * within moments instead of at its next poll: Redis pub/sub on `<prefix>:config`.
 *
 * Pub/sub is fire-and-forget (a worker that is disconnected at that moment misses the message),
 * so it is only the fast path: Postgres stays the truth (the active version is the row with the
 * latest `activated_at`) and workers also poll it every few seconds. A message therefore
 * carries nothing a worker trusts beyond "look now".
 */
export class ConfigBus {
  readonly channel: string;

  /**
   * `redis` publishes. Subscribing needs a connection of its own (a subscribed connection can do
   * nothing else): `subscribe` makes one with `duplicateRedis` (one Redis or a Cluster alike).
   */
  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.channel = `${prefix}:config`;
  }

  /** Announces an activation; resolves with how many subscribers received it. */
  async publish(change: ConfigChange): Promise<number> {
    return this.redis.publish(this.channel, JSON.stringify(change));
  }

  /**
   * Calls `onChange` for every announcement (malformed messages are ignored). Resolves once the
   * subscription is in place, with a function that ends it and closes its connection. The
   * connection reconnects and resubscribes by itself after a Redis outage.
   */
  async subscribe(onChange: (change: ConfigChange) => void): Promise<() => Promise<void>> {
    const subscriber = duplicateRedis(this.redis);
    // A subscriber's errors are reconnect noise; without a listener they would crash the process.
    subscriber.on('error', () => {});
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return;
      }
      if (isChange(parsed)) onChange({ kind: parsed.kind, version: parsed.version });
    });
    await subscriber.subscribe(this.channel);
    return async () => {
      await subscriber.unsubscribe(this.channel).catch(() => undefined);
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }
}
