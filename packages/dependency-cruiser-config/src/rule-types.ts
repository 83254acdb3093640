import type { IForbiddenRuleType } from 'dependency-cruiser';
import type { RolePaths } from './role-paths.js';

export type ForbiddenRule = IForbiddenRuleType & { name: string; comment: string };

/** What the rules need of the layout besides each role's regex. */
export interface Layout {
  /** `routerRoots(config.roles.routers)`: folders whose direct files are domain routers. */
  routerRoots: readonly string[];
}

/** A preset rule: made from the roles, so one definition serves every layout. */
export type RuleFactory = (paths: RolePaths, layout: Layout) => ForbiddenRule[];

/** `path`/`pathNot` only when there is a regex (dependency-cruiser rejects an empty one). */
export function restriction(path: string | undefined, pathNot: string | undefined): { path?: string; pathNot?: string } {
  return { ...(path === undefined ? {} : { path }), ...(pathNot === undefined ? {} : { pathNot }) };
}
