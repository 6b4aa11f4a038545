#!/usr/bin/env node
// Thin launcher so the bin link exists before `dist/` is built (pnpm links bins at install time).
import '../dist/cli/bin.js'
