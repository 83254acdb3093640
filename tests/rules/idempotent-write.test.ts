import rule from '../../rules/idempotent-write.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('idempotent-write', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
