/** `npm run dispatch:synthetic`: writes the committed synthetic year under sites/prices/ (same bytes every run). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { SYNTHETIC_FILES, syntheticFiles } from './synthetic-files';

mkdirSync('sites/prices', { recursive: true });
for (const [file, text] of Object.entries(syntheticFiles())) writeFileSync(file, text);
process.stdout.write(`wrote ${Object.keys(SYNTHETIC_FILES).join(', ')}\n`);
