/**
 * The app `cdktf.json` names (cdktn keeps cdktf's file names), so `cdktn synth` works from the
 * repository root: one SiteTenancyStack per site file in RACKSHIFT_SITES (default `sites`).
 * The CLI passes the output folder in CDKTF_OUTDIR; run by hand, it writes to
 * cdktf.out/_cdktf (beside, never over, `rackshift synth` output).
 *
 * Invalid sites print their problems and exit 1, before anything is written.
 */
import { App } from 'cdktn';
import { formatDiagnostic } from '../../constructs/diagnostics';
import { fleetOfLoaded } from '../../constructs/fleet';
import { loadSite } from '../../constructs/load';
import { findSiteFiles } from '../../synth/synthesize';
import { SiteTenancyStack } from './site-stack';

export const CDKTF_DEFAULT_OUTDIR = 'cdktf.out/_cdktf';

const files = await findSiteFiles((process.env.RACKSHIFT_SITES ?? 'sites').split(','));
const loaded = await Promise.all(files.map((f) => loadSite(f)));
// The sites sharing a workload cluster share its GPU Operator config: the same fleet step as synth.
const fleet = fleetOfLoaded(loaded);
const errors = [...loaded.flatMap((l) => l.diagnostics), ...fleet.diagnostics].filter((d) => d.severity === 'error');
if (errors.length > 0) {
  for (const d of errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
  process.exit(1);
}
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? CDKTF_DEFAULT_OUTDIR, skipValidation: true });
for (const site of fleet.sites) new SiteTenancyStack(app, site);
app.synth();
