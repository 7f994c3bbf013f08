/**
 * Reading back YAML that synth wrote (deploy, validate, plan): every document as plain data, by
 * the YAML 1.2 core schema (a date stays a string, as the `yaml` package and the API server read
 * it). js-yaml does this about eight times faster than the `yaml` package, which matters to
 * deploy: the two example sites are 5 MB of YAML, mostly cloud-init Secrets. Site files are
 * still read with `yaml`, for its positions.
 *
 * js-yaml resolves an alias to the very value its anchor made, so a stream of aliases parses in
 * linear time but would serialize to gigabytes. synth never writes an anchor, so a text with one
 * is refused (without an anchor there can be no alias).
 */
import { CORE_SCHEMA, load, loadAll, YAMLException, type LoadOptions } from 'js-yaml';

export class YamlReadError extends Error {
  constructor(
    message: string,
    /** 1-based line of the problem in the text, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Every document of a YAML stream (an empty document is null). */
export function readYamlDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  try {
    loadAll(text, (doc) => docs.push(doc), options());
  } catch (e) {
    throw asReadError(e);
  }
  return docs;
}

/**
 * The documents of one file of an output folder, or none with `<source>: <why>` added to
 * `problems` (readers report every bad file at once, then stop).
 */
export function readYamlDocumentsOf(text: string, source: string, problems: string[]): unknown[] {
  try {
    return readYamlDocuments(text);
  } catch (e) {
    if (!(e instanceof YamlReadError)) throw e;
    problems.push(`${source}: ${e.message}`);
    return [];
  }
}

/** The one document of a YAML text. */
export function readYamlDocument(text: string): unknown {
  try {
    return load(text, options());
  } catch (e) {
    throw asReadError(e);
  }
}

/**
 * The core schema, and a listener that refuses anchors: js-yaml calls it as each node opens
 * (where its line is) and closes (its anchor, if any, still in the state).
 */
function options(): LoadOptions {
  const lines: number[] = [];
  return {
    schema: CORE_SCHEMA,
    listener(event, state: { anchor?: string | null; line: number }) {
      if (event === 'open') lines.push(state.line);
      else {
        const line = (lines.pop() ?? state.line) + 1;
        if (state.anchor) throw new YamlReadError(`an anchor (&${state.anchor}) on line ${line}: rackshift writes none, so this is not synth's output`, line);
      }
    },
  };
}

function asReadError(e: unknown): Error {
  if (!(e instanceof YAMLException)) return e as Error;
  const line = e.mark ? e.mark.line + 1 : undefined;
  return new YamlReadError(`${e.reason || 'not YAML'}${line ? ` (line ${line})` : ''}`, line);
}
