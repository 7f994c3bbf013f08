/**
 * The dispatch plan as Markdown, for a pull request or a finance review: totals against each
 * baseline, the inputs and assumptions, month by month, the first intervals in detail, and the
 * changes the chosen interval makes (Kueue and miner targets).
 */
import { int, mwText, usd } from '../offers/format';
import type { IntervalActions } from './actions';
import { byMonth, STRATEGY_NAMES, vsBaselines } from './report-data';
import type { DispatchResult } from './run';
import { isoMinute } from './time';
import { enUs } from '../lib/number-format';

/** Table cells and prose from files: no Markdown or HTML structure can come through. */
export function mdText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

const MAX_DETAIL = 24;

export function dispatchMarkdown(r: DispatchResult, actions?: IntervalActions): string {
  const d = r.site.dispatch;
  const first = r.schedule[0];
  const last = r.schedule[r.schedule.length - 1];
  const out: string[] = [];
  out.push(`# Dispatch plan: ${mdText(r.site.name)}`);
  out.push('');
  if (first && last) out.push(`${int(r.schedule.length)} intervals of ${r.intervalMinutes} minutes, ${isoMinute(first.start)} to ${isoMinute(last.start + r.intervalMinutes * 60_000)}.`);
  for (const l of r.labels) out.push('', `> **Input:** ${mdText(l)}`);
  out.push('');
  out.push(`Firm load ${mwText(d.firmMW)} is never curtailed. Flexible: ${d.fleets.length} mining fleet(s) (${mwText(d.fleets.reduce((s, f) => s + f.fullMW, 0))}), ${d.interruptible.length} interruptible tenant(s) (${mwText(d.interruptible.reduce((s, a) => s + a.fullMW, 0))}); most facility load ${mwText(d.capMW)}.`);
  out.push('');
  out.push('| strategy | margin | dispatch gains | mining MWh | interruptible AI MWh | DR credits |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const { totals: t, gain } of vsBaselines(r)) {
    out.push(`| ${STRATEGY_NAMES[t.strategy]} | ${usd(t.margin)} | ${t.strategy === 'dispatch' ? '—' : usd(gain)} | ${int(t.miningMWh)} | ${int(t.aiMWh)} | ${usd(t.drCredit)} |`);
  }
  out.push('');
  out.push('Margin counts flexible load only: mining revenue (after pool fee and uptime) and interruptible GPU-hours sold, less their power, plus demand-response credits for load not drawn against the level just before each event. Firm load and its power are the same under every strategy.');

  out.push('', '## Inputs and assumptions', '');
  out.push('| input | value | source |', '| --- | --- | --- |');
  for (const a of r.assumptions) out.push(`| ${mdText(a.label)} | ${mdText(typeof a.value === 'number' ? `${enUs(a.value, { maximumFractionDigits: 4 })} ${a.unit}` : `${a.value}`)} | ${mdText(a.source)} |`);

  out.push('', '## By month', '');
  out.push('| month | mean price | mining MWh | interruptible AI MWh | shed MWh | DR credits | margin |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of byMonth(r)) out.push(`| ${m.month} | $${m.meanPrice.toFixed(2)}/MWh | ${int(m.miningMWh)} | ${int(m.aiMWh)} | ${int(m.shedMWh)} | ${usd(m.drCredit)} | ${usd(m.margin)} |`);

  out.push('', `## First ${Math.min(MAX_DETAIL, r.schedule.length)} intervals`, '');
  out.push(`| start | price | ${d.fleets.map((f) => `${mdText(f.name)} MW`).join(' | ')}${d.fleets.length ? ' | ' : ''}interruptible MW | shed MW | margin | notes |`);
  out.push(`| --- | ---: | ${d.fleets.map(() => '---:').join(' | ')}${d.fleets.length ? ' | ' : ''}---: | ---: | ---: | --- |`);
  for (const x of r.schedule.slice(0, MAX_DETAIL)) {
    out.push(`| ${isoMinute(x.start)} | $${x.price.toFixed(2)} | ${x.fleetMW.map((v) => v.toFixed(3)).join(' | ')}${d.fleets.length ? ' | ' : ''}${x.aiMW.toFixed(3)} | ${x.shedMW.toFixed(3)} | ${usd(x.margin)} | ${x.notes.map(mdText).join('; ')} |`);
  }

  if (actions) {
    out.push('', `## Changes for ${actions.start} – ${actions.end}`, '');
    if (actions.kueue.length > 0) {
      out.push('Kueue (interruptible tenants only; firm tenants are never touched):', '');
      for (const k of actions.kueue) out.push(`- ClusterQueue \`${k.clusterQueue}\` (tenant ${mdText(k.tenant)}): \`stopPolicy: ${k.stopPolicy}\``);
      out.push('');
    }
    out.push('Miner power targets:', '');
    for (const m of actions.miners) out.push(`- ${mdText(m.fleet)} (${mdText(m.model)}): ${int(m.minersRunning)} of ${int(m.minersTotal)} miners, ${int(m.targetKW)} kW`);
  }
  return `${out.join('\n')}\n`;
}
