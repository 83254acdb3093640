import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';

type Options = [];
type MessageIds = 'violation';

export default createRule<Options, MessageIds>({
  name: 'thin-handler',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow service-layer work in tRPC resolvers and Hono route handlers', recommended: 'recommended' },
    messages: { violation: 'Explain what is wrong, why the convention asks otherwise, and what to do instead.' },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    return {};
  },
});
