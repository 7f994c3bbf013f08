/** Writes the hostile corpus: `npx tsx test/hostile/write-corpus.ts` (injection.test.ts checks it is current). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusText, HOSTILE_DIR } from './harness';
import { PAYLOADS } from './payloads';

for (const name of Object.keys(PAYLOADS)) writeFileSync(join(HOSTILE_DIR, `${name}.yaml`), corpusText(name));
