// no-orphans: a server module that imports nothing and that nothing imports (a warning).
import type { Mutation } from '../_utils/mutation-harness.js';

export const mutations: Mutation[] = [
  {
    name: 'a phone normaliser added to lib and never used',
    file: 'server/lib/phone.ts',
    create: "/** Digits only, for matching WhatsApp numbers. */\nexport const normalisePhone = (raw: string): string => raw.replace(/\\D/g, '');\n",
    expect: [{ ruleId: 'no-orphans', at: '/** Digits only' }],
  },
  {
    name: 'a service module copied in and forgotten',
    file: 'server/services/discounts.ts',
    create: "// Discount rules for enrollments.\nexport function discountFor(plan: 'basic' | 'pro', months: number): number {\n  if (plan === 'pro' && months >= 12) return 0.2;\n  return months >= 6 ? 0.1 : 0;\n}\n",
    expect: [{ ruleId: 'no-orphans', at: '// Discount rules' }],
  },
  {
    name: 'an adapter stub nobody wires in',
    file: 'server/adapters/sms.ts',
    create: 'export interface SmsMessage {\n  to: string;\n  text: string;\n}\n\nexport const smsEnabled = false;\n',
    expect: [{ ruleId: 'no-orphans', at: 'export interface SmsMessage' }],
  },
  {
    name: 'a webhook constant module left after a provider was dropped',
    file: 'server/webhooks/stripe-events.ts',
    create: "export const STRIPE_EVENTS = ['invoice.paid', 'invoice.payment_failed'] as const;\n",
    expect: [{ ruleId: 'no-orphans', at: 'export const STRIPE_EVENTS' }],
  },
  {
    name: 'a core feature-flag module that nothing reads',
    file: 'server/_core/flags.ts',
    create: "export const flags = Object.freeze({ newDashboard: false, whatsappTemplates: true });\n",
    expect: [{ ruleId: 'no-orphans', at: 'export const flags' }],
  },
];
