/**
 * Short listings of many names: runs of numbered names collapse to `h100-a-{0769..1768}` (or
 * `h100-a-{0769..1768}-user-data`), so a plan can list every address it leaves out without
 * listing each one.
 */
export function compactNames(names: readonly string[]): string[] {
  const runs = new Map<string, number[]>();
  const plain: string[] = [];
  for (const n of names) {
    // The last number in the name varies: h100-a-0769, h100-a-0769-user-data.
    const m = /^(.*?)(\d+)(\D*)$/.exec(n);
    if (!m) {
      plain.push(n);
      continue;
    }
    const key = `${m[1]}\u0000${m[2]!.length}\u0000${m[3]}`;
    let list = runs.get(key);
    if (!list) runs.set(key, (list = []));
    list.push(Number(m[2]));
  }
  const out = [...plain];
  for (const [key, nums] of runs) {
    const [prefix, width, suffix] = key.split('\u0000') as [string, string, string];
    const pad = (x: number) => String(x).padStart(Number(width), '0');
    const sorted = [...new Set(nums)].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      out.push(j - i >= 2 ? `${prefix}{${pad(sorted[i]!)}..${pad(sorted[j]!)}}${suffix}` : sorted.slice(i, j + 1).map((x) => `${prefix}${pad(x)}${suffix}`).join(', '));
      i = j + 1;
    }
  }
  return out.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
