export { createApp } from './app.ts';
export type { AppDeps } from './app-deps.ts';
export { startApi, type RunningApi } from './main.ts';
export { apiEnvSchema, loadApiConfig, type ApiConfig } from './config.ts';
export { authorKeyOf } from './use-cases/post-comment.ts';
export { listRoutes, type RouteInfo } from './http/route-list.ts';
