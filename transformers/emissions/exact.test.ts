import { describe, expect, it } from 'vitest';
import { DecimalFormatError, div, mul, parseDecimal, toDecimal, toFixed } from './exact.js';

describe('exact decimal arithmetic', () => {
  it('multiplies without float error: 0.1 × 3 = 0.3, 1000 × 0.439 = 439', () => {
    expect(toDecimal(mul(parseDecimal('0.1'), parseDecimal('3')))).toBe('0.3');
    expect(toDecimal(mul(parseDecimal('1000'), parseDecimal('0.439')))).toBe('439');
  });
  it('rounds half away from zero, once, at the end', () => {
    expect(toFixed(parseDecimal('2.0005'), 3)).toBe('2.001');
    expect(toFixed(parseDecimal('-2.0005'), 3)).toBe('-2.001');
    expect(toFixed(div(parseDecimal('1'), parseDecimal('3')), 3)).toBe('0.333');
    expect(toFixed(parseDecimal('-0.0001'), 3)).toBe('0.000');
    expect(toDecimal(div(parseDecimal('2'), parseDecimal('3')), 4)).toBe('0.6667');
  });
  it('rejects anything but a plain decimal', () => {
    for (const bad of ['1,5', '1e3', '', 'abc', '1.2.3', 'NaN']) expect(() => parseDecimal(bad, 'quantity')).toThrow(DecimalFormatError);
    expect(toDecimal(parseDecimal(' 38.000 '))).toBe('38');
  });
});
