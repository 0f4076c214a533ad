import { duplicateRedis, type RedisClient } from './connection.ts';

/** A thread page as readers get it: the JSON text and its ETag. */
export interface CachedPage {
  json: string;
  etag: string;
}

/** The channel ThreadCache's invalidation publishes each invalidated article id on. */
export const threadInvalidationChannel = (prefix: string): string => `${prefix}:thread:invalidated`;

export interface LocalThreadCacheOptions {
  /** Pages kept at most (least recently used leave first). */
  maxPages: number;
  /** Longest a page is served from memory: the fallback should an invalidation ever be missed. */
  ttlMs: number;
}

/**
 * Hot thread pages in this API process's memory, in front of the Redis ThreadCache, so a hot
 * thread costs no round trip. Every ThreadCache invalidation (the worker storing an approval,
 * a moderator's decision) publishes the article id in the same Lua script; every replica
 * subscribes and drops that article's pages.
 *
 * Pub/sub is fire-and-forget, so this cache only serves while its subscription is up: from a
 * disconnect until it is subscribed again it serves nothing (and it starts empty again), and a
 * page never outlives `ttlMs`. A page read from Redis or Postgres is kept only if no
 * invalidation of its article arrived since the read began (`ticket`/`put`), so a slow read
 * cannot put an older thread back.
 */
export class LocalThreadCache {
  private readonly pages = new Map<string, { page: CachedPage; until: number }>();
  /** Per article: the invalidation counter when its last invalidation arrived. */
  private readonly invalidatedAt = new Map<string, number>();
  /** Invalidations seen; articles pruned from `invalidatedAt` count as invalidated at `floor`. */
  private counter = 0;
  private floor = 0;
  private live = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly options: LocalThreadCacheOptions,
  ) {}

  private static pageKey(articleId: string, page: string): string {
    return `${articleId}\n${page}`;
  }

  /** The page, when this process holds a fresh copy. */
  get(articleId: string, page: string, now = Date.now()): CachedPage | undefined {
    if (!this.live) return undefined;
    const key = LocalThreadCache.pageKey(articleId, page);
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.pages.delete(key);
      return undefined;
    }
    // Most recently used last: the map's first key is the one to evict.
    this.pages.delete(key);
    this.pages.set(key, entry);
    return entry.page;
  }

  /** Take before reading the page elsewhere; hand to `put`. */
  ticket(): number {
    return this.live ? this.counter : -1;
  }

  /** Keeps the page unless its article was invalidated (or the subscription dropped) since `ticket`. */
  put(articleId: string, page: string, ticket: number, value: CachedPage, now = Date.now()): void {
    if (!this.live || ticket < 0) return;
    if ((this.invalidatedAt.get(articleId) ?? this.floor) > ticket) return;
    const key = LocalThreadCache.pageKey(articleId, page);
    this.pages.delete(key);
    this.pages.set(key, { page: value, until: now + this.options.ttlMs });
    if (this.pages.size > this.options.maxPages)
      this.pages.delete(this.pages.keys().next().value as string);
  }

  private invalidate(articleId: string): void {
    this.counter++;
    this.invalidatedAt.delete(articleId);
    this.invalidatedAt.set(articleId, this.counter);
    if (this.invalidatedAt.size > this.options.maxPages) {
      const [oldest, at] = this.invalidatedAt.entries().next().value as [string, number];
      this.invalidatedAt.delete(oldest);
      this.floor = Math.max(this.floor, at);
    }
    const start = `${articleId}\n`;
    for (const key of this.pages.keys()) if (key.startsWith(start)) this.pages.delete(key);
  }

  /** Everything may be stale (the subscription dropped): drop it all and refuse older reads. */
  private forgetAll(): void {
    this.counter++;
    this.floor = this.counter;
    this.invalidatedAt.clear();
    this.pages.clear();
  }

  /**
   * Subscribes on a connection of its own, in the background (an API whose Redis is down still
   * starts; it just serves no page from memory); serves pages once subscribed. Returns a
   * function that ends the subscription.
   */
  start(): () => Promise<void> {
    const channel = threadInvalidationChannel(this.prefix);
    // Its SUBSCRIBE may be sent before the connection is up: queue it (the shared client fails
    // fast instead).
    const subscriber = duplicateRedis(this.redis);
    // A subscriber's errors are reconnect noise; without a listener they would crash the process.
    subscriber.on('error', () => {});
    subscriber.on('close', () => {
      this.live = false;
      this.forgetAll();
    });
    subscriber.on('message', (from: string, articleId: string) => {
      if (from === channel) this.invalidate(articleId);
    });
    // Serve only once Redis confirmed the subscription; ioredis resubscribes by itself after a
    // reconnect, and subscribing again (an idempotent SUBSCRIBE) is how to learn it is done.
    const subscribe = async () => {
      await subscriber.subscribe(channel);
      this.forgetAll();
      this.live = true;
    };
    subscriber.on('ready', () => void subscribe().catch(() => undefined));
    return async () => {
      this.live = false;
      this.forgetAll();
      // Never connected (Redis down): nothing to end politely, and a queued command would wait.
      if (subscriber.status !== 'ready') return subscriber.disconnect();
      await subscriber.unsubscribe(channel).catch(() => undefined);
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }
}
