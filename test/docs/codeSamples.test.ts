import { describe, expect, it } from 'vitest'
import { FRAGMENT_MARKER, extractSamples } from './codeSamples'

describe('extractSamples', () => {
  it('takes TypeScript and Vue blocks with their starting line, and names them from a first-line comment', () => {
    const page = [
      '# Page', // 1
      '', // 2
      '```ts', // 3
      '// main.ts', // 4
      "import App from './App.vue'", // 5
      '```', // 6
      '```vue', // 7
      '<!-- App.vue -->', // 8
      '<template><p /></template>', // 9
      '```', // 10
      '```sh', // 11
      'npm test', // 12
      '```', // 13
      '```typescript', // 14
      'const answer = 42', // 15
      '```', // 16
    ].join('\n')
    expect(extractSamples(page)).toEqual([
      { fileName: 'main.ts', language: 'ts', code: "// main.ts\nimport App from './App.vue'", line: 4 },
      { fileName: 'App.vue', language: 'vue', code: '<!-- App.vue -->\n<template><p /></template>', line: 8 },
      { fileName: 'sample-line-15.ts', language: 'ts', code: 'const answer = 42', line: 15 },
    ])
  })

  it('skips a block marked as a fragment, and only that one', () => {
    const page = [FRAGMENT_MARKER, '', '```ts', 'partial(', '```', '```ts', 'whole()', '```'].join('\n')
    expect(extractSamples(page).map((sample) => sample.code)).toEqual(['whole()'])
  })

  it('reads blocks indented in a list and longer fences', () => {
    const page = ['- item', '', '  ````vue', '  <template />', '  ````'].join('\n')
    expect(extractSamples(page)).toEqual([{ fileName: 'sample-line-4.vue', language: 'vue', code: '<template />', line: 4 }])
  })

  it('refuses an unclosed block and two samples with one file name', () => {
    expect(() => extractSamples('```ts\nconst a = 1\n')).toThrow('Line 1: code block is never closed')
    expect(() => extractSamples('```ts\n// a.ts\n```\n```ts\n// a.ts\n```')).toThrow('a second sample named a.ts')
  })
})
