import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { extract } from 'tar';

const NODE_MODULES = new URL('../../node_modules/', import.meta.url);
const PGLITE_VERSION: string = JSON.parse(readFileSync(new URL('@electric-sql/pglite/package.json', NODE_MODULES), 'utf8')).version;
const CACHE_DIR = fileURLToPath(new URL('.cache/revenue-agent/', NODE_MODULES));
const TEMPLATE = join(CACHE_DIR, `pglite-${PGLITE_VERSION}-initdb.tar.gz`);

/**
 * PostgreSQL's default 128 MB of shared buffers lives in the process's own memory here, and is touched
 * whole at start. The files are read through the operating system's cache anyway, so a quarter of it
 * keeps what queries revisit while the service stays well under its memory budget.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * A new PGlite cluster runs initdb, which takes about five seconds here; copying a pristine cluster takes
 * about one. So the first new cluster is kept, untouched, as a template for every later one: demo starts
 * and test stores begin from it. A new data folder is unpacked from it on disk (loading it through
 * PGlite would hold every file in memory first); an existing data folder opens as it is.
 */
export async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  const template = existsSync(TEMPLATE) ? TEMPLATE : undefined;
  if (dataDir !== undefined && !existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    if (template) await extract({ file: template, cwd: dataDir });
  }
  if (dataDir !== undefined && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create({ dataDir, startParams: START_PARAMS });
  if (template) return PGlite.create({ loadDataDir: new Blob([await readFile(template)]), startParams: START_PARAMS });
  const pg = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), startParams: START_PARAMS });
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
