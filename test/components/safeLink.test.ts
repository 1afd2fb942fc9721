import { afterEach, describe, expect, it, vi } from 'vitest'
import { isSafeLink, toSafeLink } from '../../src/components/safeLink'

const BASE = 'https://app.example.com/inbox/'

describe('toSafeLink', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it.each([
    ['/settings', '/settings'],
    ['settings?tab=2#top', '/inbox/settings?tab=2#top'],
    ['../orders/7', '/orders/7'],
    ['?page=2', '/inbox/?page=2'],
    ['#anchor', '/inbox/#anchor'],
    ['https://app.example.com/a/b', '/a/b'],
    ['  HTTPS://APP.EXAMPLE.COM/x  ', '/x'],
    ['/set\ttin\ngs', '/settings'],
  ])('keeps the same-origin link %j as %j', (raw, href) => {
    const link = toSafeLink(raw, BASE)
    expect(link).not.toBeNull()
    expect(link!.external).toBe(false)
    expect(link!.href).toBe(href)
  })

  it.each([
    ['https://other.example.org/page', 'https://other.example.org/page'],
    ['http://app.example.com/insecure', 'http://app.example.com/insecure'],
    ['https://app.example.com:8443/port', 'https://app.example.com:8443/port'],
    ['//cdn.example.net/file', 'https://cdn.example.net/file'],
    ['\\\\evil.example/phish', 'https://evil.example/phish'],
    ['HTTPS:\\\\evil.example\\phish', 'https://evil.example/phish'],
  ])('marks %j as external', (raw, href) => {
    const link = toSafeLink(raw, BASE)
    expect(link).not.toBeNull()
    expect(link!.external).toBe(true)
    expect(link!.href).toBe(href)
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\tjavascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\r\nscript:alert(1)',
    'jav&#x09;ascript:alert(1)'.replace('&#x09;', '\t'),
    '\u0000javascript:alert(1)',
    'java\u0000script:alert(1)',
    '\u200Bjavascript:alert(1)',
    '\u00A0javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:someone@example.com',
    'ftp://example.com/file',
    'blob:https://app.example.com/uuid',
    'https://user:pass@app.example.com/',
    'https://bank.example.com@evil.example/',
    'http://[invalid',
    '',
    '   ',
  ])('refuses %j', (raw) => {
    expect(toSafeLink(raw, BASE)).toBeNull()
    expect(isSafeLink(raw, BASE)).toBe(false)
  })

  it('refuses values that are not strings', () => {
    expect(toSafeLink(undefined, BASE)).toBeNull()
    expect(toSafeLink(null, BASE)).toBeNull()
    expect(toSafeLink(42, BASE)).toBeNull()
    expect(toSafeLink({ href: '/x' }, BASE)).toBeNull()
  })

  it('treats an entity-looking colon as part of a relative path, not a scheme', () => {
    const link = toSafeLink('javascript&colon;alert(1)', BASE)
    expect(link).not.toBeNull()
    expect(link!.url.protocol).toBe('https:')
    expect(link!.href).toBe('/inbox/javascript&colon;alert(1)')
  })

  it('resolves against the document by default', () => {
    const link = toSafeLink('/from-document')
    expect(link).not.toBeNull()
    expect(link!.external).toBe(false)
    expect(link!.url.origin).toBe(window.location.origin)
    expect(toSafeLink('https://elsewhere.example/')!.external).toBe(true)
  })

  it('treats relative links as same-origin without a base document', () => {
    vi.stubGlobal('document', undefined)
    vi.stubGlobal('location', undefined)
    const link = toSafeLink('/path')
    expect(link).toEqual(expect.objectContaining({ href: '/path', external: false }))
  })
})
