import { loadConfig, type Config, type ConfigOptions } from '../../pipeline/config.js';
import { messages } from '../messages.js';
import type { Io } from '../output.js';

/** Reads the validated configuration once for a command; warns about the demo key. */
export function config(io: Io, demo = false, overrides: ConfigOptions['overrides'] = {}): Config {
  const c = loadConfig(io.env, { demo, overrides });
  if (c.demoKey) io.err(messages.demoKey);
  return c;
}
