// Safe to edit: created once by vigilctl, never overwritten. The followup service's config
// schema: go-zero's RestConf keys (Name, Host, Port, Log, Timeout…) plus this service's blocks.
import { Type, type Static } from '@sinclair/typebox';
import {
  AuthConfigSchema,
  DatabaseConfigSchema,
  defineConfig,
  ServiceQueueConfigSchema,
} from '@vigil/core';

/** How the service runs: `embedded` migrates at start-up and uses the PostgreSQL transport. */
export const VigilModeSchema = Type.Union([Type.Literal('embedded'), Type.Literal('production')], {
  default: 'production',
  description:
    'embedded (one machine: migrations at start-up, PostgreSQL queue transport) or production ' +
    '(`vigil migrate` beforehand, RabbitMQ).',
});

/** One reminder rule: a channel, how many days before a visit window opens, at what local time. */
export const ReminderRuleSchema = Type.Object(
  {
    Channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
    DaysBeforeWindow: Type.Integer({ minimum: 0, maximum: 60 }),
    At: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'HH:MM, wall-clock time in the trial time zone',
    }),
  },
  { additionalProperties: false },
);

/** What the worker does with `patient.enrolled` events and reminders. */
export const FollowupConfigSchema = Type.Object(
  {
    Reminders: Type.Array(ReminderRuleSchema, {
      maxItems: 10,
      default: [
        { Channel: 'sms', DaysBeforeWindow: 1, At: '09:00' },
        { Channel: 'email', DaysBeforeWindow: 1, At: '08:00' },
      ],
      description: 'Reminders per visit: the patient by SMS, the site team by e-mail',
    }),
    SiteEmail: Type.String({
      minLength: 3,
      default: 'site-{siteId}@sites.vigil.local',
      description: "The site team's address; {siteId} is replaced by the site id (lower case)",
    }),
    Notifier: Type.Union([Type.Literal('store')], {
      default: 'store',
      description:
        'store: the SMS and e-mail stand-ins keep messages in the database (readable through ' +
        'GET /api/v1/followup/notifications); a real provider adds its adapter here',
    }),
    PollIntervalMs: Type.Integer({
      minimum: 10,
      default: 1000,
      description: 'The reminder poller looks for due reminders this often when idle',
    }),
    BatchSize: Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 50,
      description: 'Most reminders one poll claims and sends in one transaction',
    }),
    MaxSendAttempts: Type.Integer({
      minimum: 1,
      maximum: 50,
      default: 5,
      description: 'Sends of a failing reminder before it is marked failed',
    }),
    RetryBackoffMs: Type.Integer({
      minimum: 1,
      default: 60_000,
      description: 'Delay before a failed send is tried again; doubles per attempt',
    }),
    QueueName: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
      default: 'followup.patient-enrolled',
      description: 'The queue (consumer group) bound to patient.enrolled; replicas share it',
    }),
    Consumers: Type.Integer({
      minimum: 0,
      maximum: 64,
      default: 1,
      description: 'patient.enrolled consumers in this process (0: serve the API only)',
    }),
  },
  { additionalProperties: false, default: {} },
);

/** Everything etc/followup.yaml may hold; validated once at start-up. */
export const ConfigSchema = defineConfig({
  /** Tokens are verified with identity's public keys (JWKS). */
  Auth: AuthConfigSchema,
  Database: DatabaseConfigSchema,
  /** Where `patient.enrolled` events come from; see ServiceQueueConfigSchema. */
  Queue: ServiceQueueConfigSchema,
  Followup: FollowupConfigSchema,
  VigilMode: VigilModeSchema,
});
/** The loaded config, defaults filled. */
export type Config = Static<typeof ConfigSchema>;
