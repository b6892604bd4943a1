import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const NODE_MODULES = new URL('../../node_modules/', import.meta.url);
const PGLITE_VERSION: string = JSON.parse(readFileSync(new URL('@electric-sql/pglite/package.json', NODE_MODULES), 'utf8')).version;
const CACHE_DIR = fileURLToPath(new URL('.cache/revenue-agent/', NODE_MODULES));
const TEMPLATE = join(CACHE_DIR, `pglite-${PGLITE_VERSION}-initdb.tar.gz`);

/**
 * A new PGlite cluster runs initdb, which takes about five seconds here; copying a pristine cluster takes
 * about one. So the first new cluster is kept, untouched, as a template for every later one: demo starts
 * and test stores begin from it. An existing data folder opens as it is.
 */
export async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir !== undefined && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const template = await readFile(TEMPLATE).catch(() => undefined);
  if (template) return PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), loadDataDir: new Blob([template]) });
  const pg = await PGlite.create(dataDir);
  await saveTemplate(pg).catch(() => undefined);
  return pg;
}

async function saveTemplate(pg: PGlite): Promise<void> {
  const image = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so a concurrent reader never sees half a template.
  const partial = `${TEMPLATE}.${process.pid}.partial`;
  await writeFile(partial, image);
  await rename(partial, TEMPLATE);
}
