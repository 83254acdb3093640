import rule from '../../rules/auth-via-context.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('auth-via-context', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
