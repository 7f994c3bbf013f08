/** Structured output as YAML (`-o yaml`): the same data as stableJson, keys sorted the same way. */
import { stringify } from 'yaml';
import { sortKeys } from './json';

/** No line folding, no anchors for repeated objects, trailing newline. */
export function stableYaml(value: unknown): string {
  return stringify(sortKeys(value), { lineWidth: 0, aliasDuplicateObjects: false });
}
