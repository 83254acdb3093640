import rule from '../../rules/no-in-memory-queue.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('no-in-memory-queue', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
