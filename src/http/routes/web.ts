import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
/** chart.js's self-contained UMD build: its ESM build imports `@kurkle/color` by bare name, which browsers can't resolve. */
const CHART_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));
const CHART_FILE = 'chart.umd.min.js';

/** Everything the page loads comes from this origin: no CDN, no inline script, nothing else to talk to. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
}

/**
 * The live dashboard: static files from src/web at `/` (no build step) and chart.js from node_modules at
 * /vendor/chart.js/. The page holds no data of its own; it reads /api/stream and /api/metrics/*.
 */
export function webRoutes(app: FastifyInstance): void {
  app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    // One route per file found at start, so unknown paths still get the API's 404 body.
    wildcard: false,
    setHeaders: (reply) => securityHeaders(reply),
  });
  app.register(fastifyStatic, {
    root: CHART_DIR,
    prefix: '/vendor/chart.js/',
    decorateReply: false,
    allowedPath: (path) => path === `/${CHART_FILE}`,
    setHeaders: (reply) => securityHeaders(reply),
  });
}
