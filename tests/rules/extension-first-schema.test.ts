import rule from '../../rules/extension-first-schema.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('extension-first-schema', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
