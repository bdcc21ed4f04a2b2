#!/usr/bin/env node
// Writes docs/report.schema.json from the report's zod schema: node --import tsx scripts/report-schema.mjs
import { writeFile } from 'node:fs/promises';
import { reportJsonSchema } from '../entrypoint/report/schema.ts';

const file = new URL('../docs/report.schema.json', import.meta.url);
await writeFile(file, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
