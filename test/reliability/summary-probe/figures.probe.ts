/** Records the figures PROBE_FIGURES names ([figure, ok, of] triples), as the reliability files do. */
import { it } from 'vitest';
import { recordFigure } from '../figures.js';

type Delta = Parameters<typeof recordFigure>;

it('records the probe figures', async () => {
  for (const [figure, ok, of] of JSON.parse(process.env.PROBE_FIGURES ?? '[]') as Delta[]) await recordFigure(figure, ok, of);
});
