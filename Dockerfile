# One image for every role (api, worker, migrate); docker-compose picks the command.

# Build stage: every dependency (dev included), the Prisma client generated, then the entry
# points compiled to dist/ (scripts/build.ts). No dependency's install script runs: nothing is
# downloaded or compiled at install time, and the one generation step we need is explicit.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json prisma.config.ts ./
COPY packages ./packages
COPY services ./services
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run prisma:generate \
 && npm run build

# Runtime stage: production dependencies, dist/, and the files the code reads at run time, in
# the repository's layout (each bundled module finds them relative to its source path).
# --omit=optional: the Prisma CLI (a dev dependency) is also an optional peer of @prisma/client
# and would come back without it; the only other optional packages are msgpackr's native
# unpacker, which BullMQ does not need (it only packs).
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/devstack/package.json packages/devstack/
COPY packages/moderation/package.json packages/moderation/
COPY packages/queue/package.json packages/queue/
COPY services/api/package.json services/api/
COPY services/worker/package.json services/worker/
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/packages/db/seed ./packages/db/seed
# The bundled policy and model, and the labelled corpus the worker's training runs learn from.
COPY --from=build /app/packages/moderation/corpus ./packages/moderation/corpus
COPY --from=build /app/services/api/public ./services/api/public
# public/lib/text-facts.js is a symlink to the engine's copy (one source for the browser and us).
COPY --from=build /app/packages/moderation/src/text-facts.js ./packages/moderation/src/text-facts.js
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/api.js"]
