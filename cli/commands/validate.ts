import { parseCommandArgs } from '../args';
import { EXIT_CODES_HELP } from '../exit-codes';
import { FORMAT_FLAG, pickFormat } from '../format-flag';
import { stableJson } from '../../lib/json';
import type { Diagnostic } from '../../constructs/diagnostics';
import type { Command } from '../command';
import { printDiagnostics } from '../report';
import { findSiteFiles } from '../../synth/synthesize';
import { fleetOfLoaded } from '../../constructs/fleet';
import { loadSite } from '../../constructs/load';
import { UsageError } from '../../constructs/diagnostics';
import { CrdCatalog } from '../../stacks/validation/crd-catalog';
import { crdFolderSetting } from '../../stacks/validation/crd-folder';
import { NO_LIVE_OBJECT } from '../../stacks/validation/cel/reasons';
import type { CelTally, ObjectProblem } from '../../stacks/validation/object-validator';

export const validateCommand: Command = {
  name: 'validate',
  usage: `Usage: rackshift validate [PATH…] [--crds DIR] [-o text|json|yaml]

  PATH         site files or folders of them (default: sites/)
  --crds DIR   folder of CustomResourceDefinition YAML (searched recursively), e.g. the CRDs
               your cluster runs (default: env RACKSHIFT_CRDS; without either, objects are
               not checked against CRDs)
  -o, --format text|json|yaml
               text (default): problems on stderr only; json or yaml: also the report on
               stdout (sites, problems with file, line, column, field and rule, object problems)

Checks each site (schema, references, power, cooling, floor), then synthesizes it in memory
and validates every object under kubernetes/ and bare-metal/: custom resources against the
CRDs in DIR (their openAPIV3Schema, nothing the API server would prune, and every CEL rule
in x-kubernetes-validations), built-in kinds against the upstream Kubernetes OpenAPI schemas.
Rules that compare with the live object (oldSelf) are counted as not evaluated: there is no
live object here (rackshift deploy evaluates them against the cluster's).

Prints every site problem as file:line:col field: message, and every object problem as
<site>/<file>: <Kind> <namespace>/<name> <field.path>: <message>.
Exit 0 valid, 1 invalid, 2 wrong usage (including a CRD folder that does not exist).
${EXIT_CODES_HELP}`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { crds: { type: 'string' }, ...FORMAT_FLAG });
    const format = pickFormat(values.format, ['text', 'json', 'yaml'] as const, 'text');
    const folder = crdFolderSetting(values.crds);
    // Load the CRDs first: a wrong folder is wrong usage, reported before any site work.
    const crds = folder ? loadCatalog(folder.dir, folder.from) : undefined;
    const files = await findSiteFiles(positionals.length > 0 ? positionals : ['sites']);
    const loaded = await Promise.all(files.map((f) => loadSite(f)));
    // Sites sharing a workload cluster are checked together, as synth does.
    const fleet = fleetOfLoaded(loaded);
    const diagnostics = [...loaded.flatMap((l) => l.diagnostics), ...fleet.diagnostics];
    for (const l of loaded) if (l.site) process.stderr.write(`ok ${l.file}: ${l.site.name}, ${l.site.totals.gpus} GPUs, ${l.site.power.totalLoadMW.toFixed(1)} MW\n`);
    printDiagnostics(diagnostics, '');
    const report = async (objects?: ObjectReport) => {
      if (format === 'text') return;
      const sites = loaded.flatMap((l) => (l.site ? [{ file: l.file, name: l.site.name, gpus: l.site.totals.gpus, loadMW: l.site.power.totalLoadMW }] : []));
      const data = { kind: 'ValidationReport', valid: !diagnostics.some((d) => d.severity === 'error') && (objects?.errors ?? 0) === 0, sites, problems: diagnostics.map(problemOf), ...(objects ? { objects } : {}) };
      process.stdout.write(format === 'json' ? stableJson(data) : (await import('../../lib/yaml-output')).stableYaml(data));
    };
    if (diagnostics.some((d) => d.severity === 'error')) {
      await report();
      return 1;
    }
    if (!crds) {
      process.stderr.write('skipped the Kubernetes object check: no CRD folder (give --crds DIR or set RACKSHIFT_CRDS)\n');
      await report();
      return 0;
    }
    const objects = await checkObjects(files, crds);
    await report(objects);
    return objects.errors === 0 ? 0 : 1;
  },
};

