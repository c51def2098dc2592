# syntax=docker/dockerfile:1
# The Parley API (Express + tRPC, HTTP and WebSocket on :3002). Build context: the repository root.
# Debian, not Alpine: libsignal's prebuilt binary needs glibc >= 2.34.

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
RUN npx turbo run build --filter=@parley/api

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3002 DATA_DIR=/data
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/packages/api/package.json packages/api/
COPY --from=build /app/packages/crypto/package.json packages/crypto/
COPY --from=build /app/packages/db/package.json packages/db/
# Production dependencies of the API and the workspaces it links (db, crypto) only; libsignal ships
# binaries for every platform, of which this image needs one (~130 MB less).
RUN npm ci --omit=dev --workspace=@parley/api --include-workspace-root=false --no-audit --no-fund \
  && npm cache clean --force \
  && keep="$(node -p 'process.platform + "-" + process.arch')" \
  && find node_modules/@signalapp/libsignal-client/prebuilds -mindepth 1 -maxdepth 1 ! -name "$keep" \
    -exec rm -rf {} +
COPY --from=build /app/packages/api/dist packages/api/dist
COPY --from=build /app/packages/crypto/dist packages/crypto/dist
COPY --from=build /app/packages/db/dist packages/db/dist
COPY --from=build /app/packages/db/migrations packages/db/migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3002
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3002/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "packages/api/dist/main.js"]
