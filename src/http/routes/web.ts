import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
/** chart.js's self-contained UMD build: its ESM build imports `@kurkle/color` by bare name, which browsers can't resolve. */
const CHART_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));
const CHART_FILE = 'chart.umd.min.js';

/**
 * The live dashboard: static files from src/web at `/` (no build step) and chart.js from node_modules at
 * /vendor/chart.js/. The page holds no data of its own; it reads /api/stream and /api/metrics/*. Its
 * security headers are every answer's (access/security-headers.ts).
 */
export function webRoutes(app: FastifyInstance): void {
  app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    // One route per file found at start, so unknown paths still get the API's 404 body.
    wildcard: false,
  });
  app.register(fastifyStatic, {
    root: CHART_DIR,
    prefix: '/vendor/chart.js/',
    decorateReply: false,
    allowedPath: (path) => path === `/${CHART_FILE}`,
  });
}
