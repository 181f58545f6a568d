/**
 * Personal data masking. Every patient field that identifies a person is listed here, and every
 * response that carries one passes through `maskPersonalValue` (the presenter and the audit
 * history both do), so a new personal field cannot leak by being forgotten in one place.
 */
export const PERSONAL_FIELDS = ['name', 'mobile'] as const;

/** A field whose value identifies a person. */
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** True for a field in {@link PERSONAL_FIELDS}. */
export function isPersonalField(field: string): field is PersonalField {
  return (PERSONAL_FIELDS as readonly string[]).includes(field);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * `张三` → `张*`, `欧阳娜娜` → `欧***`, `John Doe` → `J*** D**`: the first character of each word
 * stays (a Chinese name is one word), the rest become `*`, one per character.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  if (CJK.test(trimmed)) {
    const chars = [...trimmed.replace(/\s+/gu, '')];
    return chars[0]! + '*'.repeat(chars.length - 1);
  }
  return trimmed
    .split(/\s+/u)
    .map((word) => {
      const chars = [...word];
      return chars[0]! + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}

/**
 * `13812341234` → `138****1234` (GB/T 35273 practice: first 3 and last 4 digits stay). Shorter
 * numbers keep only the last 4 digits (7–10 digits) or at most 2 (fewer), so at least 3 digits
 * are always hidden; separators and a leading `+` stay as written.
 */
export function maskMobile(mobile: string): string {
  const digits = [...mobile].filter(isDigit).length;
  const keepHead = digits >= 11 ? 3 : 0;
  const keepTail = digits >= 7 ? 4 : Math.max(0, Math.min(2, digits - 4));
  let seen = 0;
  let out = '';
  for (const c of mobile) {
    if (isDigit(c)) {
      seen += 1;
      out += seen <= keepHead || seen > digits - keepTail ? c : '*';
    } else out += c;
  }
  return out;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** The masked form of a personal field's value; other fields pass unchanged. */
export function maskPersonalValue(field: string, value: string): string;
export function maskPersonalValue(field: string, value: string | null): string | null;
export function maskPersonalValue(field: string, value: string | null): string | null {
  if (value === null || !isPersonalField(field)) return value;
  switch (field) {
    case 'name':
      return maskName(value);
    case 'mobile':
      return maskMobile(value);
  }
}
