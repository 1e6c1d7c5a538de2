import { describe, expect, it } from 'vitest';
import type { CategoryKey } from '../../domain/categories.js';
import { compileLogistic, logisticProbabilities, trainLogistic } from './logistic.js';
import { classifyLine, loadDefaultModel } from './index.js';
import { featuresOf } from './text-model.js';

const classes: CategoryKey[] = ['diesel', 'purchased_services', 'capital_goods'];
const lines: Array<{ description: string; category: CategoryKey }> = [
  { description: 'Motorin alımı', category: 'diesel' }, { description: 'Motorin teslimatı', category: 'diesel' }, { description: 'Dizel yakıt', category: 'diesel' },
  { description: 'Danışmanlık hizmeti', category: 'purchased_services' }, { description: 'Bakım hizmeti', category: 'purchased_services' }, { description: 'Temizlik hizmeti', category: 'purchased_services' },
  { description: 'Forklift alımı', category: 'capital_goods' }, { description: 'Jeneratör alımı', category: 'capital_goods' }, { description: 'Kompresör satın alma', category: 'capital_goods' },
];
// Nine lines spread their evidence over many n-grams, each too light for the stored floor: every weight kept here.
const train = (floor = 0) => trainLogistic(Array.from({ length: 5 }, () => lines).flat().map((l) => ({ counts: featuresOf(l), category: l.category })), classes, floor);

describe('the logistic second reading', () => {
  it('is the same file on every retrain (fixed visiting order), with integer weights', () => {
    const file = train();
    expect(JSON.stringify(train())).toBe(JSON.stringify(file));
    expect(Object.values(file.weights).flat().every(Number.isInteger)).toBe(true);
    // A floor keeps a subset of the weights, each at least the floor.
    const pruned = train(0.1);
    expect(Object.keys(pruned.weights).length).toBeLessThan(Object.keys(file.weights).length);
    expect(Object.values(pruned.weights).every((sparse) => sparse.every((v, i) => i % 2 === 0 || Math.abs(v) >= 100))).toBe(true);
  });

  it('reads lines like its training lines as their category, and its probabilities sum to one', () => {
    const model = compileLogistic(train());
    for (const [description, category] of [['Motorin', 'diesel'], ['Kalibrasyon hizmeti', 'purchased_services'], ['Forklift', 'capital_goods']] as const) {
      const p = logisticProbabilities(model, featuresOf({ description }));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(classes[p.indexOf(Math.max(...p))], description).toBe(category);
    }
  });
});

describe('the second reading in the cascade', () => {
  // A regression that rules electricity and diesel out whatever the line says (bias −20 for both, no weights).
  const base = loadDefaultModel();
  const ruledOut = new Set<CategoryKey>(['electricity', 'diesel']);
  const model = { ...base, logistic: compileLogistic({ classes: [...base.classes], bias: base.classes.map((c) => (ruledOut.has(c) ? -20_000 : 0)), weights: {} }) };

  it('holds for review a decision of the text whose category it rules out', () => {
    expect(classifyLine({ description: 'Elektrik tüketim bedeli', unitCode: 'C62' }, { rules: [], model: base }).status).toBe('ready_for_ef_matching');
    const held = classifyLine({ description: 'Elektrik tüketim bedeli', unitCode: 'C62' }, { rules: [], model });
    expect(held).toMatchObject({ category: 'electricity', status: 'needs_review' });
  });

  it('does not judge a rule confirmed by the unit, which the text does not carry', () => {
    expect(classifyLine({ description: 'Motorin', unitCode: 'LTR' }, { rules: [], model })).toMatchObject({ category: 'diesel', status: 'ready_for_ef_matching' });
  });
});
