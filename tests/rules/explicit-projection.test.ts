import rule from '../../rules/explicit-projection.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('explicit-projection', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
