# sanctions-watch in a container: `docker build -t sanctions-watch .`, then see compose.yaml.
# Stage 1 installs the production dependencies (compiling better-sqlite3 if no prebuilt binary
# fits) and builds dist/ through the package's `prepare` script; stage 2 holds only what runs.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Compilers for better-sqlite3's native module, needed only when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
# `npm ci` runs `prepare`, which bundles src/ and adapters/ into dist/app with esbuild.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/data/sanctions-watch.db \
    HEALTH_PORT=9464
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/app ./dist/app
COPY package.json ./
COPY src/bin.js ./src/bin.js
COPY data/entities.json data/feeds.json ./data/
COPY data/demo ./data/demo
# The database lives on a volume owned by the unprivileged `node` user of the base image; the app
# folder stays read-only to it (nothing is built or written there at start).
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
# 3000: Slack's request URL (HTTP mode); 9464: /healthz and /metrics.
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (docker stop): it finishes the cycle, stops the adapters
# and closes the database.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--heap-growing-percent=100", "src/bin.js", "start"]
