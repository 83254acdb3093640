import rule from '../../rules/request-logger.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('request-logger', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
