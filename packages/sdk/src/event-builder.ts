import type { EventJson } from './automation-wire.js';

/**
 * A finished event condition. Immutable: the modifiers return a new builder, so one condition can
 * be the base of several automations.
 */
export class EventBuilder {
  private readonly json: EventJson;

  constructor(json: EventJson) {
    this.json = json;
  }

  /** Only runs matching this MongoDB-style filter (`{ display_name: { $regex: '^resnet' } }`). */
  where(runFilter: Record<string, unknown>): EventBuilder {
    return new EventBuilder({ ...this.json, run_filter: runFilter });
  }

  /** Per-run cooldown in seconds (default 86400; 0 for none). */
  cooldown(seconds: number): EventBuilder {
    return new EventBuilder({ ...this.json, cooldown_seconds: seconds });
  }

  /** Firings per minute before the rest are recorded as skipped (default 60). */
  rateLimit(perMinute: number): EventBuilder {
    return new EventBuilder({ ...this.json, rate_limit_per_minute: perMinute });
  }

  /** The event part of an automation, as on the wire. */
  toJSON(): EventJson {
    return structuredClone(this.json);
  }
}
