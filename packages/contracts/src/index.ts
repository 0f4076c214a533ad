export * from './text.ts';
export * from './requests.ts';
export * from './job.ts';
export * from './responses.ts';
export * from './env.ts';
export * from './process.ts';
export * from './errors.ts';
export * from './article-text.ts';
