import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HubErrors } from '../errors.js';
import { isPlainObject, type ConfigLayer } from './config-layers.js';

/** Reads a YAML or JSON config file (YAML is a superset of JSON; `.json` files get JSON's stricter parser). */
export function readConfigFile(path: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(path, `cannot read the config file: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw invalid(path, `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw invalid(path, 'the config file must hold an object (a mapping)');
  return parsed;
}

function invalid(path: string, message: string) {
  return HubErrors.CONFIG_INVALID.create({ issues: [{ path: `(file ${path})`, message }] });
}
