import rule from '../../rules/fk-index.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('fk-index', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
