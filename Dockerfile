# One image for every role (api, worker, migrate); docker-compose picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc tsconfig.base.json prisma.config.ts ./
COPY packages ./packages
COPY services ./services
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "services/api/src/main.ts"]
