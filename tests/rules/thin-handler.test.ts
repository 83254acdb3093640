import rule from '../../rules/thin-handler.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('thin-handler', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
