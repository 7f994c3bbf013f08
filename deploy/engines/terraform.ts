/**
 * `deploy --engine terraform`: hands the synthesized Terraform JSON stacks (cdk.tf.json) to
 * Terraform — the program `cdktn deploy` (cdktf's maintained fork) itself drives. Each stack is planned to a file, the
 * plan checked for deletions (refused without --allow-destroy, as the Kubernetes engine
 * does), then that exact plan applied. --dry-run stops after the plan.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DeployError } from '../errors';
import { findProgram } from './find-program';
import { runProgram } from './run-program';

export const TERRAFORM_INSTALL = 'install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and make sure `terraform` is on PATH';

export interface TerraformDeployOptions {
  readonly outDir: string;
  readonly sites: readonly string[];
  readonly dryRun?: boolean;
  readonly allowDestroy?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export async function deployWithTerraform(opts: TerraformDeployOptions): Promise<void> {
  const env = opts.env ?? process.env;
  const terraform = findProgram('terraform', env.PATH);
  if (!terraform) {
    // cdktn is cdktf's maintained fork; either CLI still needs terraform to deploy.
    const cli = findProgram('cdktn', env.PATH) ? 'cdktn' : findProgram('cdktf', env.PATH) ? 'cdktf' : undefined;
    throw new DeployError([
      cli
        ? `--engine terraform: \`${cli}\` is on PATH (${findProgram(cli, env.PATH)}) but \`terraform\` is not, and ${cli} deploy runs terraform; ${TERRAFORM_INSTALL}`
        : `--engine terraform: neither \`terraform\` nor \`cdktn\` is on PATH; ${TERRAFORM_INSTALL}`,
    ]);
  }
  const stacks = await findStacks(opts.outDir, opts.sites);
  if (stacks.length === 0) {
    throw new DeployError([`--engine terraform: no Terraform stacks (cdk.tf.json) under ${opts.sites.map((s) => join(opts.outDir, s, 'terraform')).join(', ')}; the sites synthesized none`]);
  }
  const tf = async (dir: string, args: string[], capture = false) => {
    const r = await runProgram(terraform, [`-chdir=${dir}`, ...args], { env: { ...env, TF_IN_AUTOMATION: '1' }, capture });
    if (r.code !== 0) throw new DeployError([`terraform ${args[0]} failed in ${relative(process.cwd(), dir) || '.'} (exit ${r.code})`]);
    return r.stdout;
  };
  for (const dir of stacks) {
    opts.log(`terraform: ${dir}`);
    await tf(dir, ['init', '-input=false', '-no-color']);
    await tf(dir, ['plan', '-input=false', '-out=rackshift.tfplan']);
    const plan = JSON.parse(await tf(dir, ['show', '-json', 'rackshift.tfplan'], true)) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
    const deletes = (plan.resource_changes ?? []).filter((c) => c.change.actions.includes('delete'));
    if (deletes.length > 0 && !opts.allowDestroy && !opts.dryRun) {
      throw new DeployError([
        `${dir}: deploy stopped before changing anything: the plan deletes ${deletes.length} resource${deletes.length === 1 ? '' : 's'}:`,
        ...deletes.map((d) => `  ${d.address} (${d.change.actions.join(', ')})`),
        'rerun with --allow-destroy to apply it',
      ]);
    }
    if (opts.dryRun) continue;
    await tf(dir, ['apply', '-input=false', 'rackshift.tfplan']);
  }
}

/**
 * Stack folders: DIR/<site>/terraform/**\/cdk.tf.json, or cdktf's own DIR/stacks/<stack>/.
 * Where a cdktf manifest.json lists stacks, a stack comes after the stacks it depends on.
 */
export async function findStacks(outDir: string, sites: readonly string[]): Promise<string[]> {
  const roots = [...sites.map((s) => join(outDir, s, 'terraform')), outDir];
  const found: string[] = [];
  for (const root of roots) {
    const manifest = await readManifest(join(root, 'manifest.json'));
    if (manifest) {
      found.push(...dependencyOrder(manifest).map((dir) => join(root, dir)));
      continue;
    }
    if (root === outDir) continue; // only cdktf's own layout at the top of DIR
    let entries;
    try {
      entries = await readdir(root, { withFileTypes: true, recursive: true });
    } catch {
      continue;
    }
    found.push(...entries.filter((e) => e.isFile() && e.name === 'cdk.tf.json').map((e) => e.parentPath).sort());
  }
  return [...new Set(found)];
}

interface CdktfManifest {
  stacks?: Record<string, { dependencies?: string[]; workingDirectory?: string }>;
}

async function readManifest(file: string): Promise<CdktfManifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CdktfManifest;
  } catch {
    return undefined;
  }
}

/** Working directories, each after the stacks it depends on (then by name). */
export function dependencyOrder(manifest: CdktfManifest): string[] {
  const stacks = manifest.stacks ?? {};
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (seen.has(name)) return;
    if (path.includes(name)) throw new DeployError([`terraform: stacks depend on each other in a cycle: ${[...path, name].join(' -> ')}`]);
    const stack = stacks[name];
    if (!stack) return;
    for (const dep of [...(stack.dependencies ?? [])].sort()) visit(dep, [...path, name]);
    seen.add(name);
    out.push(stack.workingDirectory ?? join('stacks', name));
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  return out;
}
