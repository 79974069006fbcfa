# One container: the API, the realtime channel, and (without DATABASE_URL) an embedded Postgres.
# Node 26 is the current LTS; the dependencies need >= 22.12 (package.json engines).
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY dashboard ./dashboard
COPY clients/typescript/schema.d.ts ./clients/typescript/
# typescript is an optional peer of @nestjs/swagger (only its CLI plugin uses it): npm keeps optional
# peers that are installed, so it is removed by hand; the runtime image has no dev packages.
RUN npm run build && npm prune --omit=dev && rm -rf node_modules/typescript

FROM node:26-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY seeds ./seeds
# Postgres refuses to run as root: the app and its embedded database run as the image's `node` user,
# named by its numeric id so Kubernetes `runAsNonRoot` can verify it. A bind-mounted data folder
# must be writable by uid 1000 (`chown -R 1000:1000 ./data`).
RUN mkdir -p /data && chown 1000:1000 /data
USER 1000:1000
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
