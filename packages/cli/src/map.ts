import path from 'node:path';
import { buildProcedureMap, type ProcedureMap } from '@backend-guard/project-checks';
import { selectFiles } from './check.js';
import { GuardFailure } from './report.js';
import { useOxcParser } from './parse.js';

/** The procedure map of one backend, as `backend-guard map --format json` prints it. */
export interface MapReport extends Omit<ProcedureMap, 'filesAnalyzed' | 'routerCount'> {
  version: 1;
  /** The analysed folder, relative to the working directory. */
  root: string;
}

/**
 * Builds the procedure map of the backend at `target` (the config's roles and tiers, as `check`
 * reads them). Throws GuardFailure (exit 2) when there is nothing to map: no tRPC procedure and no
 * Hono route (a Hono-only backend gets its routes, with a warning).
 */
export async function mapBackend(cwd: string, target: string, configFile: string | undefined, warn: (message: string) => void): Promise<MapReport> {
  useOxcParser();
  const { root, config, files } = await selectFiles(cwd, target, configFile);
  const { filesAnalyzed: _files, routerCount, ...map } = buildProcedureMap({ root, config, files, warn });
  if (map.procedures.length === 0 && map.honoRoutes.length > 0) {
    warn(`${target}: no tRPC procedure found${routerCount > 0 ? ` in ${routerCount} routers` : ''}; the map lists the Hono routes only`);
  } else if (routerCount === 0 || map.procedures.length === 0) {
    throw new GuardFailure(
      `${target}: no tRPC procedure and no Hono route found in ${files.length} server files, so there is nothing to map. ` +
        'Map the layout: `backend-guard init` writes a config from what it detects, `backend-guard roles` shows each file\'s roles, ' +
        'and backend-guard.config\'s `roles` key (e.g. "appRouter": ["src/api/root.ts"], "routers": ["src/api/routers/**"]) and `tiers` name them.',
    );
  }
  return { version: 1, root: path.relative(cwd, root).split(path.sep).join('/') || '.', ...map };
}
