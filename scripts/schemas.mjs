#!/usr/bin/env node
// Writes the documents generated from the code's zod schemas: node --import tsx scripts/schemas.mjs
//   docs/report.schema.json      the report (report/schema.ts)
//   docs/log-events.schema.json  one line of the JSON log (log/events.ts)
//   docs/log-events.md           the table of log events between its GENERATED markers
import { readFile, writeFile } from 'node:fs/promises';
import { logEventsMarkdown, logRecordJsonSchema } from '../entrypoint/log/events.ts';
import { reportJsonSchema } from '../entrypoint/report/schema.ts';

const docs = (name) => new URL(`../docs/${name}`, import.meta.url);

await writeFile(docs('report.schema.json'), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
await writeFile(docs('log-events.schema.json'), `${JSON.stringify(logRecordJsonSchema(), null, 2)}\n`);
const page = await readFile(docs('log-events.md'), 'utf8');
const [head, rest] = page.split('<!-- GENERATED: events -->');
const [, tail] = rest.split('<!-- END GENERATED -->');
await writeFile(docs('log-events.md'), `${head}<!-- GENERATED: events -->\n${logEventsMarkdown()}\n<!-- END GENERATED -->${tail}`);
console.log('wrote docs/report.schema.json, docs/log-events.schema.json, docs/log-events.md');
