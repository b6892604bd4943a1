# Revenue Agent: the service as README.md's `npm start` runs it (TypeScript run by tsx, no build step).
# docker build -t revenue-agent . && docker run -p 5000:5000 -e DASHBOARD_TOKEN=$(openssl rand -hex 32) -v revenue-agent-data:/data revenue-agent

FROM node:20-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=5000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
# PGlite's folder (unused with DATABASE_URL), owned by the unprivileged user the service runs as.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 5000
# /health is open and cheap; node is in the image where curl is not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# HOST=0.0.0.0 needs DASHBOARD_TOKEN: without one the service exits 2 and says how to set it.
# SIGTERM ends it gracefully (requests answered, events applied) within 10 s, Docker's default grace period.
CMD ["node", "bin/revenue-agent.js", "serve"]
