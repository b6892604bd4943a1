import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { extract } from 'tar';

const NODE_MODULES = new URL('../../node_modules/', import.meta.url);
const PGLITE_VERSION: string = JSON.parse(readFileSync(new URL('@electric-sql/pglite/package.json', NODE_MODULES), 'utf8')).version;
const CACHE_DIR = fileURLToPath(new URL('.cache/revenue-agent/', NODE_MODULES));
export const TEMPLATE = join(CACHE_DIR, `pglite-${PGLITE_VERSION}-initdb.tar.gz`);

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
    if (template) await unpackTemplate(template, dataDir);
    else await mkdir(dataDir, { recursive: true });
  }
  if (dataDir !== undefined && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create({ dataDir, startParams: START_PARAMS });
  if (template) return PGlite.create({ loadDataDir: new Blob([await readFile(template)]), startParams: START_PARAMS });
  const pg = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), startParams: START_PARAMS });
  await saveTemplate(pg).catch(() => undefined);
  return pg;
}

/**
 * Unpacked beside the data folder and renamed into place: PG_VERSION is the archive's first file, so a
 * crash mid-way through unpacking in place left a folder that looked like a cluster and never opened again.
 */
export async function unpackTemplate(template: string, dataDir: string): Promise<void> {
  const partial = `${dataDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await extract({ file: template, cwd: partial });
  // An empty data folder (made by hand, or by a start before this one) is replaced; one with files is not.
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(partial, dataDir);
}

async function saveTemplate(pg: PGlite): Promise<void> {
  const image = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so a concurrent reader never sees half a template.
  const partial = `${TEMPLATE}.${process.pid}.partial`;
  await writeFile(partial, image);
  await rename(partial, TEMPLATE);
}
