export { createApp, type AppDeps } from './app.ts';
export { startApi, type RunningApi } from './main.ts';
export { apiEnvSchema, loadApiConfig, type ApiConfig } from './config.ts';
export { authorKeyOf } from './post-comment.ts';
