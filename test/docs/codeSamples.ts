/** A fenced code block of a markdown page that is compiled as a file of its own. */
export interface CodeSample {
  /** File the sample is written to: the name in its first line (`// main.ts`, `<!-- App.vue -->`), else one from its line. */
  fileName: string
  language: 'ts' | 'vue'
  code: string
  /** 1-based line of the markdown file on which the code starts (after the fence). */
  line: number
}

/** Put on the line before a fence to leave a deliberate fragment out of the check. */
export const FRAGMENT_MARKER = '<!-- sample: fragment -->'

const LANGUAGES: Record<string, CodeSample['language']> = { ts: 'ts', typescript: 'ts', vue: 'vue' }
const NAMED_FILE = /^(?:\/\/|<!--)\s*([\w.-]+\.(?:ts|vue))\s*(?:-->)?\s*$/

/** The TypeScript and Vue samples of a page, in order; other languages and marked fragments are skipped. */
export function extractSamples(markdown: string): CodeSample[] {
  const lines = markdown.split('\n')
  const samples: CodeSample[] = []
  const names = new Set<string>()
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index] ?? '')
    if (!fence) continue
    const [, indent = '', marker = '', info = ''] = fence
    const start = index + 1
    let end = start
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(marker)) end++
    if (end === lines.length) throw new Error(`Line ${index + 1}: code block is never closed`)
    const language = LANGUAGES[info.toLowerCase()]
    const previous = lines
      .slice(0, index)
      .reverse()
      .find((line) => line.trim() !== '')
    if (language && previous?.trim() !== FRAGMENT_MARKER) {
      const code = lines
        .slice(start, end)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n')
      const named = NAMED_FILE.exec(code.split('\n', 1)[0] ?? '')?.[1]
      const fileName = named ?? `sample-line-${start + 1}.${language}`
      if (names.has(fileName)) throw new Error(`Line ${start + 1}: a second sample named ${fileName} on this page`)
      names.add(fileName)
      samples.push({ fileName, language, code, line: start + 1 })
    }
    index = end
  }
  return samples
}
