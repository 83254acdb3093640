import rule from '../../rules/scheduled-job-wrapper.js';
import { file, RuleTester } from '../_utils/rule-tester.js';

new RuleTester().run('scheduled-job-wrapper', rule, {
  valid: [{ name: 'describe the near-miss this proves', code: 'export {};', filename: file('server/routers/example.ts') }],
  invalid: [],
});
