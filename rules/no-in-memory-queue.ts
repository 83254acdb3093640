import { createRule } from './_utils/create-rule.js';
import { fileRoles } from './_utils/guard.js';

type Options = [];
type MessageIds = 'violation';

export default createRule<Options, MessageIds>({
  name: 'no-in-memory-queue',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow in-memory work queues and work deferred past the webhook acknowledgement', recommended: 'recommended' },
    messages: { violation: 'Explain what is wrong, why the convention asks otherwise, and what to do instead.' },
    schema: [],
  },
  create(context) {
    const { roles } = fileRoles(context);
    if (!roles.has('server')) return {};
    return {};
  },
});
