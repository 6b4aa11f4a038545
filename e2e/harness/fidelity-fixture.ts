// The fixes of the bugs in e2e/fixtures/fidelity (shaped like unjs/ofetch and unjs/defu), as [from, to] for
// Project#edit, shared by the suites that save them.

// biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template literal in the fixture's source
export const FETCH_FIX = ['request failed: ${error.url}', 'request failed (${error.status}): ${error.url}'] as const
export const DEFU_FIX = [
  '      // Bug: arrays of defaults are dropped instead of kept after the given ones.\n',
  '      if (Array.isArray(value) && Array.isArray(out[key])) {\n' +
    '        out[key] = [...value, ...(out[key] as unknown[])]\n' +
    '        continue\n' +
    '      }\n',
] as const

/** The first line of the screen that starts with `start` (a patch line, to assert on it alone). */
export function lineOf(text: string, start: string): string {
  return text.split('\n').find((line) => line.startsWith(start)) ?? ''
}
