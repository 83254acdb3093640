import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigError,
  configInput,
  DEFAULT_TIERS,
  createExternalClientMatcher,
  createGuard,
  createModuleMatcher,
  loadConfig,
  parseConfig,
  resolveGuard,
} from '@backend-guard/config';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './_utils/project.js';

function projectWith(files: Record<string, string>): string {
  const dir = scratchDir('bg-config-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function loadError(dir: string): Promise<ConfigError> {
  const error = await loadConfig(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('applies the seed defaults when there is no config file', async () => {
    const { config, file } = await loadConfig(projectWith({}));
    expect(file).toBeUndefined();
    expect(config.tiers).toEqual([...DEFAULT_TIERS]);
    expect(config.roles.routers).toEqual(['server/routers/**']);
    expect(config.tierPolicy.routers['admin*']).toBe('adminProcedure');
  });

  it('reads backend-guard.config.json and keeps defaults for keys it omits', async () => {
    const dir = projectWith({ 'backend-guard.config.json': JSON.stringify({ roles: { routers: ['src/api/**'] } }) });
    const { config, file } = await loadConfig(dir);
    expect(file).toBe(path.join(dir, 'backend-guard.config.json'));
    expect(config.roles.routers).toEqual(['src/api/**']);
    expect(config.roles.services).toEqual(['**/services/**']);
  });

  it('reads a TypeScript config with a default export', async () => {
    const dir = projectWith({
      'backend-guard.config.ts': `const tiers: string[] = ['open', 'member', 'staff'];\nexport default { tiers, tierPolicy: { mutation: 'member', routers: {} } };\n`,
    });
    const { config } = await loadConfig(dir);
    expect(config.tiers).toEqual(['open', 'member', 'staff']);
    expect(config.tierPolicy.mutation).toBe('member');
  });

  it('derives the default tier policy from renamed tiers', () => {
    const config = parseConfig({ tiers: ['open', 'member', 'staff'] }, 'test');
    expect(config.tierPolicy.mutation).toBe('member');
    expect(config.tierPolicy.subscription).toBe('member');
    expect(config.tierPolicy.routers).toEqual({ 'admin*': 'staff', lgpd: 'member', financial: 'member', users: 'member' });
  });

  it('reads builder factories in `tiers` and keeps `tiers` the list of builders', () => {
    const config = parseConfig(
      { tiers: ['publicProcedure', { factory: 'permissionProcedure', tier: 'protectedProcedure' }, 'protectedProcedure', 'adminProcedure'] },
      'test',
    );
    expect(config.tiers).toEqual(['publicProcedure', 'protectedProcedure', 'adminProcedure']);
    expect(config.tierFactories).toEqual({ permissionProcedure: 'protectedProcedure' });
    // The derived policy counts builders only: the second builder is protected.
    expect(config.tierPolicy.mutation).toBe('protectedProcedure');
    expect(parseConfig({}, 'test').tierFactories).toEqual({});
    // A parsed config is valid input (the CLI hands it to the rules through settings) and parses to itself.
    expect(parseConfig(configInput(config), 'again')).toEqual(config);
    expect(() => parseConfig({ tiers: ['open'], tierFactories: { perm: 'staff' } }, 'test')).toThrow('tierFactories.perm: "staff" is not a configured tier');
  });

  it('rejects a factory of an unknown tier, a factory named like a tier and a factory listed twice', () => {
    const parse = (tiers: unknown[]) => () => parseConfig({ tiers }, 'test');
    expect(parse(['open', { factory: 'perm', tier: 'member' }])).toThrow('tiers[1].tier: "member" is not a configured tier; expected one of "open"');
    expect(parse(['open', { factory: 'open', tier: 'open' }])).toThrow('tiers[1].factory: "open" is a tier');
    expect(parse(['open', { factory: 'perm', tier: 'open' }, { factory: 'perm', tier: 'open' }])).toThrow('tiers[2].factory: "perm" is listed twice');
    expect(parse([{ factory: 'perm', tier: 'open' }])).toThrow('at least one tier builder');
    expect(parse(['open', { factory: 'perm', tier: 'open', extra: 1 }])).toThrow(/tiers\[1\]/);
    expect(parse(['open', 'open'])).toThrow('tiers[1]: "open" is listed twice; each tier once');
  });

  it('reads an ES module config', async () => {
    const dir = projectWith({ 'backend-guard.config.mjs': `export default { sqlDrivers: { replace: ['pg'] } };\n` });
    expect((await loadConfig(dir)).config.sqlDrivers).toEqual(['pg']);
  });

  it('lists the logging libraries by default and takes a project\'s own', async () => {
    expect(parseConfig({}, 'test').loggers).toContain('pino');
    const dir = projectWith({ 'backend-guard.config.json': JSON.stringify({ loggers: ['@acme/logger'] }) });
    expect((await loadConfig(dir)).config.loggers).toEqual([...parseConfig({}, 'test').loggers, '@acme/logger']);
    const replaced = projectWith({ 'backend-guard.config.json': JSON.stringify({ loggers: { replace: ['pino'] } }) });
    expect((await loadConfig(replaced)).config.loggers).toEqual(['pino']);
    const error = await loadError(projectWith({ 'backend-guard.config.json': '{ "loggers": "pino" }' }));
    expect(error.message).toContain('loggers');
  });

  it('rejects an unknown key, naming the file and the key', async () => {
    const error = await loadError(projectWith({ 'backend-guard.config.json': '{ "tierPolcy": {} }' }));
    expect(error.message).toBe(
      'backend-guard.config.json: (top level): unknown key "tierPolcy"; check the spelling (unknown keys are never ignored)',
    );
  });

  it('rejects a nested unknown key and a wrong type with the value received', async () => {
    const error = await loadError(
      projectWith({ 'backend-guard.config.json': '{ "roles": { "routers": "server/routers/**", "servces": [] } }' }),
    );
    expect(error.message).toContain('backend-guard.config.json: roles: unknown key "servces"');
    expect(error.message).toContain('backend-guard.config.json: roles.routers: Invalid input: expected array, received string (got "server/routers/**")');
  });

  it('rejects a tier policy that names a tier the config does not define', async () => {
    const error = await loadError(
      projectWith({ 'backend-guard.config.json': '{ "tierPolicy": { "routers": { "billing": "ownerProcedure" } } }' }),
    );
    expect(error.message).toContain('tierPolicy.routers.billing: "ownerProcedure" is not a configured tier; expected one of "publicProcedure"');
  });

  it('rejects invalid JSON and a module without a default export', async () => {
    expect((await loadError(projectWith({ 'backend-guard.config.json': '{ "tiers": [' }))).message).toMatch(
      /^backend-guard\.config\.json: not valid JSON( \(line \d+, column \d+\))?$/,
    );
    expect((await loadError(projectWith({ 'backend-guard.config.mjs': 'export const tiers = [];\n' }))).message).toMatch(
      /^backend-guard\.config\.mjs: expected a default export/,
    );
  });

  it('rejects a module that throws while loading, naming the file', async () => {
    const error = await loadError(projectWith({ 'backend-guard.config.mjs': 'throw new Error("boom");\n' }));
    expect(error.message).toBe('backend-guard.config.mjs: could not be loaded: boom');
  });

  it('refuses to pick between two config files', async () => {
    const error = await loadError(
      projectWith({ 'backend-guard.config.json': '{}', 'backend-guard.config.mjs': 'export default {};\n' }),
    );
    expect(error.message).toMatch(/found backend-guard\.config\.mjs and backend-guard\.config\.json; expected at most one/);
  });

  it('rejects a config that is not an object', () => {
    expect(() => parseConfig([], 'backend-guard.config.json')).toThrow(/expected an object of backend-guard settings \(got an array\)/);
  });
});

describe('roles', () => {
  const guard = createGuard(parseConfig({}, 'test'), '/p');
  it('matches the seed layout', () => {
    expect([...guard.roles.rolesOf('/p/server/routers/leads.ts')].sort()).toEqual(['routers', 'server']);
    expect([...guard.roles.rolesOf('/p/server/db.ts')].sort()).toEqual(['db', 'server']);
    expect([...guard.roles.rolesOf('/p/server/_core/trpc.ts')].sort()).toEqual(['core', 'server', 'trpcCore']);
  });
  it('does not count the schema under server/db as the db module', () => {
    expect([...guard.roles.rolesOf('/p/server/db/schema.ts')].sort()).toEqual(['schema', 'server']);
  });
  it('does not count test files as server code', () => {
    expect([...guard.roles.rolesOf('/p/server/routers/leads.test.ts')].sort()).toEqual(['tests']);
  });
  it('gives files outside the root no role', () => {
    expect(guard.roles.rolesOf('/elsewhere/server/db.ts').size).toBe(0);
    expect(guard.roles.relative('/elsewhere/x.ts')).toBeUndefined();
  });
});

describe('module matchers', () => {
  it('matches a module, its subpaths and globs, and nothing that merely starts alike', () => {
    const match = createModuleMatcher(['pg', '@aws-sdk/*']);
    expect(match('pg')).toBe('pg');
    expect(match('pg/lib/client')).toBe('pg');
    expect(match('pg-format')).toBeUndefined();
    expect(match('@aws-sdk/client-s3')).toBe('@aws-sdk/*');
    expect(match('@aws-sdk/client-s3/dist/x')).toBe('@aws-sdk/*');
    expect(match('@aws-sdkx/client')).toBeUndefined();
  });
  it('keeps the named imports of partial external-client entries', () => {
    const match = createExternalClientMatcher(['axios', { module: '@clerk/backend', imports: ['createClerkClient'] }]);
    expect(match('axios/unsafe')).toEqual({ pattern: 'axios' });
    expect(match('@clerk/backend')).toEqual({ pattern: '@clerk/backend', imports: ['createClerkClient'] });
    expect(match('@clerk/backendx')).toBeUndefined();
  });
});

describe('resolveGuard (ESLint settings)', () => {
  it('caches per settings object and resolves root against cwd', () => {
    const settings = { 'backend-guard': { root: 'app', config: { tiers: ['a', 'b'], tierPolicy: { mutation: 'b', subscription: 'b', routers: {} } } } };
    const first = resolveGuard(settings, '/work');
    expect(resolveGuard(settings, '/work')).toBe(first);
    expect(first.roles.root).toBe(path.resolve('/work/app'));
    expect([...first.tierRank]).toEqual([['a', 0], ['b', 1]]);
  });
  it('rejects unknown settings keys and bad config with the settings path', () => {
    expect(() => resolveGuard({ 'backend-guard': { rot: '.' } }, '/w')).toThrow('settings["backend-guard"]: unknown key "rot"; expected "root", "config" and "typeInformation"');
    expect(() => resolveGuard({ 'backend-guard': { typeInformation: 'eager' } }, '/w')).toThrow(
      'settings["backend-guard"].typeInformation: expected "lazy" or nothing (got "eager")',
    );
    expect(resolveGuard({ 'backend-guard': { typeInformation: 'lazy' } }, '/w').lazyTypes).toBe(true);
    expect(() => resolveGuard({ 'backend-guard': { config: { tiers: [] } } }, '/w')).toThrow(
      'settings["backend-guard"].config: tiers: at least one tier builder',
    );
  });
});
