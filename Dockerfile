# AMAP server: a small production image.
#   docker build -t amap .
#   docker run -d --name amap -p 3000:3000 -v amap-data:/data \
#     -e BASE_URL=https://amap.example.org -e SMTP_URL=smtps://user:pass@smtp.example.org:465 amap

# --- build: compile TypeScript, then keep only the production dependencies ---
FROM node:20-bookworm-slim AS build
# better-sqlite3 is a native module: these build it when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

# --- runtime: node, production node_modules, compiled code, views, assets, migrations ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY static ./static
COPY migrations ./migrations
COPY amap.config.json ./
# The database (amap.sqlite), the generated session secret and the nightly backups live in /data,
# readable by the server's user only (they hold the members' personal data).
RUN mkdir -p /data && chown node:node /data && chmod 750 /data
USER node
VOLUME /data
EXPOSE 3000
# No curl in the slim image: Node's built-in fetch asks /healthz (200 when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# As `npm start`: a young heap of 8 MB per half and the old heap grown by half at most keep the
# memory under load small (a small VPS; README, Performance).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/server/main.js"]
