/**
 * Benchmark baseline for the Terraform emitter: cdktf's own synth of `count` plain typed
 * resources (namespaces with a name and one label) in one stack, written to a temporary
 * folder. Lives here because every cdktf import stays in stacks/terraform/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';

export function cdktfBaselineSynth(count: number): void {
  const outdir = mkdtempSync(join(tmpdir(), 'rackshift-cdktf-baseline-'));
  try {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    const stack = new TerraformStack(app, 'baseline');
    new KubernetesProvider(stack, 'kubernetes', {});
    for (let i = 0; i < count; i++) new NamespaceV1(stack, `ns-${i}`, { metadata: { name: `ns-${i}`, labels: { 'app.kubernetes.io/managed-by': 'rackshift' } } });
    app.synth();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
