import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';

type Options = [];
type MessageIds = 'violation';

export default createRule<Options, MessageIds>({
  name: 'explicit-projection',
  meta: {
    type: 'problem',
    docs: { description: 'Require an explicit column projection on Drizzle selects in routers and services', recommended: 'recommended' },
    messages: { violation: 'Explain what is wrong, why the convention asks otherwise, and what to do instead.' },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    return {};
  },
});
