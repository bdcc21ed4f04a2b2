// The pre-flight on a real bed root: the checks that need no plan run while the solver works, the others after it; findings logged in order.
import { Writable } from 'node:stream';
import pino from 'pino';
import * as assert from 'uvu/assert';
import { runPreflight } from '../../../entrypoint/checks/preflight.js';
import { pass, type Check } from '../../../entrypoint/checks/types.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { bedSuite } from '../../helpers/bed-suite.js';
import { rootFacts } from '../../helpers/facts.js';

const config = { ...DEFAULTS, use_zypper_migration: false };

const test = bedSuite('pre-flight');

test("checks without needsPlan run during the solver's dry run, needsPlan ones see its plan; findings are logged after the plan in the given order", async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  const records: Array<{ event?: string; check?: string }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(l));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const seen: Record<string, string> = {};
  const needsPlan: Check = {
    id: 'late',
    title: 'Late',
    severity: 'info',
    needsPlan: true,
    run: async (c) => {
      seen.late = `plan computed: ${c.plan?.computed}`;
      return pass('late');
    },
  };
  const alongside: Check = {
    id: 'early',
    title: 'Early',
    severity: 'info',
    run: async (c) => {
      // The dry run's zypper starts right after plan.start: wait for that, then look at the plan.
      for (let i = 0; i < 200 && !records.some((r) => r.event === 'cmd.start'); i++) await new Promise((r) => setTimeout(r, 10));
      seen.early = `plan: ${c.plan === undefined ? 'not yet' : 'there'}`;
      return pass('early');
    },
  };
  try {
    const pre = await runPreflight({
      root,
      config,
      facts: await rootFacts(root, config),
      exec: new Exec(log),
      log,
      now: new Date(),
      checks: [needsPlan, alongside],
    });
    assert.equal(seen, { early: 'plan: not yet', late: 'plan computed: true' });
    assert.equal(
      pre.checks.map((c) => c.id),
      ['late', 'early'],
    );
    const events = records
      .map((r) => (r.event === 'finding' ? `finding ${r.check}` : r.event))
      .filter((e) => e === 'plan' || e?.startsWith('finding'));
    assert.equal(events, ['plan', 'finding late', 'finding early']);
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
