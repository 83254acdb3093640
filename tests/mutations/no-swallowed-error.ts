// no-swallowed-error: catch handlers around I/O that neither rethrow, return an error result nor log.
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'the resilience layer turns a network failure into an empty answer',
    file: 'server/adapters/_resilience.ts',
    find: `    } catch (error) {
      if (isAbortError(error) || signal.aborted) throw new UpstreamTimeoutError(provider, spec.operation, error);
      throw new UpstreamNetworkError(provider, spec.operation, error);
    }

    let text: string;`,
    replace: `    } catch {
      return { status: 0, data: undefined };
    }

    let text: string;`,
    expect: [{ ruleId: 'no-swallowed-error', at: 'catch {\n      return { status: 0' }],
  },
  {
    name: 'the session cache serves the fallback silently when the store fails',
    file: 'server/services/session-cache.ts',
    find: `    } catch (error) {
      log.warn({ err: error, store: this.store.name, clerkId }, 'session store read failed; serving in-memory fallback');
      return cached;
    }`,
    replace: `    } catch {
      return cached;
    }`,
    expect: [{ ruleId: 'no-swallowed-error', at: 'catch {\n      return cached;' }],
  },
  {
    name: 'a webhook acknowledges an event it could not store, without a log',
    file: 'server/webhooks/index.ts',
    find: `  } catch (error) {
    // Not stored = not acknowledged: the provider keeps the event and delivers it again.
    log.error({ err: error, provider: event.provider, eventType: event.eventType }, 'webhook event could not be stored');
    return c.json({ error: 'storage_unavailable' }, 503);
  }`,
    replace: `  } catch {
    return c.json({ received: true, duplicate: false }, 200);
  }`,
    expect: [{ ruleId: 'no-swallowed-error', at: 'catch {\n    return c.json({ received: true' }],
  },
  {
    name: 'the scheduler ignores a job that could not run',
    file: 'server/_core/scheduler.ts',
    find: `    } catch (error) {
      // runJob only throws when the lease/ledger itself is unreachable (database down).
      log.error({ err: error, job: job.name, trigger }, 'scheduled job could not run');
    }`,
    replace: `    } catch {
      // The next tick will try again.
    }`,
    expect: [{ ruleId: 'no-swallowed-error', at: 'catch {\n      // The next tick' }],
  },
  {
    name: 'a failed migration is dropped by .catch(() => undefined)',
    file: 'server/db.ts',
    find: `  migration ??= runMigrations().catch((error: unknown) => {
    migration = undefined;
    logger.error({ err: error, component: 'db' }, 'database migration failed');
    throw error;
  });`,
    replace: '  migration ??= runMigrations().catch(() => undefined);',
    expect: [{ ruleId: 'no-swallowed-error', at: 'catch(() => undefined)' }],
  },
];
