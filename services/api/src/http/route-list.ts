import type express from 'express';

export interface RouteInfo {
  /** `route`: an endpoint (`router.get(...)`); `mount`: middleware under a path prefix. */
  kind: 'route' | 'mount';
  /** Upper-case methods the route answers (mounts: every method reaches them). */
  methods: string[];
  /** The Express path pattern, e.g. `/api/v1/articles/:articleId`. */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

const joinPaths = (prefix: string, path: string) =>
  prefix === '' || prefix === '/' ? path : `${prefix}${path === '/' ? '' : path}`;

/**
 * Every endpoint and path-scoped middleware the app serves, read from its router: what tests
 * enumerate to cover each route (including ones added later) without a hand-kept list.
 */
export function listRoutes(app: express.Express): RouteInfo[] {
  const found: RouteInfo[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        found.push({
          kind: 'route',
          methods: Object.keys(layer.route.methods)
            .filter((m) => m !== '_all')
            .map((m) => m.toUpperCase()),
          path: joinPaths(prefix, layer.route.path),
        });
        continue;
      }
      const path = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      if (layer.handle?.stack) walk(layer.handle.stack, joinPaths(prefix, path));
      else if (path !== '/')
        found.push({ kind: 'mount', methods: [], path: joinPaths(prefix, path) });
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return found;
}
