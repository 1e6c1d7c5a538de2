import { describe, expect, it } from 'vitest';
import { add, compare, dec, mul, mulDiv, readDecimal, round, sub, toPlainText, toText } from './decimal.js';

describe('decimal', () => {
  it('reads invoice number text exactly', () => {
    expect(toText(dec(' 786.90 '))).toBe('786.90');
    expect(toText(dec('1,234.56'))).toBe('1234.56');
    expect(toPlainText(dec('38.000'))).toBe('38');
    expect(toPlainText(dec('-0.150'))).toBe('-0.15');
    expect(readDecimal('1234,56')).toBe('comma');
    expect(readDecimal('1.2e3')).toBe('not_a_number');
    expect(readDecimal('')).toBe('empty');
  });

  it('adds and multiplies without float error', () => {
    expect(toText(add(dec('0.1'), dec('0.2')))).toBe('0.3'); // 0.30000000000000004 in floats
    expect(toText(sub(dec('17.88'), dec('15.15')))).toBe('2.73');
    expect(toText(mul(dec('1.9985'), dec('922')))).toBe('1842.6170');
    expect(compare(dec('2.50'), dec('2.5'))).toBe(0);
  });

  it('rounds half away from zero', () => {
    expect(toText(round(dec('2.725'), 2))).toBe('2.73');
    expect(toText(round(dec('-2.725'), 2))).toBe('-2.73');
    expect(toText(round(dec('2.724'), 2))).toBe('2.72');
    expect(toText(dec('5'), 2)).toBe('5.00');
  });

  it('mulDiv: a × b ÷ c to a scale', () => {
    expect(toText(mulDiv(dec('10'), dec('33.33'), dec('333.33'), 2))).toBe('1.00'); // 0.99991
    expect(toText(mulDiv(dec('1'), dec('1'), dec('3'), 6))).toBe('0.333333');
    expect(toText(mulDiv(dec('2.73'), dec('100'), dec('15.15'), 0))).toBe('18'); // 18.0198
  });
});
