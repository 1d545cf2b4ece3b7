/**
 * The Lua scripts of RedisQuotaStore: gcra.ts and quota-decision.ts, step for step, so that one round trip
 * checks and charges both limits atomically (Redis runs a script without interleaving other commands).
 *
 * - Time is whole microseconds, from the server's `TIME` unless the caller passes one (tests): every hub then
 *   uses one clock, whatever the skew between the hubs' own clocks. (Redis 5+ replicates a script's effects,
 *   not the script, so reading `TIME` before writing is allowed; `redis.replicate_commands()` asks for it on
 *   Redis 3.2 and 4.)
 * - A TAT is written with `%.0f`: every integer below 2^53 exactly (Redis would format a number argument with
 *   14 significant digits, which a microsecond timestamp exceeds).
 * - Each key gets a `PX` expiry at its TAT: an idle client's keys vanish once its limits are full again.
 * - Both keys share a hash tag (quota-keys.ts), so the script runs on Redis Cluster.
 */
import { createHash } from 'node:crypto';
import type { RawPolicyDecision, RawQuotaDecision } from './quota-decision.js';

const CLOCK = `
if redis.replicate_commands then redis.replicate_commands() end
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end

local function store(key, tat)
  if tat > now then
    redis.call('SET', key, string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
  else
    redis.call('DEL', key)
  end
end

local function state(interval, capacity, tat)
  local ahead = 0
  if tat and tat > now then ahead = tat - now end
  local free = capacity * interval - ahead
  local remaining = 0
  if free > 0 then remaining = math.floor(free / interval) end
  return remaining, ahead
end
`;

/**
 * KEYS: the rate key, the budget key. ARGV: now (µs, or empty for the server's clock); the rate's interval (µs,
 * 0 for no rate) and capacity; the budget's interval (0 for no budget) and capacity; the cost (whole units); the
 * pending settlement of earlier requests (whole units, negative to refund; 0 or absent for none), applied to the
 * budget first exactly as ADJUST would (a refund never moves the TAT before now), whatever the decision.
 * Returns 11 integers: allowed (0/1), then for the rate and the budget each: present (0/1), allowed (0/1),
 * remaining, reset (µs), retry after (µs; -1: never).
 */
export const CONSUME_SCRIPT = `${CLOCK}
local cost = tonumber(ARGV[6])
local pending = tonumber(ARGV[7]) or 0
local budgetInterval = tonumber(ARGV[4])
if pending ~= 0 and budgetInterval > 0 then
  local tat = tonumber(redis.call('GET', KEYS[2]))
  local base = now
  if tat and tat > now then base = tat end
  local nxt = base + pending * budgetInterval
  if nxt < now then nxt = now end
  if tat ~= nil or nxt > now then store(KEYS[2], nxt) end
end

local function check(key, interval, capacity, units)
  if interval <= 0 then return nil end
  local tat = tonumber(redis.call('GET', key))
  local tau = capacity * interval
  local base = now
  if tat and tat > now then base = tat end
  local nxt = base + units * interval
  local allowed = units == 0 or nxt - now <= tau
  local retry = 0
  if not allowed then
    if units * interval > tau then retry = -1 else retry = nxt - now - tau end
  end
  return { key = key, interval = interval, capacity = capacity, units = units, tat = tat, nxt = nxt,
           allowed = allowed, retry = retry }
end

local rate = check(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), 1)
local budget = check(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]), cost)
local allowed = (rate == nil or rate.allowed) and (budget == nil or budget.allowed)

local reply = { allowed and 1 or 0 }
local function finish(c)
  if c == nil then
    for _ = 1, 5 do table.insert(reply, 0) end
    return
  end
  local tat = c.tat
  if allowed and c.units > 0 then
    tat = c.nxt
    store(c.key, tat)
  end
  local remaining, reset = state(c.interval, c.capacity, tat)
  table.insert(reply, 1)
  table.insert(reply, c.allowed and 1 or 0)
  table.insert(reply, remaining)
  table.insert(reply, reset)
  table.insert(reply, c.retry)
end
finish(rate)
finish(budget)
return reply
`;

/**
 * KEYS: the budget key. ARGV: now (µs or empty); the budget's interval (µs) and capacity; the delta (whole
 * units, negative to refund). Returns 2 integers: remaining, reset (µs).
 */
export const ADJUST_SCRIPT = `${CLOCK}
local interval = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local delta = tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]))
local base = now
if tat and tat > now then base = tat end
local nxt = base + delta * interval
if nxt < now then nxt = now end
if tat ~= nil or nxt > now then store(KEYS[1], nxt) end
local remaining, reset = state(interval, capacity, nxt)
return { remaining, reset }
`;

export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
  readonly keys: number;
}

function script(source: string, keys: number): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex'), keys };
}

export const CONSUME: LuaScript = script(CONSUME_SCRIPT, 2);
export const ADJUST: LuaScript = script(ADJUST_SCRIPT, 1);

/** The ARGV of CONSUME for one request. */
export function consumeArgs(
  nowUs: number | null,
  rate: { intervalUs: number; capacity: number } | null,
  budget: { intervalUs: number; capacity: number } | null,
  cost: number,
  pending = 0,
): string[] {
  return [
    nowUs === null ? '' : String(nowUs),
    String(rate?.intervalUs ?? 0),
    String(rate?.capacity ?? 0),
    String(budget?.intervalUs ?? 0),
    String(budget?.capacity ?? 0),
    String(cost),
    String(pending),
  ];
}

function integers(reply: unknown, length: number): number[] {
  if (!Array.isArray(reply) || reply.length !== length || !reply.every((n) => Number.isSafeInteger(n))) {
    throw new Error(`unexpected reply from the quota script: ${JSON.stringify(reply)}`);
  }
  return reply as number[];
}

function policyAt(values: number[], at: number): RawPolicyDecision | null {
  if (values[at] !== 1) return null;
  const retry = values[at + 4] as number;
  return {
    allowed: values[at + 1] === 1,
    remaining: values[at + 2] as number,
    resetUs: values[at + 3] as number,
    retryAfterUs: retry === -1 ? null : retry,
  };
}

export function parseConsumeReply(reply: unknown): RawQuotaDecision {
  const values = integers(reply, 11);
  return { allowed: values[0] === 1, rate: policyAt(values, 1), budget: policyAt(values, 6) };
}

export function parseAdjustReply(reply: unknown): { remaining: number; resetUs: number } {
  const [remaining, resetUs] = integers(reply, 2) as [number, number];
  return { remaining, resetUs };
}