/** The object check as data, for -o json|yaml. */
interface ObjectReport {
  readonly checked: number;
  readonly errors: number;
  readonly crds: string;
  readonly problems: readonly { site: string; file: string; severity: string; apiVersion: string; kind: string; namespace?: string; name?: string; path: string; message: string }[];
}

function problemOf(d: Diagnostic) {
  return { severity: d.severity, rule: d.rule, file: d.file, line: d.line, column: d.column, field: d.path, message: d.message };
}

function loadCatalog(dir: string, from: string): CrdCatalog {
  try {
    return CrdCatalog.load(dir);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message} (from ${from})`);
    throw e;
  }
}

/** Synthesizes every site in memory and validates its objects, printing each problem. */
async function checkObjects(files: readonly string[], crds: CrdCatalog): Promise<ObjectReport> {
  // Loaded here: without --crds, validate renders nothing.
  const [{ synthesize }, { TARGETS }, { OBJECT_FOLDERS, objectsInOutput }] = await Promise.all([
    import('../../synth/synthesize'),
    import('../../stacks'),
    import('../../stacks/validation/output-objects'),
  ]);
  // Only the targets that write objects: Terraform, Pulumi and offers would be rendered for nothing.
  const result = await synthesize(files, TARGETS.filter((t) => (OBJECT_FOLDERS as readonly string[]).includes(t.name)));
  // Loaded here, not at start-up: the Kubernetes models take seconds to import, and every
  // other command (and validate without CRDs) does not need them.
  const { ObjectValidator } = await import('../../stacks/validation/object-validator');
  const validator = new ObjectValidator(crds);
  let errors = 0;
  let objects = 0;
  const problems: ObjectReport['problems'][number][] = [];
  for (const s of result.sites) {
    const found = objectsInOutput(s.files);
    objects += found.length;
    for (const { file, object } of found) {
      for (const p of validator.validate(object)) {
        if (p.severity === 'error') errors++;
        problems.push({ site: s.site.name, file, severity: p.severity, apiVersion: p.apiVersion, kind: p.kind, ...(p.namespace ? { namespace: p.namespace } : {}), ...(p.name ? { name: p.name } : {}), path: p.path, message: p.message });
        process.stderr.write(`${p.severity === 'warning' ? 'warning: ' : ''}${s.site.name}/${file}: ${describe(p)}\n`);
      }
    }
  }
  const sites = `${result.sites.length} site${result.sites.length === 1 ? '' : 's'}`;
  process.stderr.write(`${celSummary(validator.cel)}\n`);
  if (errors > 0) process.stderr.write(`${errors} object error${errors === 1 ? '' : 's'} in ${sites} (CRDs from ${crds.dir})\n`);
  else process.stderr.write(`ok ${objects} Kubernetes objects of ${sites} validate (CRDs from ${crds.dir})\n`);
  return { checked: objects, errors, crds: crds.dir, problems };
}

/** `CEL: 98 rule evaluations; 22 not evaluated (22 compare with the live object (oldSelf): rackshift deploy checks those)`. */
function celSummary(cel: CelTally): string {
  const why = new Map<string, number>();
  for (const s of cel.skipped) {
    const reason = s.why === NO_LIVE_OBJECT ? 'compare with the live object (oldSelf): rackshift deploy checks those' : s.why.replace(/^not evaluated: /, '');
    why.set(reason, (why.get(reason) ?? 0) + 1);
  }
  const skipped = [...why].map(([w, n]) => `${n} ${w}`).join('; ');
  return `CEL: ${cel.evaluated} rule evaluation${cel.evaluated === 1 ? '' : 's'}; ${cel.skipped.length} not evaluated${skipped ? ` (${skipped})` : ''}`;
}

function describe(p: ObjectProblem): string {
  const name = p.namespace ? `${p.namespace}/${p.name ?? ''}` : (p.name ?? '(unnamed)');
  return `${p.kind} ${name} ${p.path}: ${p.message}`;
}
