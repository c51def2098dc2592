# syntax=docker/dockerfile:1
# The Parley web app: the built Vite bundle and its small server on :3000, which proxies /trpc
# (HTTP and WebSocket) and /media to the API at API_URL. Build context: the repository root.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/api/package.json packages/api/
COPY packages/crypto/package.json packages/crypto/
COPY packages/db/package.json packages/db/
COPY packages/web/package.json packages/web/
RUN npm ci --no-audit --no-fund
COPY packages/ packages/
RUN npx turbo run build --filter=@parley/web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 API_URL=http://api:3002
COPY --from=build /app/package.json /app/package-lock.json ./
# Only the web workspace: with the others present, npm would link them and install their
# dependencies too. The server needs only its own production dependencies; the app is static files.
COPY --from=build /app/packages/web/package.json packages/web/
RUN npm ci --omit=dev --workspace=@parley/web --include-workspace-root=false --no-audit --no-fund \
  && npm cache clean --force
COPY --from=build /app/packages/web/dist packages/web/dist
COPY --from=build /app/packages/web/dist-server packages/web/dist-server
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "packages/web/dist-server/serve.js"]
