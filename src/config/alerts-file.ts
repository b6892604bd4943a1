import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { LIFECYCLE_KINDS, MOVEMENT_KINDS, type AlertRule, type ChannelPolicy } from '../alerts/alert-rules.ts';
import { Dec } from '../metrics/exact.ts';
import { currencyDecimals } from '../metrics/index.ts';
import { alertsFileSchema, type AlertsFileInput } from './alerts-file-schema.ts';
import type { AlertChannelConfig, AlertChannelTarget } from './alert-channels.ts';

/** What alerts.yaml adds to the channels the environment sets. */
export interface AlertsFile {
  rules: AlertRule[];
  channels: AlertChannelConfig[];
  /** How the file paces channels the environment sets, by name. */
  pacing: Record<string, ChannelPolicy>;
  stripPersonalData: boolean | undefined;
}

export interface AlertsFileContext {
  /** Shown in errors, with the line. */
  path: string;
  /** Where ${NAME} references are looked up. */
  env: NodeJS.ProcessEnv;
  /** Amounts in the file are major units of this currency. */
  reportingCurrency: string;
  /** Channels the environment configured, which rules may name too. */
  envChannels: readonly string[];
  /** A rule's default for payment failures, from ALERT_PAYMENT_FAILED_FROM_ATTEMPT. */
  paymentFailedFromAttempt: number;
}

/** A problem in the file, told by line and column and the setting's path; never the value itself. */
export class AlertsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertsFileError';
  }
}

type Path = ReadonlyArray<string | number>;

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Read only when there is a file: a service without one doesn't hold the parser in memory (about 9 MB). */
const loadYaml = () => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export function parseAlertsFile(text: string, ctx: AlertsFileContext): AlertsFile {
  const { LineCounter, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fail = (path: Path, problem: string): never => {
    const { line, col } = positionOf(doc, lineCounter, path);
    const setting = path.length === 0 ? '' : ` ${dotted(path)}:`;
    throw new AlertsFileError(`${ctx.path}:${line}:${col}:${setting} ${problem}`);
  };
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const [at] = syntax.linePos ?? [{ line: 1, col: 1 }];
    throw new AlertsFileError(`${ctx.path}:${at.line}:${at.col}: ${syntax.message.split('\n')[0]}`);
  }
  const raw = substituteEnv(doc.toJS({ maxAliasCount: 100 }) ?? {}, [], ctx.env, fail);
  const parsed = alertsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(issuePath(issue), issue.message);
  }
  return toAlertsFile(parsed.data!, ctx, fail);
}

/** ${NAME} in any string is the variable's value: secrets stay out of the file. */
function substituteEnv(value: unknown, path: Path, env: NodeJS.ProcessEnv, fail: (path: Path, problem: string) => never): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_, variable: string) => {
      const set = env[variable];
      if (set === undefined || set === '') return fail(path, `refers to \${${variable}}, which is not set in the environment`);
      return set;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, [...path, i], env, fail));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteEnv(item, [...path, key], env, fail)]));
  }
  return value;
}

/** The synthetic `kind` a rule gets (see the schema) is not in the file: its errors point at the rule. */
function issuePath(issue: z.core.$ZodIssue): Path {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  return path.at(-1) === 'kind' ? path.slice(0, -1) : path;
}

