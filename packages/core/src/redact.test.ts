import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, redactValue } from './redact.js';

describe('redaction', () => {
  it('masks the password in a URL and secret query parameters', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db:5432/x?sslmode=require&sslpassword=kp&password=p2')).toBe('postgres://app:***@db:5432/x?sslmode=require&sslpassword=***&password=***');
    expect(redactUrl('redis://:only-pw@localhost:6379')).toBe('redis://:***@localhost:6379');
    expect(redactUrl('postgres://app@db/x')).toBe('postgres://app@db/x');
  });
  it('masks passwords holding URL metacharacters, scheme-less URLs and keyword/value strings', () => {
    expect(redactUrl('postgres://lab:Sec#pw9@host/db')).toBe('postgres://lab:***@host/db');
    expect(redactUrl('mysql://u:a/b?c@h:3306/d')).toBe('mysql://u:***@h:3306/d');
    expect(redactUrl('//app:s3cret@db/x')).toBe('//app:***@db/x');
    // An unencoded "@" before a "/" or "#" in the password: everything up to the last "@" is masked.
    expect(redactUrl('postgres://lab:p@ss:w/rd%40#?@localhost:5/lab')).toBe('postgres://lab:***@localhost:5/lab');
    expect(redactUrl('redis://:p@ss:w/rd%40#?@localhost:5')).toBe('redis://:***@localhost:5');
    expect(redactUrl('mysql://u:a@b/c@h:3306/d')).toBe('mysql://u:***@h:3306/d');
    expect(redactUrl('host=db password=s3cret sslmode=require')).toBe('host=db password=*** sslmode=require');
    expect(redactUrl('Server=db;User Id=sa;Password=S3cretPw;Encrypt=true')).toBe('Server=db;User Id=sa;Password=***;Encrypt=true');
    expect(redactUrl("host=db password='a b c' port=5")).toBe('host=db password=*** port=5');
    expect(redactUrl('Server=db;Pwd={x;y};Encrypt=true')).toBe('Server=db;Pwd=***;Encrypt=true');
  });
  it('removes secrets and their URL-encoded forms from text', () => {
    expect(redactText('failed for p@ss and p%40ss', ['p@ss'])).toBe('failed for *** and ***');
  });
  it('masks secret keys and secrets in nested values', () => {
    expect(redactValue({ a: { password: 'x1', note: 'uses x1', url: 'mysql://u:pw@h/d' }, list: ['x1'] }, ['x1'])).toEqual({
      a: { password: '***', note: 'uses ***', url: 'mysql://u:***@h/d' },
      list: ['***'],
    });
  });
});

describe('redaction never corrupts output', () => {
  it('a secret is masked only as a whole token', () => {
    expect(redactText('authentication-failed', ['e'])).toBe('authentication-failed');
    expect(redactText('"engine": "postgresql", user e', ['e'])).toBe('"engine": "postgresql", user ***');
    expect(redactText('postgres at lab.example', ['lab'])).toBe('postgres at lab.example'.replace('lab', '***'));
    expect(redactText('labs', ['lab'])).toBe('labs');
  });
  it('a secret that starts or ends with a symbol is masked wherever it appears', () => {
    expect(redactText('abc#pw', ['#pw'])).toBe('abc***');
    expect(redactText('x p@ss:w/rd%40#?y', ['p@ss:w/rd%40#?'])).toBe('x ***y');
  });
  it('redactValue without secrets alters only password keys and URL userinfo', () => {
    const value = { engine: 'postgres', cause: 'authentication-failed', url: 'postgres://u:e@h/db', password: 'e' };
    expect(redactValue(value)).toEqual({ engine: 'postgres', cause: 'authentication-failed', url: 'postgres://u:***@h/db', password: '***' });
  });
});
