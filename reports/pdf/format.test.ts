import { describe, expect, it } from 'vitest';
import { niceMax } from './charts.js';
import { cap, decimal, int, pct, pt, signedInt } from './format.js';
import { BLUES, COLOR, ramp, textOn } from './style.js';

describe('number formats', () => {
  it('round shares like the CSV and sign every change', () => {
    expect([pct(10 / 23), pct(1), pct(0), pct(0.125)]).toEqual(['43.5%', '100.0%', '0.0%', '12.5%']);
    expect([pt(0.05), pt(-0.025), pt(0.0001)]).toEqual(['+5.0pt', '\u22122.5pt', '±0.0pt']);
    expect([int(1234), signedInt(13), signedInt(-2), signedInt(0)]).toEqual(['1,234', '+13', '\u22122', '±0']);
    expect([decimal(-0.2), decimal(0.014), decimal(0)]).toEqual(['\u22120.20', '+0.01', '0.00']);
    expect([cap('career path'), cap('キャリア')]).toEqual(['Career path', 'キャリア']);
  });
});

describe('scales', () => {
  it('put the axis maximum on a gridline above every value', () => {
    expect([niceMax([0.44, 0.62]), niceMax([0.12]), niceMax([0.43]), niceMax([]), niceMax([1.2])]).toEqual([0.8, 0.15, 0.5, 0.1, 1]);
  });

  it('interpolate sequential colours and pick readable text on them', () => {
    expect([ramp(BLUES, 0), ramp(BLUES, 1), ramp(BLUES, 2)]).toEqual(['#F7FBFF', '#08306B', '#08306B']);
    expect([textOn('#F7FBFF'), textOn('#08306B')]).toEqual([COLOR.text, COLOR.white]);
  });
});
