// The product's first figure, held where it stands: precision and recall of the hovers on the
// hand-labelled design docs of test/relevance/ (its README has the docs, the configs and the
// labelling rules). The floors are the 90 % where a config reaches it, and a little
// under today's figures where it does not yet (the large collection, the held-out set, the
// bundled notes' and the vault's recall since the fourth round of docs), so that
// a change that loses ground fails here rather than in a later measurement. A hit that no label
// judges fails too: a rule that makes new hovers must have them labelled, right or wrong,
// before its figures mean anything.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const evaluate = path.join(root, 'test', 'relevance', 'evaluate.mjs');

interface Summary {
  config: string;
  total: { precision: number | null; recall: number | null };
  uncategorised: unknown[];
  unknownTerms: string[];
}

function figures(set: 'default' | 'heldout'): Map<string, Summary> {
  const run = spawnSync(process.execPath, [evaluate, '--json', ...(set === 'heldout' ? ['--set', 'heldout'] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  return new Map((JSON.parse(run.stdout) as Summary[]).map((summary) => [summary.config, summary]));
}

const FLOORS: Record<'default' | 'heldout', Record<string, { precision: number; recall: number }>> = {
  default: {
    // The fourth round's docs, labelled untouched, brought the bundled notes' recall from 93.5
    // to 84.9 % and the vault's from 90.6 to 88.9 % (test/relevance/README.md).
    bundled: { precision: 0.93, recall: 0.84 },
    vault: { precision: 0.9, recall: 0.88 },
    large: { precision: 0.84, recall: 0.86 },
  },
  heldout: {
    bundled: { precision: 0.89, recall: 0.87 },
    vault: { precision: 0.9, recall: 0.8 },
  },
};

describe('relevance on the labelled design docs (test/relevance)', function () {
  // Each config is a CLI scan of every doc: about 20 s for the tuned docs.
  this.timeout(180_000);

  for (const set of ['default', 'heldout'] as const) {
    it(`${set === 'default' ? 'the tuned docs' : 'the held-out docs'}: every hit labelled, and precision and recall at their floors`, () => {
      const summaries = figures(set);
      for (const [config, floor] of Object.entries(FLOORS[set])) {
        const summary = summaries.get(config);
        assert.ok(summary, `no figures for ${config}`);
        assert.deepEqual(summary.unknownTerms, [], `${config}: labels name terms the notes do not define`);
        assert.deepEqual(summary.uncategorised, [], `${config}: hits no label judges (node test/relevance/evaluate.mjs --details)`);
        const { precision, recall } = summary.total;
        assert.ok(precision !== null && precision >= floor.precision, `${config}: precision ${precision} under ${floor.precision}`);
        assert.ok(recall !== null && recall >= floor.recall, `${config}: recall ${recall} under ${floor.recall}`);
      }
    });
  }
});
