import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  dec,
  DecimalFormatError,
  divide,
  mul,
  mulDivExact,
  quotient,
  readDecimal,
  round,
  roundQuotient,
  sub,
  toPlainText,
  toText,
} from './index.js';

describe('decimal', () => {
  it('reads invoice number text exactly', () => {
    expect(toText(dec(' 786.90 '))).toBe('786.90');
    expect(readDecimal('1,234.56')).toEqual(dec('1234.56'));
    expect(toPlainText(dec('38.000'))).toBe('38');
    expect(toPlainText(dec('-0.150'))).toBe('-0.15');
    expect(readDecimal('1234,56')).toBe('comma');
    expect(readDecimal('1.2e3')).toBe('not_a_number');
    expect(readDecimal('')).toBe('empty');
  });

  it('reads padded values in linear time and refuses more digits than any real value has', () => {
    // 1 M trailing zeros: quadratic stripping took minutes; here it must finish within the test timeout.
    const padded = readDecimal(`0.15${'0'.repeat(1_000_000)}`);
    expect(padded).toEqual(dec('0.15'));
    expect(toPlainText({ units: 15n * 10n ** 100_000n, scale: 100_002 })).toBe('0.15');
    expect(readDecimal(`-${'0'.repeat(500)}12.50`)).toEqual(dec('-12.5'));
    expect(readDecimal('1'.repeat(40))).toEqual(dec('1'.repeat(40)));
    expect(readDecimal('1'.repeat(41))).toBe('too_long');
    expect(readDecimal(`1.${'3'.repeat(60)}`)).toBe('too_long');
    expect(readDecimal(`1.5${'x'.repeat(60)}`)).toBe('not_a_number');
  });

  it('adds and multiplies without float error', () => {
    expect(toText(add(dec('0.1'), dec('0.2')))).toBe('0.3'); // 0.30000000000000004 in floats
    expect(toText(sub(dec('17.88'), dec('15.15')))).toBe('2.73');
    expect(toText(mul(dec('1.9985'), dec('922')))).toBe('1842.6170');
    expect(compare(dec('2.50'), dec('2.5'))).toBe(0);
    expect(toPlainText(mul(dec('0.1'), dec('3')))).toBe('0.3');
    expect(toPlainText(mul(dec('1000'), dec('0.439')))).toBe('439');
  });

  it('rounds half away from zero', () => {
    expect(toText(round(dec('2.725'), 2))).toBe('2.73');
    expect(toText(round(dec('-2.725'), 2))).toBe('-2.73');
    expect(toText(round(dec('2.724'), 2))).toBe('2.72');
    expect(toText(dec('5'), 2)).toBe('5.00');
    expect(toText(dec('2.0005'), 3)).toBe('2.001');
    expect(toText(dec('-2.0005'), 3)).toBe('-2.001');
    expect(toText(dec('-0.0001'), 3)).toBe('0.000');
  });

  it('divide: a ÷ b to a scale', () => {
    expect(toText(divide(mul(dec('10'), dec('33.33')), dec('333.33'), 2))).toBe('1.00'); // 0.99991
    expect(toText(divide(dec('1'), dec('3'), 6))).toBe('0.333333');
    expect(toText(divide(mul(dec('2.73'), dec('100')), dec('15.15'), 0))).toBe('18'); // 18.0198
    expect(toText(divide(dec('1'), dec('3'), 3))).toBe('0.333');
    expect(toPlainText(divide(dec('2'), dec('3'), 4))).toBe('0.6667');
    expect(toText(divide(dec('-1'), dec('8'), 2))).toBe('-0.13');
    expect(() => divide(dec('1'), dec('0.00'), 2)).toThrow(RangeError);
  });

  it('quotients stay exact through a chain and round once at the end', () => {
    // 100 ÷ 3 × 3: rounding each step to 3 decimals would give 99.999.
    const third = mulDivExact(quotient(dec('100')), dec('1'), dec('3'));
    expect(toText(roundQuotient(third, 3))).toBe('33.333');
    expect(toText(roundQuotient(mulDivExact(third, dec('3'), dec('1')), 3))).toBe('100.000');
    // 1 TRY at 0.0005 → half away from zero at the end only: 0.0005 rounds to 0.001, −0.0005 to −0.001.
    expect(toText(roundQuotient(mulDivExact(quotient(dec('1')), dec('1'), dec('2000')), 3))).toBe('0.001');
    expect(toText(roundQuotient(mulDivExact(quotient(dec('-1')), dec('1'), dec('2000')), 3))).toBe('-0.001');
    expect(() => quotient(dec('1'), dec('0'))).toThrow(RangeError);
    expect(() => mulDivExact(third, dec('1'), dec('0'))).toThrow(RangeError);
  });

  it('dec rejects anything but a plain decimal, naming the field', () => {
    for (const bad of ['1,5', '1,234', '1e3', '', 'abc', '1.2.3', 'NaN', '.5']) expect(() => dec(bad, 'quantity')).toThrow(DecimalFormatError);
    expect(() => dec('1,5', 'quantity')).toThrow('quantity: "1,5" is not a plain decimal number');
    expect(toPlainText(dec(' 38.000 '))).toBe('38');
  });
});
