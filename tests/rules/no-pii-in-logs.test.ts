import rule from '../../rules/no-pii-in-logs.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('no-pii-in-logs', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