function toAlertsFile(file: AlertsFileInput, ctx: AlertsFileContext, fail: (path: Path, problem: string) => never): AlertsFile {
  const minor = (major: number) => new Dec(major).times(new Dec(10).pow(currencyDecimals(ctx.reportingCurrency))).round().toNumber();
  const defaultZone = file.time_zone ?? 'UTC';
  const pacing: Record<string, ChannelPolicy> = {};
  const channels: AlertChannelConfig[] = [];
  for (const [name, spec] of Object.entries(file.channels ?? {})) {
    const fromEnv = ctx.envChannels.includes(name);
    if (fromEnv && spec.type !== 'pacing') fail(['channels', name], `the name ${name} is taken by a channel the environment sets: give only its pacing, or choose another name`);
    if (!fromEnv && spec.type === 'pacing') {
      fail(['channels', name], `expected type: webhook, slack or email (only a channel the environment sets, ${ctx.envChannels.join(', ')}, is given without one, to pace it)`);
    }
    const policy: ChannelPolicy = {
      cooldownSeconds: spec.cooldown ?? 0,
      // A person reads Slack and e-mail: a burst is one message there. The environment's channels are named by their kind.
      groupFrom: spec.group_from ?? (['slack', 'email'].includes(spec.type === 'pacing' ? name : spec.type) ? 3 : 0),
      ...(spec.daily_cap === undefined ? {} : { dailyCap: spec.daily_cap }),
      ...(spec.quiet_hours === undefined
        ? {}
        : { quietHours: { from: spec.quiet_hours.from, to: spec.quiet_hours.to, timeZone: spec.quiet_hours.time_zone ?? defaultZone } }),
    };
    if (spec.type === 'pacing') pacing[name] = policy;
    else channels.push({ name, target: channelTarget(spec), policy });
  }
  const known = new Set([...ctx.envChannels, ...channels.map((c) => c.name)]);
  const seen = new Set<string>();
  const rules = (file.rules ?? []).map((rule, i): AlertRule => {
    if (seen.has(rule.name)) fail(['rules', i, 'name'], `another rule is already named ${rule.name}`);
    seen.add(rule.name);
    rule.channels.forEach((channel, j) => {
      if (!known.has(channel)) fail(['rules', i, 'channels', j], `no channel is named ${channel} (known: ${[...known].join(', ') || 'none'})`);
    });
    const base = { name: rule.name, channels: [...new Set(rule.channels)], urgent: rule.urgent ?? false };
    switch (rule.kind) {
      case 'movement': {
        const m = rule.movement;
        return {
          ...base,
          kind: 'movement',
          types: m.types ?? [...MOVEMENT_KINDS],
          ...(m.min_amount === undefined ? {} : { minAmount: minor(m.min_amount) }),
          ...(m.min_pct_of_mrr === undefined ? {} : { minPctOfMrr: m.min_pct_of_mrr }),
          ...(m.plans === undefined ? {} : { plans: m.plans }),
          ...(m.customer_mrr === undefined
            ? {}
            : {
                customerMrr: {
                  ...(m.customer_mrr.min === undefined ? {} : { min: minor(m.customer_mrr.min) }),
                  ...(m.customer_mrr.max === undefined ? {} : { max: minor(m.customer_mrr.max) }),
                },
              }),
          ...(m.metadata === undefined ? {} : { metadata: m.metadata }),
        };
      }
      case 'lifecycle':
        return {
          ...base,
          kind: 'lifecycle',
          types: rule.lifecycle.types ?? [...LIFECYCLE_KINDS],
          paymentFailedFromAttempt: rule.lifecycle.payment_failed_from_attempt ?? ctx.paymentFailedFromAttempt,
          trialEndingDays: rule.lifecycle.trial_ending_days ?? 3,
        };
      case 'metric':
        return {
          ...base,
          kind: 'metric',
          mrrCrosses: (rule.metric.mrr_crosses ?? []).map(minor),
          ...(rule.metric.week_on_week_pct === undefined ? {} : { weekOnWeekPct: rule.metric.week_on_week_pct }),
        };
      case 'digest':
        return { ...base, kind: 'digest', schedule: rule.digest.schedule, timeZone: rule.digest.time_zone ?? defaultZone, top: rule.digest.top ?? 5 };
    }
  });
  return { rules, channels, pacing, stripPersonalData: file.strip_personal_data };
}

function channelTarget(spec: Exclude<NonNullable<AlertsFileInput['channels']>[string], { type: 'pacing' }>): AlertChannelTarget {
  switch (spec.type) {
    case 'webhook':
      return { kind: 'webhook', url: new URL(spec.url), secret: spec.secret };
    case 'slack':
      return { kind: 'slack', url: new URL(spec.url) };
    case 'email':
      return { kind: 'email', smtpUrl: new URL(spec.smtp_url), to: spec.to, from: spec.from };
  }
}

/** Where the setting is, or the nearest enclosing one that the file has. */
function positionOf(doc: Document, lineCounter: LineCounter, path: Path): { line: number; col: number } {
  const { isMap, isSeq } = loadYaml();
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? (length === 0 ? 0 : undefined);
    if (offset !== undefined) return lineCounter.linePos(offset);
    // A key that exists but whose value can't be a node (an empty value): look for the key itself.
    const parent = doc.getIn(path.slice(0, length - 1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[length - 1]);
      const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (keyRange !== undefined) return lineCounter.linePos(keyRange[0]);
    } else if (isSeq(parent)) continue;
  }
  return { line: 1, col: 1 };
}

const dotted = (path: Path) => path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
