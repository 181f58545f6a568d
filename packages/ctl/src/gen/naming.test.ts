import { describe, expect, it } from 'vitest';
import { camelCase, commentText, envName, jsString, kebabCase, pascalCase } from './naming.js';

describe('naming', () => {
  it('derives file, class and method names from handler names as goctl writes them', () => {
    expect(kebabCase('GetPatientInfo')).toBe('get-patient-info');
    expect(kebabCase('getPatientInfo')).toBe('get-patient-info');
    expect(kebabCase('HTTPServerStatus')).toBe('http-server-status');
    expect(pascalCase('getPatientInfo')).toBe('GetPatientInfo');
    expect(pascalCase('patient-api')).toBe('PatientApi');
    expect(camelCase('GetPatientInfo')).toBe('getPatientInfo');
    expect(camelCase('ID')).toBe('id');
    expect(camelCase('HTTPServer')).toBe('httpServer');
    expect(envName('patient-api')).toBe('PATIENT_API');
  });

  it('quotes strings and strips comment markers', () => {
    expect(jsString("it's \\ \n")).toBe("'it\\'s \\\\ \\n'");
    expect(commentText(['// 患者唯一标识'])).toBe('患者唯一标识');
    expect(commentText(['/* a\n * b */'])).toBe('a b');
  });
});
