import { describe, expect, it } from 'vitest';
import { isPersonalField, maskMobile, maskName, maskPersonalValue } from './masking.js';

describe('maskMobile', () => {
  it('keeps the first 3 and last 4 digits of an 11-digit mobile', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
  });

  it('keeps separators and a leading + as written', () => {
    expect(maskMobile('+86 138 1234 5678')).toBe('+86 1** **** 5678');
    expect(maskMobile('138-1234-5678')).toBe('138-****-5678');
  });

  it('hides at least three digits of short numbers', () => {
    expect(maskMobile('91234567')).toBe('****4567');
    expect(maskMobile('1234567')).toBe('***4567');
    expect(maskMobile('123456')).toBe('****56');
    expect(maskMobile('1234')).toBe('****');
  });
});

describe('maskName', () => {
  it('keeps the first character of a Chinese name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('keeps the first letter of each word of a Western name', () => {
    expect(maskName('John Doe')).toBe('J*** D**');
    expect(maskName("  Sarah  O'Brien ")).toBe('S**** O******');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskName('Zoë Müller')).toBe('Z** M*****');
    expect(maskName('𠀋一')).toBe('𠀋*');
  });
});

describe('maskPersonalValue', () => {
  it('masks personal fields only, and passes null through', () => {
    expect(maskPersonalValue('name', '李四')).toBe('李*');
    expect(maskPersonalValue('mobile', '13900001111')).toBe('139****1111');
    expect(maskPersonalValue('status', 'enrolled')).toBe('enrolled');
    expect(maskPersonalValue('name', null)).toBeNull();
    expect(isPersonalField('mobile')).toBe(true);
    expect(isPersonalField('siteId')).toBe(false);
  });
});
