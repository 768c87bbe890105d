// Gives the built app a strict Content-Security-Policy of its own, as the lessons teach: a
// <meta http-equiv> as the first thing in <head>, since a static host may not let us set headers.
// Trunk's loader is an inline module script, so it is allowed by its SHA-256 hash, computed
// here after the build (Trunk's post_build hook): no 'unsafe-inline' anywhere.
//   node scripts/add-csp.mjs <staging dir>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';

const sha256Source = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy for a page whose inline scripts are `inline` (allowed by hash, nothing else). */
export const policyFor = (inline) => [
  "default-src 'none'",
  // The loader by hash; the app, sandbox bundles and workers from this origin; WebAssembly
  // compilation needs 'wasm-unsafe-eval' (not 'unsafe-eval': no eval of strings).
  ["script-src 'self'", ...inline.map(sha256Source), "'wasm-unsafe-eval'"].join(' '),
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // Lesson text, wasm and the worker scripts are fetched from this origin.
  "connect-src 'self'",
  // gloo-worker starts each engine worker from a small blob: script that loads ours; a blob
  // worker inherits this policy, so what it loads is still held to 'self'.
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  // The sandboxed preview is a document of this origin (static/preview.html); the learner's
  // payloads run there under no policy of ours, and cannot reach this page.
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Puts the policy first in `file`'s head; `expectInline` says whether it must have inline scripts. */
function protect(file, expectInline) {
  let html = readFileSync(file, 'utf8');
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
  if (expectInline && inline.length === 0) throw new Error(`${file}: expected Trunk's inline loader script`);
  if (!expectInline && inline.length > 0) throw new Error(`${file}: inline scripts are not allowed here`);
  const policy = policyFor(inline);
  if (html.includes('http-equiv="Content-Security-Policy"')) throw new Error(`${file} already has a CSP`);
  html = html.replace(/(<meta charset="utf-8"\s*\/?>)/, `$1\n  <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
  if (!html.includes(policy)) throw new Error(`${file}: no <meta charset> to put the policy after`);
  writeFileSync(file, html);
}

// The app (Trunk's inline loader, by hash) and each sandbox's page (its loader is a file).
protect(join(dir, 'index.html'), true);
protect(join(dir, 'sandbox.html'), false);
