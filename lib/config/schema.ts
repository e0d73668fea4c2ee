import 'server-only';
import { z } from 'zod';
import { regexSource } from './regex-source';
import { ALERTS_DEFAULTS, alertsSchema } from './alerts-schema';
import { isIpOrCidr } from '../auth/ip-address';
import { isJsonPath } from '../masking/json-path';
import { linearRegexProblem } from '../masking/linear-regex';

// The one description of every setting. Environment variables and the optional config file are both mapped onto
// this shape (see load.ts), so a setting has one name in errors whichever way it was given.

const roleSchema = z.enum(['viewer', 'operator', 'admin']);

const topicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a Kafka topic name: letters, digits, ".", "_" and "-" only');

// Single sign-on behind a reverse proxy (oauth2-proxy style): the user and group headers are trusted only on
// requests whose TCP peer is one of the proxy addresses.
const ipOrCidr = z
  .string()
  .refine((v) => isIpOrCidr(v), 'an IP address or CIDR block, e.g. 10.0.0.5 or 10.0.0.0/24');
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/, 'an HTTP header name')
  .transform((v) => v.toLowerCase());
const proxyAuthSchema = z
  .object({
    enabled: z.boolean().default(false),
    trustedAddresses: z.array(ipOrCidr).default([]),
    userHeader: headerName.default('x-forwarded-user'),
    groupsHeader: headerName.default('x-forwarded-groups'),
    viewerGroups: z.array(z.string().min(1)).default([]),
    operatorGroups: z.array(z.string().min(1)).default([]),
    adminGroups: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((p) => !p.enabled || p.trustedAddresses.length > 0, {
    message: 'proxy sign-on needs the proxy addresses it trusts (trustedAddresses)',
    path: ['trustedAddresses'],
  })
  .default({
    enabled: false,
    trustedAddresses: [],
    userHeader: 'x-forwarded-user',
    groupsHeader: 'x-forwarded-groups',
    viewerGroups: [],
    operatorGroups: [],
    adminGroups: [],
  });

// Masking for what viewers see. Patterns run on V8's linear-time regex engine, so a pattern cannot backtrack
// catastrophically; a pattern that engine cannot run (backreferences, lookaround) is refused here.
const maskingSchema = z
  .object({
    jsonPaths: z
      .array(z.string().refine((p) => isJsonPath(p), 'a JSON path such as $.card.number or $.items[*].email'))
      .default([]),
    headers: z.array(z.string().min(1).max(256)).default([]),
    patterns: z
      .array(
        z
          .string()
          .min(1)
          .max(1000)
          .refine((p) => linearRegexProblem(p) === null, {
            message: 'a regular expression that runs in linear time (no backreferences or lookaround)',
          }),
      )
      .default([]),
  })
  .strict()
  .default({ jsonPaths: [], headers: [], patterns: [] });

const brokerAddress = z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'host:port, e.g. broker1:9092');

export const configSchema = z
  .object({
    kafka: z
      .object({
        brokers: z.array(brokerAddress).min(1, 'at least one broker as host:port'),
        clientId: z.string().min(1).default('dlq-desk'),
        connectionTimeoutMs: z.number().int().positive().default(10_000),
        requestTimeoutMs: z.number().int().positive().default(30_000),
        tls: z
          .object({
            enabled: z.boolean().default(false),
            caFile: z.string().min(1).optional(),
            certFile: z.string().min(1).optional(),
            keyFile: z.string().min(1).optional(),
            rejectUnauthorized: z.boolean().default(true),
          })
          .strict()
          .default({ enabled: false, rejectUnauthorized: true }),
        sasl: z
          .object({
            mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
            username: z.string().min(1),
            password: z.string().min(1),
          })
          .strict()
          .optional(),
      })
      .strict(),
    dlq: z
      .object({
        topics: z.array(topicName).default([]),
        patterns: z.array(regexSource).default([]),
        // The built-in pattern covers the frameworks' default DLQ names; turn it off to watch only what is listed.
        defaultPattern: z.boolean().default(true),
        // How often to look for new and deleted DLQ topics and for records that retention removed.
        syncIntervalSeconds: z.number().int().min(1).max(3600).default(30),
      })
      .strict()
      .default({ topics: [], patterns: [], defaultPattern: true, syncIntervalSeconds: 30 }),
    auth: z
      .object({
        sessionSecret: z.string().min(32, 'at least 32 characters of random text'),
        sessionMaxAgeSeconds: z
          .number()
          .int()
          .positive()
          .default(12 * 3600),
        sessionIdleSeconds: z.number().int().positive().default(3600),
        users: z
          .array(
            z
              .object({
                username: z
                  .string()
                  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits, ".", "_", "@" or "-"'),
                passwordHash: z
                  .string()
                  .regex(
                    /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
                    'an scrypt hash from `npm run hash-password`',
                  ),
                role: roleSchema,
              })
              .strict(),
          )
          .default([]),
        apiTokens: z
          .array(
            z
              .object({
                name: z.string().min(1).max(64),
                token: z.string().min(24, 'at least 24 characters of random text'),
                role: roleSchema,
              })
              .strict(),
          )
          .default([]),
        proxy: proxyAuthSchema,
      })
      .strict(),
    server: z
      .object({
        // The URL users reach DLQ Desk at. Used to check the Origin of mutating requests behind a proxy that
        // rewrites Host; without it the request's own Host header is the origin.
        publicUrl: z.url().optional(),
      })
      .strict()
      .default({}),
    alerts: alertsSchema.default(ALERTS_DEFAULTS),
    dataDir: z.string().min(1).default('./data'),
    replay: z
      .object({
        // Regular expressions a replay target must match in full; internal topics (`_...`) are never targets.
        allowedTargets: z.array(regexSource).default(['.*']),
        defaultRatePerSecond: z.number().int().min(1).default(100),
        maxRatePerSecond: z.number().int().min(1).default(1000),
        // Records replayed this many times are skipped unless an admin overrides.
        maxReplays: z.number().int().min(1).default(3),
        deliveryTimeoutMs: z.number().int().min(1000).default(120_000),
        // Target partitions a job sends to at the same time.
        concurrency: z.number().int().min(1).max(256).default(16),
      })
      .strict()
      .default({
        allowedTargets: ['.*'],
        defaultRatePerSecond: 100,
        maxRatePerSecond: 1000,
        maxReplays: 3,
        deliveryTimeoutMs: 120_000,
        concurrency: 16,
      }),
    masking: maskingSchema,
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const { tls } = cfg.kafka;
    if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'tls', tls.certFile === undefined ? 'certFile' : 'keyFile'],
        message: 'certFile and keyFile go together (client certificate authentication)',
      });
    }
    if (cfg.replay.defaultRatePerSecond > cfg.replay.maxRatePerSecond) {
      ctx.addIssue({
        code: 'custom',
        path: ['replay', 'defaultRatePerSecond'],
        message: 'at most replay.maxRatePerSecond',
      });
    }
    const names = new Set<string>();
    cfg.auth.users.forEach((u, i) => {
      if (names.has(u.username)) {
        ctx.addIssue({
          code: 'custom',
          path: ['auth', 'users', i, 'username'],
          message: `duplicate user "${u.username}"`,
        });
      }
      names.add(u.username);
    });
  });

export type Config = z.infer<typeof configSchema>;
export type Role = z.infer<typeof roleSchema>;
export const roles = roleSchema.options;
